"""Browser tests: Playwright driving Debian's Chromium against the live test server.

Without Chromium on the machine they skip with a message saying how to enable them; under CI
(CI=true) a missing browser is a failure, since CI must run them.
"""

import os
import shutil

import pytest

from participation.models import Input, Moderation, Tool
from submissions.workflow import State
from tests.factories import make_call, make_case, make_theme

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
# Without these flags Chromium tries the network at start and is refused.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-quic",
    "--no-first-run",
    "--disable-component-update",
    "--disable-sync",
]
HOW_TO_ENABLE = "install it with `apt-get install chromium` (Debian) to run the browser tests"


def _missing_browser() -> str | None:
    if shutil.which(CHROMIUM) is None and not os.path.exists(CHROMIUM):
        return f"no Chromium at {CHROMIUM}: {HOW_TO_ENABLE}"
    try:
        import playwright  # noqa: F401
    except ImportError:
        return "Playwright is not installed: run `make test`, which installs it"
    return None


@pytest.fixture(scope="session")
def browser():
    problem = _missing_browser()
    if problem:
        if os.environ.get("CI") == "true":
            pytest.fail(f"CI must run the browser tests, but {problem}")
        pytest.skip(problem)
    from playwright.sync_api import sync_playwright

    # Playwright's sync API runs an event loop in this thread; the Django ORM calls made by
    # tests here are ordinary synchronous calls, so allow them.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser, live_server):
    context = browser.new_context(base_url=live_server.url, locale="nb-NO")
    page = context.new_page()
    page.set_default_timeout(10_000)
    yield page
    context.close()


@pytest.fixture(autouse=True)
def _e2e_settings(settings):
    # The live server serves static files itself (pytest-django's live_server uses
    # StaticLiveServerTestCase); keep rate limits out of the way of scripted journeys.
    settings.RATE_LIMITS = dict.fromkeys(settings.RATE_LIMITS, 1000)
    settings.RATE_LIMITS_PER_CASE = dict.fromkeys(settings.RATE_LIMITS_PER_CASE, 1000)


@pytest.fixture(autouse=True)
def _reference_data(live_server, reference_data):
    """Every browser test gets the reference data (see tests/conftest.py)."""


@pytest.fixture
def site():
    """A living site: an open call, a published case with a theme, a tool and an input."""
    import datetime as dt

    from django.utils import timezone

    now = timezone.now()
    call = make_call(
        pitch_deadline=now + dt.timedelta(days=10), writeup_deadline=now + dt.timedelta(days=16)
    )
    theme = make_theme(
        slug="arbeidsinkludering", name="Arbeidsinkludering", name_en="Work inclusion"
    )
    case = make_case(call, state=State.PUBLISHED, main_theme=theme, themes=[theme])
    tool = Tool.objects.create(
        title="Veileder",
        description="Om anskaffelser",
        link="https://example.no",
        status=Moderation.APPROVED,
    )
    tool.themes.set([theme])
    Input.objects.create(
        name="Per",
        email="per@example.no",
        text="Nyttig!",
        publish_consent=True,
        status=Moderation.APPROVED,
    )
    return {"call": call, "case": case, "theme": theme}
