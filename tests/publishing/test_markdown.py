"""Submitters' Markdown becomes a small set of safe HTML elements and nothing else."""

from html.parser import HTMLParser
from urllib.parse import urlsplit

from django.utils.safestring import SafeString

from publishing.markdown import ALLOWED_TAGS, MAX_INPUT_CHARS, MAX_NESTING, render_markdown
from tests.hostile import BLNS


class ElementCollector(HTMLParser):
    """The elements a browser would build from the HTML, with their attributes."""

    def __init__(self, html: str):
        super().__init__()
        self.elements = []
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        self.elements.append((tag, dict(attrs)))


def test_formatting_becomes_paragraphs_lists_links_and_emphasis():
    text = "Hei *du* og **dere**\nny linje\n\n- en\n- to\n\n1. først\n\n[KMD](https://www.regjeringen.no/)"
    assert render_markdown(text) == (
        "<p>Hei <em>du</em> og <strong>dere</strong><br>\nny linje</p>\n"
        "<ul>\n<li>en</li>\n<li>to</li>\n</ul>\n"
        "<ol>\n<li>først</li>\n</ol>\n"
        '<p><a href="https://www.regjeringen.no/" rel="nofollow ugc noopener">KMD</a></p>\n'
    )


def test_result_is_marked_safe_for_templates():
    assert isinstance(render_markdown("tekst"), SafeString)


def test_script_tags_are_shown_as_text():
    assert render_markdown("<script>alert(1)</script>") == (
        "<p>&lt;script&gt;alert(1)&lt;/script&gt;</p>\n"
    )


def test_raw_html_with_event_handlers_is_shown_as_text():
    html = render_markdown('<b onclick="steal()">fet</b> <iframe src="https://x.example">')
    assert ElementCollector(html).elements == [("p", {})]
    assert html.startswith("<p>&lt;b onclick=")


def test_javascript_and_data_links_lose_their_target():
    for url in ("javascript:alert(1)", "JaVaScRiPt:alert(1)", "data:text/html;base64,PHNjcmlwdD4="):
        html = render_markdown(f"[klikk]({url})")
        assert all("href" not in attributes for _tag, attributes in ElementCollector(html).elements)


def test_relative_and_protocol_relative_links_lose_their_target():
    assert render_markdown("[admin](/admin/)") == (
        '<p><a rel="nofollow ugc noopener">admin</a></p>\n'
    )
    assert 'href="' not in render_markdown("[x](//evil.example/)")


def test_mailto_links_are_kept():
    assert render_markdown("<kari@example.no>") == (
        '<p><a href="mailto:kari@example.no" rel="nofollow ugc noopener">kari@example.no</a></p>\n'
    )


def test_images_are_never_embedded():
    html = render_markdown('![bilde](https://x.example/a.png) <img src="https://x.example/b.png">')
    assert "img" not in [tag for tag, _attributes in ElementCollector(html).elements]


def test_headings_rules_and_code_blocks_stay_plain_text():
    assert render_markdown("# Overskrift\n\n---\n\n    kode") == (
        "<p># Overskrift</p>\n<p>---</p>\n<p>kode</p>\n"
    )


def test_link_titles_and_other_attributes_are_dropped():
    assert render_markdown('[x](https://x.example "tittel")') == (
        '<p><a href="https://x.example" rel="nofollow ugc noopener">x</a></p>\n'
    )


def test_deep_nesting_is_capped():
    html = render_markdown("> " * 500 + "dypt")
    assert html.count("<blockquote>") == MAX_NESTING
    lists = render_markdown("".join("  " * depth + "- punkt\n" for depth in range(200)))
    assert lists.count("<ul>") <= MAX_NESTING


def test_very_long_input_is_cut():
    html = render_markdown("a" * (MAX_INPUT_CHARS + 1000))
    assert html == "<p>" + "a" * MAX_INPUT_CHARS + "</p>\n"


def test_empty_text_renders_nothing():
    assert render_markdown("") == ""
    assert render_markdown(None) == ""


def test_no_hostile_string_produces_an_element_attribute_or_link_outside_the_allowlist():
    for text in BLNS:
        for tag, attributes in ElementCollector(render_markdown(text)).elements:
            assert tag in ALLOWED_TAGS, text
            assert set(attributes) <= {"href", "rel", "start"}, text
            if "href" in attributes:
                assert urlsplit(attributes["href"]).scheme in {"http", "https", "mailto"}, text
