"""Contrast of every visible form control, link and button on the public pages, as drawn.

axe checks text contrast but not the boundary of a control (WCAG 1.4.11, non-text contrast): a
field whose border is #dee2e6 on white (1.3:1) passes axe. Here the browser reports each element's
colours and the colour behind it, and the test requires, for every visible control, link and
button, text at 4.5:1 (3:1 for large text, WCAG 1.4.3) and a boundary at 3:1 against what is
behind it (WCAG 1.4.11): a form field by its border or its own background, a button by its border
or background when it has one. Checked on every public page and on the forms empty, with errors
and filled in.
"""

import pytest

from tests.e2e.test_journey import send_pitch

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

# Runs in the page. Colours are read through a canvas, which turns any CSS colour syntax
# (rgb(), color(srgb ...), oklch() ...) into sRGB bytes; translucent colours are laid over what
# is behind them, up the tree, down to the white page.
MEASURE = """() => {
  const canvas = document.createElement("canvas");
  canvas.width = canvas.height = 1;
  const ctx = canvas.getContext("2d", { willReadFrequently: true });
  const rgba = (css) => {
    ctx.clearRect(0, 0, 1, 1);
    ctx.fillStyle = "#000";
    ctx.fillStyle = css;
    ctx.fillRect(0, 0, 1, 1);
    const [r, g, b, a] = ctx.getImageData(0, 0, 1, 1).data;
    return [r, g, b, a / 255];
  };
  const over = (top, below) => {
    const a = top[3];
    return [0, 1, 2].map((i) => top[i] * a + below[i] * (1 - a)).concat(1);
  };
  const luminance = ([r, g, b]) => {
    const lin = (c) => {
      c /= 255;
      return c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
    };
    return 0.2126 * lin(r) + 0.7152 * lin(g) + 0.0722 * lin(b);
  };
  const ratio = (x, y) => {
    const [a, b] = [luminance(x), luminance(y)].sort((p, q) => q - p);
    return Math.round(((a + 0.05) / (b + 0.05)) * 100) / 100;
  };
  // The solid colour behind `el` (not counting el's own background).
  const behind = (el) => {
    const layers = [];
    for (let node = el.parentElement; node; node = node.parentElement) {
      const colour = rgba(getComputedStyle(node).backgroundColor);
      if (colour[3] > 0) layers.push(colour);
      if (colour[3] === 1) break;
    }
    return layers.reverse().reduce((below, top) => over(top, below), [255, 255, 255, 1]);
  };
  const visible = (el) => {
    if (!el.checkVisibility({ checkOpacity: true, checkVisibilityCSS: true })) return false;
    const box = el.getBoundingClientRect();
    // Visually hidden (1 px clip) and moved off the page (the skip link until focused).
    return box.width > 2 && box.height > 2 && box.right > 0 && box.bottom > 0;
  };
  const describe = (el) => {
    const field = el.getAttribute("name");
    const name = (el.id && "#" + el.id) || (field && `[name=${field}]`) || "";
    const label = el.innerText || el.value || el.getAttribute("aria-label") || "";
    const text = label.trim().slice(0, 40);
    return `<${el.tagName.toLowerCase()}${name ? " " + name : ""}> "${text}"`;
  };
  const FIELDS = "input:not([type=hidden]):not([type=submit]):not([type=button]), select, textarea";
  const CONTROLS = `a[href], button, summary, input[type=submit], input[type=button], ${FIELDS}`;
  const problems = [];
  let checked = 0;
  for (const el of document.querySelectorAll(CONTROLS)) {
    if (!visible(el)) continue;
    checked += 1;
    const style = getComputedStyle(el);
    const back = behind(el);
    const own = rgba(style.backgroundColor);
    const surface = own[3] > 0 ? over(own, back) : back;
    const isChoice = el.matches("input[type=checkbox], input[type=radio]");
    const shown = (el.innerText || el.value || "").trim();
    const hasText = !isChoice && (el.matches(FIELDS) || shown !== "");
    if (hasText) {
      const size = parseFloat(style.fontSize);
      const large = size >= 24 || (size >= 18.66 && parseInt(style.fontWeight, 10) >= 700);
      const needed = large ? 3 : 4.5;
      const text = ratio(over(rgba(style.color), surface), surface);
      if (text < needed) problems.push(`${describe(el)}: text ${text}:1 (needs ${needed}:1)`);
    }
    const isField = el.matches(FIELDS);
    const isButton = el.matches("button, input[type=submit], input[type=button]");
    if (!isField && !isButton) continue;
    const widths = ["Top", "Right", "Bottom", "Left"].map((side) =>
      style[`border${side}Style`] === "none" ? 0 : parseFloat(style[`border${side}Width`]));
    const edge = over(rgba(style.borderTopColor), back);
    const border = Math.max(...widths) >= 1 ? ratio(edge, back) : 0;
    const fill = own[3] > 0 ? ratio(surface, back) : 0;
    const boundary = Math.max(border, fill);
    // A button with neither border nor background is identified by its text, like a link.
    const bare = isButton && border === 0 && own[3] === 0;
    if (!bare && boundary < 3) {
      problems.push(`${describe(el)}: boundary ${boundary}:1 against its background (needs 3:1)`);
    }
  }
  return { checked, problems };
}"""


