"""Kokebok settings, read once from the environment.

Everything has a zero-set-up default (SQLite, console e-mail, DEBUG on for the demo);
production overrides come from environment variables listed in docs/operations.md.
"""

import hashlib
import os
import tempfile
from datetime import timedelta
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str) -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


def env_int(name: str, default: int) -> int:
    return int(os.environ.get(name, default))


# --- Core ---
# DJANGO_ENV=production turns on everything a public server needs (see "Production" below and
# docs/operations.md); without it the site is the zero-set-up demo.
PRODUCTION = os.environ.get("DJANGO_ENV", "development").strip().lower() == "production"
DEBUG = False if PRODUCTION else env_bool("DEBUG", True)
SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if PRODUCTION:
        raise ImproperlyConfigured(
            "DJANGO_ENV=production needs the SECRET_KEY environment variable: a long random "
            "string, e.g. from `python -c 'import secrets; print(secrets.token_urlsafe(50))'`."
        )
    # The fallback key only serves the local demo.
    SECRET_KEY = "django-insecure-local-demo-key-not-for-production"  # noqa: S105
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost,testserver")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", "")
SITE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:8000").rstrip("/")

INSTALLED_APPS = [
    "editorial.apps.EditorialAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "django.forms",
    "crispy_forms",
    "simple_history",
    "taggit",
    "django_filters",
    "csp",
    "django_tasks",
    "django_tasks_db",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "axes",
    "common",
    "publisher",
    "kokebok",
    "submissions",
    "participation",
    "editorial.apps.EditorialConfig",
    "publishing",
    "recipes",
    "book",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "csp.middleware.CSPMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    # The admin has no language prefix: its pages in the editor's language, not always Bokmål.
    "editorial.middleware.EditorLanguageMiddleware",
    # A body too large is refused, in the page's language, before anything reads it.
    "kokebok.request_limits.RequestSizeMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # Turns a refused password step into the lockout page (editorial/lockout.py); inside the
    # editors' language middleware, so the page is in their language.
    "axes.middleware.AxesMiddleware",
    # Tells the search slots that other pages are being asked for (publishing/search_slots.py).
    "publishing.search_slots.OtherPagesMiddleware",
    # Last, so it is the first to see a view's exception: a database that cannot be reached
    # gives a plain 503 page in the page's language.
    "kokebok.unavailable.DatabaseUnavailableMiddleware",
]

ROOT_URLCONF = "kokebok.urls"
WSGI_APPLICATION = "kokebok.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "kokebok.context_processors.site",
                "publisher.context_processors.publisher",
            ],
        },
    },
]

# --- Database ---
# SQLite is tuned for a rush of concurrent writers: IMMEDIATE transactions take the write lock up
# front, so a read-then-write never fails with "database is locked" (with 2 gunicorn workers and
# DEFERRED transactions 26 % of read-then-write requests did; IMMEDIATE, a 20 s timeout and WAL
# gave 0 errors).
SQLITE_OPTIONS = {
    "transaction_mode": "IMMEDIATE",
    "timeout": 20,
    "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
}
DATABASE_URL = os.environ.get("DATABASE_URL", "")
if DATABASE_URL:
    DATABASES = {
        "default": dj_database_url.parse(DATABASE_URL, conn_max_age=60, conn_health_checks=True)
    }
else:
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": os.environ.get("SQLITE_PATH", str(BASE_DIR / "db.sqlite3")),
            "OPTIONS": SQLITE_OPTIONS,
            # Opening the file and running the PRAGMAs costs about 1 ms, more than serving a
            # cached page: keep connections for a minute, as on PostgreSQL.
            "CONN_MAX_AGE": 60,
        }
    }
if DATABASES["default"]["ENGINE"].endswith("sqlite3"):
    DATABASES["default"].setdefault("OPTIONS", SQLITE_OPTIONS)
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Passwords and sessions ---
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_SECURE = env_bool("SECURE_COOKIES", not DEBUG)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
# ASVS 5.0 V3.3.1: a `__Host-` cookie is taken by the browser only over https, from this host,
# for the whole site, so no subdomain or plain-http answer can plant a session or CSRF token.
_HOST_ONLY = "__Host-" if SESSION_COOKIE_SECURE else ""
SESSION_COOKIE_NAME = f"{_HOST_ONLY}sessionid"
CSRF_COOKIE_NAME = f"{_HOST_ONLY}csrftoken"
LOGIN_URL = "admin:login"
# ASVS 5.0 V6.3.3: editors can publish and read contact data, so in production a password is
# not enough: the admin and the previews also need a code from an authenticator app
# (editorial/second_factor.py). Off in the demo, whose editor login is printed for anyone.
EDITOR_MFA = env_bool("EDITOR_MFA", PRODUCTION)
OTP_TOTP_ISSUER = "Kokebok"
# Each wrong code doubles the wait before the next is checked (1 s, 2 s, 4 s, ...), per device;
# django-otp's default, written out since the second factor's strength rests on it.
OTP_TOTP_THROTTLE_FACTOR = 1
OTP_STATIC_THROTTLE_FACTOR = 1
OTP_ADMIN_HIDE_SENSITIVE_DATA = True  # no secret keys or QR codes in the device admin

