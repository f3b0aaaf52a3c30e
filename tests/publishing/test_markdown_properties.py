"""Property-based tests of the Markdown sanitiser: whatever is typed, only the allowlist
comes out."""

from html.parser import HTMLParser
from urllib.parse import urlsplit

from hypothesis import given, settings
from hypothesis import strategies as st

from publishing.markdown import ALLOWED_TAGS, MAX_NESTING, render_markdown

# Pieces that push the parser and the sanitiser towards their edges; hypothesis combines them
# with arbitrary text.
FRAGMENTS = [
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    '<a href="javascript:alert(1)">x</a>',
    "[klikk](javascript:alert(1))",
    "[klikk](JaVaScRiPt:alert(1))",
    "[klikk](java\tscript:alert(1))",
    "[klikk](&#106;avascript:alert(1))",
    "[data](data:text/html;base64,PHNjcmlwdD4=)",
    "[fil](file:///etc/passwd)",
    "[lokal](http://127.0.0.1/)",
    "[ok](https://example.no)",
    "[post](mailto:a@example.no)",
    "![bilde](http://127.0.0.1/x.png)",
    '<div style="background:url(http://127.0.0.1/)">',
    "<style>@import url(http://127.0.0.1/);</style>",
    "<svg onload=alert(1)>",
    "<iframe src=//example.com>",
    "<!-- kommentar -->",
    "</p>",
    "> ",
    "- ",
    "1. ",
    "   ",
    "*",
    "**",
    "_",
    "`",
    "\n",
    "\n\n",
    "|a|b|\n|-|-|\n",
    "# ",
    "```\n",
    "&lt;",
    "&",
    "<",
    ">",
    '"',
    "'",
    "\u202e",
    "\x00",
]

texts = st.one_of(
    st.text(),
    st.lists(st.one_of(st.sampled_from(FRAGMENTS), st.text(max_size=8)), max_size=40).map("".join),
)


class Tree(HTMLParser):
    """The elements a browser would build from the HTML, with attributes and greatest depth."""

    VOID = {"br"}

    def __init__(self, html: str):
        super().__init__(convert_charrefs=True)
        self.elements = []
        self.depth = 0
        self.max_depth = 0
        self.text = []
        self.feed(html)
        self.close()

    def handle_starttag(self, tag, attrs):
        self.elements.append((tag, dict(attrs)))
        if tag not in self.VOID:
            self.depth += 1
            self.max_depth = max(self.max_depth, self.depth)

    def handle_data(self, data):
        self.text.append(data)

    def handle_endtag(self, tag):
        if tag not in self.VOID:
            self.depth -= 1


@settings(max_examples=300, deadline=None)
@given(texts)
def test_any_text_renders_only_allowlisted_elements_attributes_and_links(text):
    for tag, attributes in Tree(render_markdown(text)).elements:
        assert tag in ALLOWED_TAGS
        assert set(attributes) <= {"href", "rel", "start"}
        if tag == "a" and "href" in attributes:
            assert urlsplit(attributes["href"]).scheme in {"http", "https", "mailto"}
            assert attributes["rel"] == "nofollow ugc noopener"
        else:
            assert "href" not in attributes


@settings(max_examples=200, deadline=None)
@given(texts)
def test_any_text_renders_balanced_and_bounded_in_depth(text):
    tree = Tree(render_markdown(text))
    assert tree.depth == 0  # every element that opens also closes
    # Blockquotes and lists each nest at most MAX_NESTING deep, with a paragraph and inline
    # elements inside.
    assert tree.max_depth <= 2 * MAX_NESTING + 4


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.characters(categories=["L", "N", "Zs"]), min_size=1))
def test_plain_words_come_out_as_the_same_words_in_at_most_one_paragraph(text):
    rendered = Tree(render_markdown(text))
    assert [tag for tag, _attributes in rendered.elements] in ([], ["p"])
    assert "".join(rendered.text).split() == text.split()
