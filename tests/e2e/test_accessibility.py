"""axe-core (WCAG 2.0/2.1 A and AA rules) on every kind of page, in Bokmål and English."""

import pytest
from axe_playwright_python.sync_playwright import Axe
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from participation.models import Input, Moderation, Tool
from submissions import links
from submissions.models import Call
from submissions.workflow import State
from tests.factories import EDITOR_PASSWORD, make_call
from tests.publishing.factories import make_case, make_theme

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


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


def assert_accessible(page, path):
    page.goto(path)
    assert_shown_page_accessible(page)


def assert_shown_page_accessible(page):
    """axe on the page as it is now (also one that answered a POST)."""
    results = Axe().run(page, options={"runOnly": {"type": "tag", "values": WCAG_TAGS}})
    violations = [
        f"{v['id']} ({v['impact']}): {v['help']} at "
        + ", ".join(str(node["target"]) for node in v["nodes"][:5])
        for v in results.response["violations"]
    ]
    assert violations == [], f"{page.url}:\n" + "\n".join(violations)


@pytest.mark.parametrize("prefix", ["", "/en"])
def test_public_pages_have_no_wcag_violations(page, site, prefix):
    case, theme = site["case"], site["theme"]
    for path in (
        "/",
        "/eksempler/",
        f"/eksempler/?theme={theme.slug}&county=03",
        "/eksempler/?q=kaf%C3%A9",
        f"/eksempler/{case.slug}/",
        f"/tema/{theme.slug}/",
        "/verktoy/",
        "/verktoy/foresla/",
        "/innspill/",
        f"/eksempler/{case.slug}/innspill/",
        "/send-inn/",
        "/send-inn/ny-lenke/",
        "/personvern/",
        "/tilgjengelighet/",
    ):
        assert_accessible(page, prefix + path)


def test_pitch_form_with_errors_and_after_sending_has_no_violations(page, site):
    assert_accessible(page, "/send-inn/")
    page.get_by_role("button", name="Send pitch").click()
    page.wait_for_selector("#error-summary")
    assert_accessible(page, page.url.replace(page.url.split("/send-inn")[0], ""))


def test_submitter_pages_have_no_violations(page, site):
    case = make_case(
        site["call"],
        state=State.PITCH_RECEIVED,
        title="Min pitch",
        submitter_email="min@example.no",
    )
    page.goto(f"/send-inn/lenke/{links.issue_token(case)}/")
    assert_accessible(page, page.url)
    page.get_by_role("button").filter(has_text="Fortsett").click()
    for suffix in ("", "tekst/", "pitch/"):
        assert_accessible(page, f"/send-inn/bidrag/{case.public_id}/{suffix}")
    assert Call.objects.count() == 1


def test_editors_second_factor_pages_have_no_violations(page, site, editor, settings):
    """Set-up of the authenticator app in a real browser: the QR code shows under the CSP, the
    pages pass axe, and the code from the app opens the admin."""
    settings.EDITOR_MFA = True
    page.goto("/admin/login/")
    page.fill("#id_username", editor.username)
    page.fill("#id_password", EDITOR_PASSWORD)
    page.keyboard.press("Enter")
    page.wait_for_url("**/admin/to-trinn/**")
    qr_width = page.locator("img[src^='data:image/svg+xml']").evaluate("img => img.naturalWidth")
    assert qr_width > 0
    assert_shown_page_accessible(page)

    device = TOTPDevice.objects.get(user=editor)
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    page.get_by_label("Kode").fill(f"{totp.token():06d}")
    page.keyboard.press("Enter")
    page.wait_for_selector(".kb-backup-codes")
    assert page.locator(".kb-backup-codes li").count() == 10
    assert_shown_page_accessible(page)
    page.get_by_role("link", name="Jeg har tatt vare på kodene: gå videre").click()
    page.wait_for_url("**/admin/")
    assert page.get_by_role("heading", name="Redaksjonelt arbeid").is_visible()