# ASVS 5.0 V6.3.1: the password step is throttled with django-axes (editorial/lockout.py): after
# SIGN_IN_FAILURE_LIMIT wrong passwords for one username, or SIGN_IN_CLIENT_FAILURE_LIMIT from
# one client (any usernames), every password is refused for SIGN_IN_COOLOFF_MINUTES after the
# last failure. `manage.py axes_reset_username <name>` lifts a lockout at once.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_FAILURE_LIMIT = env_int("SIGN_IN_FAILURE_LIMIT", 5)
SIGN_IN_CLIENT_FAILURE_LIMIT = env_int("SIGN_IN_CLIENT_FAILURE_LIMIT", 20)
AXES_COOLOFF_TIME = timedelta(minutes=env_int("SIGN_IN_COOLOFF_MINUTES", 15))
# Tries during a lockout do not count, so it ends when it said it would.
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
AXES_HANDLER = "editorial.lockout.TwoLimitsHandler"
AXES_CLIENT_IP_CALLABLE = "editorial.lockout.client_ip"
AXES_LOCKOUT_CALLABLE = "editorial.lockout.lockout_response"
# Failures are kept for the cool-off only; successful sign-ins are not stored. Axes' log lines
# mask the user name and address (as our rate-limit log lines name no client).
AXES_DISABLE_ACCESS_LOG = True
AXES_SENSITIVE_PARAMETERS = ["username", "ip_address", "csrfmiddlewaretoken"]
# ASVS 5.0 V6.4.1: a password someone else set (create_editor, an administrator) must be
# replaced at the first sign-in and stops working after this many days (editorial/account_setup.py).
SIGN_IN_TEMPORARY_PASSWORD_DAYS = env_int("SIGN_IN_TEMPORARY_PASSWORD_DAYS", 7)

# --- Languages and time ---
LANGUAGE_CODE = "nb"
LANGUAGES = [
    ("nb", _("Norwegian Bokmål")),
    ("nn", _("Norwegian Nynorsk")),
    ("en", _("English")),
]
# Ours first; then what the nb and nn catalogues of Django's own admin lack (kept apart, since
# `make messages` rebuilds locale/*/django.po from our code alone).
LOCALE_PATHS = [BASE_DIR / "locale", BASE_DIR / "locale" / "django-admin"]
TIME_ZONE = "Europe/Oslo"
USE_I18N = True
USE_TZ = True

# --- Static and uploaded files ---
STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", BASE_DIR / "staticfiles"))
MEDIA_URL = "media/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "media"))
# In production WhiteNoise serves the collected files (`collectstatic`) under names that carry a
# hash of their content, compressed, with far-future cache headers. A name missing from the
# manifest falls back to the plain name instead of failing the whole page.
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if PRODUCTION
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
WHITENOISE_MANIFEST_STRICT = False

# --- The PDF book ---
# Rendered in parts (front matter, each chapter, recipes, toolbox, input, index) and joined, so
# that the 500-case book stays under 1 GiB (book/parts.py); off renders it in one go.
BOOK_IN_PARTS = env_bool("BOOK_IN_PARTS", True)

# --- Cache ---
# Each process keeps its own copy of the public pages; they are keyed by a publication counter
# in the database, so a publication reaches every process without a shared cache server.
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "OPTIONS": {"MAX_ENTRIES": 2000},
    }
}
# CACHE_URL=redis://host:6379/1 shares one cache between all processes instead.
CACHE_URL = os.environ.get("CACHE_URL", "")
if CACHE_URL.startswith(("redis://", "rediss://", "unix://")):
    CACHES["default"] = {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": CACHE_URL,
        "KEY_PREFIX": "kokebok",
        # A cache server that hangs must not hang the pages (or the health check) with it.
        "OPTIONS": {"socket_connect_timeout": 2, "socket_timeout": 2},
    }

