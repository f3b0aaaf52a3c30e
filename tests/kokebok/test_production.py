"""DJANGO_ENV=production: settings are read once at start, so each case runs a new process."""

import json
import os
import subprocess
import sys

from django.conf import settings
from django.core.management import call_command

PRODUCTION_ENV = {
    "DJANGO_ENV": "production",
    "SECRET_KEY": "x7Gq2-production-test-key-Lw9tR4mZp8sVb3nKc6yHd1fJ0aQeUiOxW5",
    "ALLOWED_HOSTS": "kokebok.example.no",
}
LEFT_OUT = {
    *PRODUCTION_ENV,
    "DEBUG",
    "CACHE_URL",
    "TASKS_BACKEND",
    "SECURE_COOKIES",
    "EDITOR_MFA",
    "SECURE_SSL_REDIRECT",
    "SECURE_PROXY_SSL_HEADER",
    "PROXY_COUNT",
    "SECURE_HSTS_SECONDS",
    "SECURE_HSTS_INCLUDE_SUBDOMAINS",
    "SECURE_HSTS_PRELOAD",
    # Set by the browser tests for Playwright; a deployment check rightly refuses it.
    "DJANGO_ALLOW_ASYNC_UNSAFE",
}
SHOW_SETTINGS = (
    "import json, django; django.setup(); from django.conf import settings as s; "
    "print(json.dumps({'debug': s.DEBUG, 'tasks': s.TASKS['default']['BACKEND'], "
    "'cache': s.CACHES['default']['BACKEND'], 'static': s.STORAGES['staticfiles']['BACKEND'], "
    "'secure_cookies': s.SESSION_COOKIE_SECURE, 'ssl_redirect': s.SECURE_SSL_REDIRECT, "
    "'cookie_names': [s.SESSION_COOKIE_NAME, s.CSRF_COOKIE_NAME], 'editor_mfa': s.EDITOR_MFA}))"
)


def run(args, **env):
    # Start from this environment without the variables in LEFT_OUT: each case says what it sets.
    clean = {k: v for k, v in os.environ.items() if k not in LEFT_OUT}
    clean["DJANGO_SETTINGS_MODULE"] = "kokebok.settings"
    return subprocess.run(  # noqa: S603 - our own interpreter and fixed arguments
        [sys.executable, *args],
        cwd=settings.BASE_DIR,
        env={**clean, **env},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def shown_settings(**env) -> dict:
    result = run(["-c", SHOW_SETTINGS], **env)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_deploy_check_finds_nothing_in_production():
    result = run(["manage.py", "check", "--deploy", "--fail-level", "WARNING"], **PRODUCTION_ENV)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "System check identified no issues (0 silenced)."


def test_deploy_check_behind_a_tls_proxy_silences_only_the_redirect():
    result = run(
        ["manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        **PRODUCTION_ENV,
        SECURE_SSL_REDIRECT="false",
        SECURE_PROXY_SSL_HEADER="X-Forwarded-Proto",
        PROXY_COUNT="1",
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "System check identified no issues (1 silenced)."


def test_deploy_check_behind_a_proxy_wants_the_proxy_count():
    result = run(
        ["manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        **PRODUCTION_ENV,
        SECURE_SSL_REDIRECT="false",
        SECURE_PROXY_SSL_HEADER="X-Forwarded-Proto",
    )
    assert result.returncode == 1
    assert "(kokebok.W001)" in result.stderr


def test_production_refuses_to_start_without_a_secret_key():
    result = run(["manage.py", "check"], DJANGO_ENV="production", ALLOWED_HOSTS="x")
    assert result.returncode == 1
    assert "ImproperlyConfigured: DJANGO_ENV=production needs the SECRET_KEY" in result.stderr


def test_production_switches_debug_off_and_the_queue_and_static_files_on():
    assert shown_settings(**PRODUCTION_ENV, DEBUG="true") == {
        "debug": False,
        "tasks": "django_tasks_db.DatabaseBackend",
        "cache": "django.core.cache.backends.locmem.LocMemCache",
        "static": "whitenoise.storage.CompressedManifestStaticFilesStorage",
        "secure_cookies": True,
        "ssl_redirect": True,
        "cookie_names": ["__Host-sessionid", "__Host-csrftoken"],
        "editor_mfa": True,
    }


def test_demo_keeps_debug_on_and_runs_tasks_at_once():
    assert shown_settings() == {
        "debug": True,
        "tasks": "django_tasks.backends.immediate.ImmediateBackend",
        "cache": "django.core.cache.backends.locmem.LocMemCache",
        "static": "django.contrib.staticfiles.storage.StaticFilesStorage",
        "secure_cookies": False,
        "ssl_redirect": False,
        # A browser refuses `__Host-` cookies over the demo's plain http.
        "cookie_names": ["sessionid", "csrftoken"],
        # The demo's editor login is printed for anyone: no second factor.
        "editor_mfa": False,
    }


def test_cache_url_selects_the_shared_redis_cache():
    shown = shown_settings(**PRODUCTION_ENV, CACHE_URL="redis://127.0.0.1:6379/1")
    assert shown["cache"] == "django.core.cache.backends.redis.RedisCache"


def test_collectstatic_with_hashed_names_resolves_the_source_maps(settings, tmp_path):
    # Production's WhiteNoise storage is this one plus compression, which takes half a minute
    # (CI's production smoke test runs it).
    settings.STATIC_ROOT = tmp_path
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.ManifestStaticFilesStorage"},
    }
    call_command("collectstatic", interactive=False, verbosity=0)
    manifest = json.loads((tmp_path / "staticfiles.json").read_text())["paths"]
    script = (tmp_path / manifest["vendor/designsystemet/web/index.js"]).read_text()
    map_name = manifest["vendor/designsystemet/web/index.js.map"].rsplit("/", 1)[1]
    assert script.rstrip().endswith(f"//# sourceMappingURL={map_name}")
    assert "css/editorial.css" in manifest


def test_deploy_check_wants_strict_allowed_hosts():
    for hosts in ("*", ".example.no", "kokebok.example.no,testserver"):
        env = {**PRODUCTION_ENV, "ALLOWED_HOSTS": hosts}
        result = run(["manage.py", "check", "--deploy", "--fail-level", "WARNING"], **env)
        assert result.returncode == 1, hosts
        assert "(kokebok.W002)" in result.stderr, hosts
