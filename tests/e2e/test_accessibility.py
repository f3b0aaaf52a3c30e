"""axe-core on every kind of page, in Bokmål, Nynorsk and English, and visible keyboard focus.

axe runs the WCAG 2.0/2.1 A and AA rules and, by id, the best-practice rules for headings,
landmarks, the skip link and ARIA roles, which the WCAG tags leave out.
"""

import re

import pytest
from axe_playwright_python.sync_playwright import Axe
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from publisher.colour import rgb_contrast_with_white
from submissions import links
from submissions.models import Call
from submissions.workflow import State
from tests.e2e.test_forms import tab_to
from tests.e2e.test_journey import send_pitch
from tests.factories import EDITOR_PASSWORD, make_case

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
# Tagged "best-practice" in axe, so the WCAG tags alone would not run them.
BEST_PRACTICE_RULES = [
    "heading-order",
    "region",
    "landmark-one-main",
    "page-has-heading-one",
    "skip-link",
    "aria-allowed-role",
]
AXE_OPTIONS = {
    "runOnly": {"type": "tag", "values": WCAG_TAGS},
    "rules": {rule: {"enabled": True} for rule in BEST_PRACTICE_RULES},
}


def assert_accessible(page, path):
    page.goto(path)
    assert_shown_page_accessible(page)


def assert_shown_page_accessible(page):
    """axe on the page as it is now (also one that answered a POST)."""
    results = Axe().run(page, options=AXE_OPTIONS).response
    violations = [
        f"{v['id']} ({v['impact']}): {v['help']} at "
        + ", ".join(str(node["target"]) for node in v["nodes"][:5])
        for v in results["violations"]
    ]
    assert violations == [], f"{page.url}:\n" + "\n".join(violations)
    ran = {
        rule["id"]
        for group in ("passes", "violations", "incomplete", "inapplicable")
        for rule in results[group]
    }
    assert set(BEST_PRACTICE_RULES) <= ran, "axe ignored the best-practice rules"


@pytest.mark.parametrize("prefix", ["", "/nn", "/en"])
def test_public_pages_have_no_violations(page, site, prefix):
    case, theme = site["case"], site["theme"]
    for path in (
        "/",
        "/eksempler/",
        f"/eksempler/?theme={theme.slug}&county=03",
        "/eksempler/?q=kaf%C3%A9",
        "/eksempler/?q=arbeidsinkludring%20oslo",  # nothing found, choices offered
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


@pytest.mark.parametrize("prefix", ["", "/nn", "/en"])
def test_pitch_form_with_errors_and_the_thank_you_page_have_no_violations(page, site, prefix):
    assert_accessible(page, f"{prefix}/send-inn/")
    page.locator("main form button[type=submit]").click()
    page.wait_for_selector("#error-summary")
    # The page as the server answered the POST, errors shown: not the empty form loaded again.
    assert_shown_page_accessible(page)
    send_pitch(page, prefix=prefix)
    assert page.url.endswith(f"{prefix}/send-inn/takk/")
    assert_shown_page_accessible(page)


@pytest.mark.parametrize("prefix", ["", "/en"])
def test_submitter_pages_have_no_violations(page, site, prefix):
    case = make_case(
        site["call"],
        state=State.PITCH_RECEIVED,
        title="Min pitch",
        submitter_email="min@example.no",
    )
    page.goto(f"{prefix}/send-inn/lenke/{links.issue_token(case)}/")
    assert_shown_page_accessible(page)
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(f"**{prefix}/send-inn/bidrag/{case.public_id}/")
    for suffix in ("", "pitch/", "kontaktpersoner/", "tekst/", "bilde/", "se-over/"):
        assert_accessible(page, f"{prefix}/send-inn/bidrag/{case.public_id}/{suffix}")
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


# --- Visible focus ---

# What a focused element's focus ring looks like, as the browser draws it. Designsystemet draws
# a checkbox's or radio's ring around its whole field (box and label), not the box alone.
FOCUS_STYLE = """() => {
  const focused = document.activeElement;
  const choice = focused.matches("input[type=checkbox], input[type=radio]");
  const style = getComputedStyle(choice ? focused.closest(".ds-field") || focused : focused);
  return {
    outlineStyle: style.outlineStyle,
    outlineWidth: parseFloat(style.outlineWidth),
    outlineColor: style.outlineColor,
    boxShadow: style.boxShadow,
  };
}"""
COLOUR = re.compile(r"rgba?\(([\d.]+), ([\d.]+), ([\d.]+)(?:, ([\d.]+))?\)")
# A ring drawn as a box shadow: colour, then no offset or blur, then spread.
SHADOW = re.compile(r"(?P<colour>rgba?\([^)]*\)) 0px 0px 0px (?P<spread>[\d.]+)px")


def contrast_on_white(colour: str) -> float:
    """The contrast ratio (WCAG) of a CSS rgb()/rgba() colour drawn on the white page."""
    red, green, blue, alpha = COLOUR.match(colour).groups()
    alpha = 1.0 if alpha is None else float(alpha)
    # Blended onto white, then WCAG's formula as the cover colour's check has it.
    return rgb_contrast_with_white(
        [float(channel) * alpha + 255 * (1 - alpha) for channel in (red, green, blue)]
    )


def focus_ring_is_visible(style: dict) -> bool:
    """At least 2 px wide and 3:1 against the page (WCAG 2.2 SC 1.4.11 and 2.4.13's size)."""
    outline = (
        style["outlineStyle"] not in ("none", "hidden")
        and style["outlineWidth"] >= 2
        and contrast_on_white(style["outlineColor"]) >= 3
    )
    shadow = SHADOW.search(style["boxShadow"])
    ring = shadow and float(shadow["spread"]) >= 2 and contrast_on_white(shadow["colour"]) >= 3
    return outline or bool(ring)


@pytest.mark.parametrize(
    ("path", "targets"),
    [
        (
            "/en/innspill/",
            ["Skip to main content", "Examples", "id_name", "id_publish_consent", "Send input"],
        ),
        ("/en/eksempler/", ["id_theme", "Show examples"]),
    ],
)
def test_keyboard_focus_is_visible_on_links_buttons_and_fields(page, site, path, targets):
    page.goto(path)
    for target in targets:
        tab_to(page, target)
        style = page.evaluate(FOCUS_STYLE)
        assert focus_ring_is_visible(style), f"{target}: {style}"
