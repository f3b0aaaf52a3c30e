# The two commands the README promises: `make run` and `make test`.
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

# `make run PORT=8001` serves on another port; the links in the e-mails and the book follow it
# (SITE_URL), unless SITE_URL is set already.
PORT ?= 8000
SITE_URL ?= http://127.0.0.1:$(PORT)
MANAGE := SITE_URL='$(SITE_URL)' $(BIN)/python manage.py

# What WeasyPrint needs from the system to print the book (Pango, and HarfBuzz's subsetter for
# the embedded fonts), as ldconfig names them; .ci/run installs the same.
BOOK_LIBRARIES := libpangoft2-1.0.so.0 libharfbuzz-subset.so.0

.PHONY: run test install lint format messages designsystemet screenshots clean book-libraries

$(BIN)/python:
	@command -v $(PYTHON) >/dev/null 2>&1 || { echo "Need $(PYTHON) (Python 3.11 or newer). Set PYTHON=python3 to use another."; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

$(STAMP): $(BIN)/python pyproject.toml
	$(BIN)/pip install --quiet -e ".[dev]"
	touch $(STAMP)

install: $(STAMP)

run: book-libraries $(STAMP)
	$(MANAGE) migrate --noinput
	$(MANAGE) seed_demo
	$(MANAGE) refresh_search
	$(MANAGE) runserver 127.0.0.1:$(PORT)

# Says what to install instead of a traceback from WeasyPrint later. Where there is no ldconfig
# (macOS), it cannot look, and says so.
book-libraries:
	@ldconfig="$$(command -v ldconfig || command -v /sbin/ldconfig || true)"; \
	if [ -z "$$ldconfig" ]; then \
		echo "Cannot check for Pango and HarfBuzz here (no ldconfig). The PDF book needs them: on macOS, brew install pango."; \
		exit 0; \
	fi; \
	found="$$("$$ldconfig" -p 2>/dev/null)"; missing=""; \
	for library in $(BOOK_LIBRARIES); do \
		case "$$found" in *"$$library"*) ;; *) missing="$$missing $$library";; esac; \
	done; \
	if [ -n "$$missing" ]; then \
		echo "The PDF book needs Pango and HarfBuzz's subsetter from the system; missing:$$missing" >&2; \
		echo "  Debian, Ubuntu: sudo apt-get install libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0" >&2; \
		echo "  Fedora:         sudo dnf install pango harfbuzz" >&2; \
		echo "  macOS:          brew install pango" >&2; \
		echo "Then run make run again." >&2; \
		exit 1; \
	fi

test: $(STAMP)
	$(BIN)/python -m pytest $(PYTEST_ARGS)

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: $(STAMP)
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

# Extract and compile translations (needs GNU gettext).
messages: $(STAMP)
	$(BIN)/python manage.py makemessages -l nb -l nn -l en --ignore=.venv --no-obsolete
	$(BIN)/python manage.py makemessages -d djangojs -l nb -l nn -l en --ignore=.venv --ignore=static/vendor --no-obsolete
	$(BIN)/python manage.py compilemessages --ignore=.venv

# Vendor Designsystemet's CSS, theme and web components at the versions pinned in package.json
# and package-lock.json into static/vendor/designsystemet/ (needs npm; see the README).
designsystemet:
	scripts/update-designsystemet

# Every public page at 390 and 1280 pixels wide, from the demo data, into screenshots/.
screenshots: $(STAMP)
	$(BIN)/python scripts/screenshots.py

clean:
	rm -rf $(VENV)
