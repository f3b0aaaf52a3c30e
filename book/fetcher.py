"""The only way the PDF renderer may read anything: `data:` URLs and files under a few folders.

WeasyPrint fetches whatever a document names: images, stylesheets, fonts, even `file:///etc/passwd`
or an address on the internal network. Submitted text never carries markup that names a URL
(render_markdown allows no images and no style), but the fetcher is the second wall: everything
not on the allowlist is refused without any I/O, and each URL asked for is recorded so tests
(and the build report) can show what was fetched.
"""

import mimetypes
from pathlib import Path
from urllib.parse import unquote, urlsplit
from urllib.request import DataHandler, Request

# Imported here only by render.py, inside its functions: WeasyPrint is slow to import.
from weasyprint.urls import URLFetcher, URLFetcherResponse

# Fonts and stylesheets first: mimetypes' table differs between machines.
CONTENT_TYPES = {
    ".css": "text/css",
    ".ttf": "font/ttf",
    ".otf": "font/otf",
    ".woff": "font/woff",
    ".woff2": "font/woff2",
}


class RefusedURL(ValueError):
    """A URL outside the allowlist. WeasyPrint logs it and leaves the resource out."""


class BookURLFetcher(URLFetcher):
    """Serves `data:` URLs and regular files under `roots`; refuses everything else.

    Paths are resolved (symlinks followed) before the check, so a link inside a root that
    points outside it is refused. There are no redirects: nothing is fetched over a network.
    """

    def __init__(self, roots):
        super().__init__(allowed_protocols={"data", "file"}, allow_redirects=False)
        self.roots = [Path(root).resolve() for root in roots]
        self.requested: list[str] = []
        self.refused: list[str] = []

    def fetch(self, url, headers=None):
        self.requested.append(url)
        try:
            return self._fetch(url)
        except Exception:
            self.refused.append(url)
            raise

    def _fetch(self, url: str) -> URLFetcherResponse:
        scheme = url.split(":", 1)[0].lower()
        if scheme == "data":
            # Only urllib's data: decoder, never an opener that could follow other schemes.
            response = DataHandler().data_open(Request(url))  # noqa: S310
            return URLFetcherResponse(url, response.read(), dict(response.headers))
        if scheme == "file":
            path = self._allowed_path(url)
            content_type = CONTENT_TYPES.get(path.suffix.lower()) or (
                mimetypes.guess_type(path.name)[0] or "application/octet-stream"
            )
            return URLFetcherResponse(
                path.as_uri(), path.read_bytes(), {"Content-Type": content_type}
            )
        raise RefusedURL(f"refused: {url[:200]}")

    def _allowed_path(self, url: str) -> Path:
        parts = urlsplit(url)
        if parts.netloc not in ("", "localhost"):
            raise RefusedURL(f"refused (remote file host): {url[:200]}")
        path = Path(unquote(parts.path)).resolve()
        if not any(path.is_relative_to(root) for root in self.roots) or not path.is_file():
            raise RefusedURL(f"refused (outside the book's folders): {url[:200]}")
        return path