# Uncached searches rendered at once on this machine (publishing/search_slots.py): one fewer than
# gunicorn's workers, so a cached page always finds a worker free; the others get a "busy" page
# after waiting SEARCH_SLOT_WAIT seconds (none by default: a sync worker that waits is as busy as
# one that renders, bench/README.md). The slot files' directory must be shared by the workers.
# While no other page was served for SEARCH_SHARE_WINDOW seconds, a search may take any of
# SEARCH_WORKERS slots (all the workers): nobody else is waiting for the one kept free.
SEARCH_SLOTS = env_int("SEARCH_SLOTS", max(1, env_int("WEB_CONCURRENCY", 2) - 1))
SEARCH_WORKERS = env_int("SEARCH_WORKERS", max(1, env_int("WEB_CONCURRENCY", 2)))
SEARCH_SHARE_WINDOW = float(os.environ.get("SEARCH_SHARE_WINDOW", "1"))
SEARCH_SLOT_WAIT = float(os.environ.get("SEARCH_SLOT_WAIT", "0"))
# While others read, the share of time searches may keep a slot (1: no pauses); bench/README.md.
SEARCH_DUTY = float(os.environ.get("SEARCH_DUTY", "0.15"))
SEARCH_SLOT_DIR = Path(
    os.environ.get(
        "SEARCH_SLOT_DIR",
        # One directory per installation (hash() differs per process, so a stable digest).
        Path(tempfile.gettempdir())
        / f"kokebok-search-slots-{hashlib.sha256(str(BASE_DIR).encode()).hexdigest()[:12]}",
    )
)

# --- Security (production) ---
# Behind a proxy that terminates TLS and redirects to HTTPS itself, set SECURE_SSL_REDIRECT=false
# and SECURE_PROXY_SSL_HEADER=X-Forwarded-Proto (the header the proxy sets to "https").
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", PRODUCTION)
PROXY_SSL_HEADER = os.environ.get("SECURE_PROXY_SSL_HEADER", "").strip()
if PROXY_SSL_HEADER:
    SECURE_PROXY_SSL_HEADER = ("HTTP_" + PROXY_SSL_HEADER.upper().replace("-", "_"), "https")
# How many proxies of our own stand in front of gunicorn, each appending to X-Forwarded-For
# (1 for one nginx). The rate limits count visitors by the address the nearest of them saw
# (common.abuse.client_address); with 0 behind a proxy everyone would share one limit, which
# `check --deploy` warns about.
PROXY_COUNT = env_int("PROXY_COUNT", 0)
# The health check answers on plain HTTP too, for a load balancer inside the network.
SECURE_REDIRECT_EXEMPT = [r"^helse/$"]
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 365 * 24 * 3600 if PRODUCTION else 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", PRODUCTION)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", PRODUCTION)
SILENCED_SYSTEM_CHECKS = []
if PRODUCTION and not SECURE_SSL_REDIRECT:
    # W008 asks for SECURE_SSL_REDIRECT; turning it off is only for a proxy that redirects.
    SILENCED_SYSTEM_CHECKS.append("security.W008")

# --- Content Security Policy ---
# Only our own scripts, styles and images: no inline script or style attribute anywhere.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "frame-ancestors": [NONE],
        "form-action": [SELF],
        "base-uri": [NONE],  # ASVS 5.0 V3.4.3: no page uses <base>
        "object-src": [NONE],
    }
}

# --- Background tasks ---
# E-mails and book builds are tasks. In production they wait in the database for
# `manage.py db_worker`; in the demo and the tests they run at once, in the web process.
# Book builds (a minute of CPU and up to 1 GiB for a big book) have their own queue, so that
# no e-mail with a secret link waits behind one: docs/operations.md runs one worker per queue.
TASKS_BACKEND = os.environ.get("TASKS_BACKEND", "database" if PRODUCTION else "immediate")
TASK_QUEUES = ["default", "book"]
TASKS = {
    "default": {
        "BACKEND": {
            "database": "django_tasks_db.DatabaseBackend",
            "immediate": "django_tasks.backends.immediate.ImmediateBackend",
        }[TASKS_BACKEND],
        "QUEUES": TASK_QUEUES,
    }
}

# --- E-mail ---
EMAIL_HOST = os.environ.get("EMAIL_HOST", "")
EMAIL_BACKEND = os.environ.get(
    "EMAIL_BACKEND",
    "django.core.mail.backends.smtp.EmailBackend"
    if EMAIL_HOST
    else "django.core.mail.backends.console.EmailBackend",
)
EMAIL_PORT = env_int("EMAIL_PORT", 587)
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", True)
EMAIL_TIMEOUT = env_int("EMAIL_TIMEOUT", 20)
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "Kokebok <kokebok@example.no>")
# For EMAIL_BACKEND=django.core.mail.backends.filebased.EmailBackend (CI's smoke test).
if os.environ.get("EMAIL_FILE_PATH"):
    EMAIL_FILE_PATH = os.environ["EMAIL_FILE_PATH"]

