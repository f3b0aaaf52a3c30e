# The two commands the README promises: `make run` and `make test`.
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test install lint format messages designsystemet screenshots clean

$(BIN)/python:
	@command -v $(PYTHON) >/dev/null 2>&1 || { echo "Need $(PYTHON) (Python 3.11 or newer). Set PYTHON=python3 to use another."; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

$(STAMP): $(BIN)/python pyproject.toml
	$(BIN)/pip install --quiet -e ".[dev]"
	touch $(STAMP)

install: $(STAMP)

run: $(STAMP)
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py seed_demo
	$(BIN)/python manage.py refresh_search
	$(BIN)/python manage.py runserver 127.0.0.1:8000

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
