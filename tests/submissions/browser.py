"""What a browser would post back for a page's form, read from the page's HTML."""

from html.parser import HTMLParser

# Inputs a browser never sends by themselves: buttons say which one was pressed, files are chosen.
NOT_SENT = {"submit", "button", "reset", "image", "file"}


class _PostForm(HTMLParser):
    """Collects the successful controls of the page's one `method="post"` form."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.data: dict[str, list[str]] = {}
        self._in_form = False
        self._textarea: str | None = None
        self._text: list[str] = []
        self._select: str | None = None
        self._options: list[tuple[str, bool]] = []
        self._multiple = False

    def _add(self, name, value):
        self.data.setdefault(name, []).append(value)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form" and (attrs.get("method") or "").lower() == "post":
            self._in_form = True
        if not self._in_form:
            return
        name = attrs.get("name")
        if tag == "input" and name:
            kind = (attrs.get("type") or "text").lower()
            if kind in NOT_SENT or (kind in ("checkbox", "radio") and "checked" not in attrs):
                return
            self._add(name, attrs.get("value") or ("on" if kind in ("checkbox", "radio") else ""))
        elif tag == "textarea":
            self._textarea, self._text = name, []
        elif tag == "select":
            self._select, self._options = name, []
            self._multiple = "multiple" in attrs
        elif tag == "option" and self._select:
            self._options.append((attrs.get("value", ""), "selected" in attrs))

    def handle_data(self, data):
        if self._textarea is not None:
            self._text.append(data)

    def handle_endtag(self, tag):
        if tag == "form":
            self._in_form = False
        elif tag == "textarea" and self._textarea is not None:
            # Browsers drop the one line break that follows <textarea>.
            text = "".join(self._text)
            self._add(self._textarea, text.removeprefix("\r\n").removeprefix("\n"))
            self._textarea = None
        elif tag == "select" and self._select:
            chosen = [value for value, selected in self._options if selected]
            if not chosen and not self._multiple:
                # With nothing selected, a browser sends a single select's first option.
                chosen = [value for value, _selected in self._options[:1]]
            for value in chosen:
                self._add(self._select, value)
            self._select = None


def form_as_shown(html: str) -> dict[str, list[str]]:
    """The POST data of the page's form left as it is shown, one list of values per name."""
    parser = _PostForm()
    parser.feed(html)
    parser.close()
    return parser.data