# --- Forms ---
# Widgets render with the project's templates too (the municipality picker has its own).
FORM_RENDERER = "django.forms.renderers.TemplatesSetting"
# Our own template pack for Designsystemet, in templates/designsystemet/.
CRISPY_ALLOWED_TEMPLATE_PACKS = ("designsystemet",)
CRISPY_TEMPLATE_PACK = "designsystemet"

# --- Submissions ---
# The hourly limits on every action that sends e-mail or stores a file, and on the public forms,
# in one table: scope: (per client, per case). A client is a keyed hash of its address (an IPv6
# /64); a case is the submission, the contact person or the e-mail address the action is about;
# None: the scope is counted per client only. Each number can be set in the environment
# (RATE_LIMIT_<SCOPE>, RATE_LIMIT_<SCOPE>_PER_CASE). Counted in the database, so they hold across
# processes without a cache server. The messages shown when one is hit: common/limits.py.
_LIMITS = {
    # Any post to a public form, counted before validating (the work of checking it).
    "form_post": (300, None),
    # A task page's autosave: after a pause in typing, so at most every few seconds.
    "autosave": (1800, 1200),
    "pitch": (20, 5),  # per case: per sender address
    "new_link": (10, 3),  # per case: per address asked for
    "consent": (30, 20),  # per case: per contact person
    "edit": (120, 60),
    "invitation": (20, 10),
    "upload": (30, 20),
    "sign_out_everywhere": (5, 3),
    "input": (10, 20),  # per case: input on one published case
    "tool": (10, None),
    # PDFs of single cases built (not served from storage) per client; the lock in
    # book/case_pdf.py bounds them per machine.
    "case_pdf": (30, None),
    # Every e-mail a public post sends to an address someone typed (pitch, new link, invitation,
    # receipt), whatever the path: per client, and per case: per recipient address.
    "mail": (30, 6),
    "send_text": (10, 5),
}
RATE_LIMITS = {
    scope: env_int(f"RATE_LIMIT_{scope.upper()}", client)
    for scope, (client, _case) in _LIMITS.items()
}
RATE_LIMITS_PER_CASE = {
    scope: None if case is None else env_int(f"RATE_LIMIT_{scope.upper()}_PER_CASE", case)
    for scope, (_client, case) in _LIMITS.items()
}
# `send_deadline_reminders` reminds this many days before the write-up deadline by default.
REMINDER_DAYS_BEFORE = env_int("REMINDER_DAYS_BEFORE", 3)
# Upload caps, in bytes.
PHOTO_MAX_BYTES = env_int("PHOTO_MAX_BYTES", 8 * 1024 * 1024)
ATTACHMENT_MAX_BYTES = env_int("ATTACHMENT_MAX_BYTES", 10 * 1024 * 1024)

# --- Request size (kokebok/request_limits.py answers 413 with a page) ---
# A form's text: the largest legitimate body is the write-up or the editors' case form, six
# answers of 20,000 characters, 150 kB in Norwegian and 1.4 MB even if every character took 12
# bytes (a URL-encoded emoji): Django's 2.5 MiB, kept on purpose.
DATA_UPLOAD_MAX_MEMORY_SIZE = env_int("DATA_UPLOAD_MAX_MEMORY_SIZE", 2_621_440)
# Fields: the editors' case form sends the most, every municipality chosen (357) and its parts.
DATA_UPLOAD_MAX_NUMBER_FIELDS = env_int("DATA_UPLOAD_MAX_NUMBER_FIELDS", 1000)
# Files: a page sends at most two (the photo and the attachment).
DATA_UPLOAD_MAX_NUMBER_FILES = env_int("DATA_UPLOAD_MAX_NUMBER_FILES", 10)
# A whole request: both files at their caps and the text. Refused unread above it.
REQUEST_MAX_BYTES = env_int(
    "REQUEST_MAX_BYTES", PHOTO_MAX_BYTES + ATTACHMENT_MAX_BYTES + DATA_UPLOAD_MAX_MEMORY_SIZE
)


# --- Logging ---
# LOG_FORMAT=json writes one JSON object per line, with the key=value pairs of our
# kokebok.* lines as fields; the default is plain text.
LOG_FORMAT = os.environ.get("LOG_FORMAT", "plain")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"},
        "json": {"()": "kokebok.logs.JsonFormatter"},
    },
    "filters": {"hide_secret_links": {"()": "kokebok.logs.HideSecretLinks"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": LOG_FORMAT}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {
        "django.db.backends": {"level": "WARNING"},
        # These name the path of a request, which for a secret link holds its token.
        "django.request": {"filters": ["hide_secret_links"]},
        "django.security.csrf": {"filters": ["hide_secret_links"]},
        # One line per page of the PDF book; build_cookbook shows it on a terminal.
        "weasyprint.progress": {"level": "WARNING"},
    },
}