def assert_contrast(page, label: str):
    result = page.evaluate(MEASURE)
    assert result["checked"] > 0, f"{label}: no controls found"
    assert result["problems"] == [], f"{label} ({page.url}):\n" + "\n".join(result["problems"])


def public_paths(site) -> list[str]:
    case, theme = site["case"], site["theme"]
    return [
        "/",
        "/eksempler/",
        f"/eksempler/?theme={theme.slug}&county=03",
        "/eksempler/?q=kaf%C3%A9",
        "/eksempler/?q=ingentingsomfinnes",
        f"/eksempler/{case.slug}/",
        "/tema/",
        f"/tema/{theme.slug}/",
        "/verktoy/",
        "/verktoy/foresla/",
        "/innspill/",
        f"/eksempler/{case.slug}/innspill/",
        "/send-inn/",
        "/send-inn/ny-lenke/",
        "/personvern/",
        "/tilgjengelighet/",
        "/finnes-ikke/",
    ]


@pytest.mark.parametrize("width", [390, 1280])
def test_every_public_page_has_contrast_enough(page, site, width):
    page.set_viewport_size({"width": width, "height": 900})
    for path in public_paths(site):
        page.goto(path)
        # On a phone the menu and the filters fold: open them, so their links count too.
        for folded in page.locator("details:not([open]) > summary").all():
            if folded.is_visible():
                folded.click()
        assert_contrast(page, f"{path} at {width} px")


@pytest.mark.parametrize(
    ("path", "submit"),
    [
        ("/send-inn/", "main form button[type=submit]"),
        ("/send-inn/ny-lenke/", "main form button[type=submit]"),
        ("/innspill/", "main form button[type=submit]"),
        ("/verktoy/foresla/", "main form button[type=submit]"),
    ],
)
def test_forms_have_contrast_enough_empty_and_with_errors(page, site, path, submit):
    page.goto(path)
    assert_contrast(page, f"{path} empty")
    page.locator(submit).first.click()
    page.wait_for_load_state()
    assert page.locator("ds-error-summary, .ds-error-summary, #error-summary").count() > 0
    assert_contrast(page, f"{path} with errors")


def test_the_pitch_form_has_contrast_enough_filled_in(page, site):
    page.goto("/send-inn/")
    page.fill("#id_title", "Sykkelverksted for nye i byen")
    page.fill("#id_summary", "Nyankomne reparerer sykler og lærer norsk på verkstedet.")
    page.fill("#id_submitter_name", "Sara Gründer")
    page.fill("#id_submitter_email", "sara@hjulspor.example")
    page.check("#id_submitter_side_1")
    page.check("#id_accept")
    assert_contrast(page, "/send-inn/ filled in")
    send_pitch(page)
    assert_contrast(page, "/send-inn/takk/")
