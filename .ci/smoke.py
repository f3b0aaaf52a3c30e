"""Smoke test of a running production server, as a browser behind the TLS proxy would use it.

    python .ci/smoke.py http://127.0.0.1:8123 [--expect-cache]

Standard library only. Sends X-Forwarded-Proto: https as the proxy does (the server must run
with SECURE_PROXY_SSL_HEADER=X-Forwarded-Proto), keeps cookies itself (they are Secure, which a
cookie jar would not send over plain HTTP), and fails with a message at the first problem.
"""

import argparse
import http.client
import json
import re
import sys
import time
import uuid
from html.parser import HTMLParser
from urllib.parse import urlencode, urlsplit

HASHED_ASSET = re.compile(r"\.[0-9a-f]{12}\.(css|js)$")


class Browser:
    def __init__(self, base: str):
        parts = urlsplit(base)
        self.host, self.port = parts.hostname, parts.port
        self.origin = f"https://{parts.hostname}:{parts.port}"
        self.cookies: dict[str, str] = {}
        self.set_cookie_headers: dict[str, str] = {}  # the last Set-Cookie of each name

    def request(self, method: str, path: str, body: dict | None = None, headers=None):
        connection = http.client.HTTPConnection(self.host, self.port, timeout=30)
        sent = {"X-Forwarded-Proto": "https", "Accept-Language": "nb", **(headers or {})}
        if self.cookies:
            sent["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        data = None
        if body is not None:
            data = urlencode(body, doseq=True).encode()
            sent["Content-Type"] = "application/x-www-form-urlencoded"
            sent["Origin"] = self.origin
        connection.request(method, path, body=data, headers=sent)
        response = connection.getresponse()
        content = response.read()
        for header in response.headers.get_all("Set-Cookie") or []:
            name, _, rest = header.partition("=")
            self.cookies[name.strip()] = rest.split(";", 1)[0]
            self.set_cookie_headers[name.strip()] = header
        connection.close()
        return response, content

    def get(self, path: str, status: int = 200, headers=None):
        response, content = self.request("GET", path, headers=headers)
        check(response.status == status, f"GET {path}: {response.status}, expected {status}")
        return response, content


def check(condition: bool, message: str):
    if not condition:
        print(f"SMOKE FAILED: {message}", file=sys.stderr)
        sys.exit(1)


class FormReader(HTMLParser):
    """The inputs of a page: hidden values, checkbox values, and static asset addresses."""

    def __init__(self):
        super().__init__()
        self.hidden: dict[str, str] = {}
        self.checkboxes: dict[str, list[str]] = {}
        self.assets: list[str] = []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "input" and a.get("type") == "hidden" and a.get("name"):
            self.hidden[a["name"]] = a.get("value") or ""
        if tag == "input" and a.get("type") == "checkbox" and a.get("name"):
            self.checkboxes.setdefault(a["name"], []).append(a.get("value") or "")
        for attribute in ("href", "src"):
            if tag in ("link", "script") and (a.get(attribute) or "").startswith("/static/"):
                self.assets.append(a[attribute])


def read(content: bytes) -> FormReader:
    reader = FormReader()
    reader.feed(content.decode())
    return reader


def check_security_headers(response, path: str):
    policy = response.getheader("Content-Security-Policy") or ""
    check("script-src 'self'" in policy, f"{path}: no Content-Security-Policy ({policy!r})")
    check("max-age=" in (response.getheader("Strict-Transport-Security") or ""), f"{path}: no HSTS")
    check(response.getheader("X-Content-Type-Options") == "nosniff", f"{path}: no nosniff")


def smoke_pages(browser: Browser) -> list[str]:
    response, content = browser.get("/")
    check_security_headers(response, "/")
    assets = read(content).assets
    check(len(assets) >= 2, f"/ links {len(assets)} static assets")
    response, content = browser.get("/eksempler/")
    check_security_headers(response, "/eksempler/")
    case = re.search(rb'href="(/eksempler/[a-z0-9-]+/)"', content)
    check(case is not None, "/eksempler/ links to no case")
    response, content = browser.get(case.group(1).decode())
    check_security_headers(response, case.group(1).decode())
    check(b"<h1" in content, f"{case.group(1).decode()} has no heading")
    response, content = browser.get("/admin/login/")
    check_security_headers(response, "/admin/login/")
    admin_assets = read(content).assets
    check(len(admin_assets) >= 1, "/admin/login/ links no static assets")
    print(
        f"ok   /, /eksempler/, {case.group(1).decode()} and /admin/login/ with CSP and HSTS, "
        f"{len(assets)} assets linked"
    )
    return assets + admin_assets


def smoke_assets(browser: Browser, assets: list[str]):
    for path in assets:
        check(HASHED_ASSET.search(path) is not None, f"{path} has no content hash in its name")
        response, content = browser.get(path, headers={"Accept-Encoding": "gzip"})
        check(len(content) > 0, f"{path} is empty")
        cache = response.getheader("Cache-Control") or ""
        check("immutable" in cache, f"{path}: Cache-Control {cache!r}")
        # WhiteNoise keeps no compressed copy of a file that compression barely shrinks.
        if path.startswith("/static/vendor/"):
            check(response.getheader("Content-Encoding") == "gzip", f"{path} is not compressed")
    print(
        f"ok   {len(assets)} static assets, hashed, cached for good,"
        " the vendored design system compressed"
    )


def pitch_fields(municipality: str, marker: str) -> dict:
    """A complete, valid pitch (the fields of tests/factories.py pitch_post_data)."""
    return {
        "title": f"Røykvarsler for alle {marker}",
        "summary": "Kommunen og en sosial entreprenør monterer røykvarslere hos eldre.",
        "municipalities": [municipality],
        "enterprise_name": "Trygg Hjem AS",
        "org_number": "974 760 673",
        "submitter_name": "Smoke Test",
        "submitter_email": f"smoke-{marker}@example.no",
        "submitter_side": "enterprise",
        "accept": "on",
        "homepage": "",
    }


def smoke_pitch(browser: Browser):
    _, content = browser.get("/send-inn/")
    form = read(content)
    check_host_only_cookie(browser, "__Host-csrftoken")
    check("csrfmiddlewaretoken" in form.hidden, "/send-inn/ has no CSRF field")
    municipalities = form.checkboxes.get("municipalities", [])
    check(len(municipalities) > 300, f"/send-inn/ offers {len(municipalities)} municipalities")
    marker = uuid.uuid4().hex[:8]
    # The hidden inputs (CSRF token, the one-time form key) as the page gave them, then the answers.
    body = {**form.hidden, **pitch_fields(municipalities[0], marker)}
    response, content = browser.request("POST", "/send-inn/", body)
    location = response.getheader("Location") or ""
    check(response.status == 302, f"pitch POST: {response.status} {content[:300]!r}")
    check(location.endswith("/send-inn/takk/"), f"pitch POST went to {location!r}")
    check_host_only_cookie(browser, "__Host-sessionid", "HttpOnly")
    _, content = browser.get("/send-inn/takk/")
    overview = re.search(rb'href="(/send-inn/bidrag/[0-9a-f-]{36}/)"', content)
    check(overview is not None, "the thank-you page links to no submission: was it saved?")
    _, content = browser.get(overview.group(1).decode())
    check(f"Røykvarsler for alle {marker}".encode() in content, "the overview lacks the title")
    print(f"ok   pitch sent with the form's CSRF token, __Host- cookies, saved ({marker})")


def check_host_only_cookie(browser: Browser, name: str, *flags: str):
    """A `__Host-` cookie: Secure, for the whole site, bound to this host (no Domain)."""
    header = browser.set_cookie_headers.get(name)
    check(header is not None, f"no {name} cookie; got {sorted(browser.set_cookie_headers)}")
    attributes = {part.strip().split("=")[0].lower() for part in header.split(";")[1:]}
    for flag in ("Secure", *flags):
        check(flag.lower() in attributes, f"{name} is not {flag}: {header}")
    check("Path=/;" in header + ";" and "domain" not in attributes, f"{name}: {header}")


def smoke_book(browser: Browser):
    """The demo's edition, built by seed_demo: a whole PDF, and 304 when the reader has it."""
    response, content = browser.get("/kokebok.pdf")
    check(response.getheader("Content-Type") == "application/pdf", "/kokebok.pdf is not a PDF")
    check(content.startswith(b"%PDF-") and b"%%EOF" in content[-64:], "/kokebok.pdf is not whole")
    etag = response.getheader("ETag")
    check(etag is not None, "/kokebok.pdf has no ETag")
    browser.get("/kokebok.pdf", status=304, headers={"If-None-Match": etag})
    print(f"ok   /kokebok.pdf, {len(content) // 1024} KiB, 304 for the same ETag")


def smoke_editor_sign_in(browser: Browser):
    """The demo editor's password alone leads to the second factor, not into the admin."""
    _, content = browser.get("/admin/login/")
    login = {**read(content).hidden, "username": "redaktor", "password": "kokebok-demo"}
    response, _ = browser.request(
        "POST", "/admin/login/?next=/admin/", {**login, "next": "/admin/"}
    )
    check(response.status == 302, f"the editor's login answered {response.status}")
    response, _ = browser.get("/admin/", status=302)
    response, _ = browser.get(response.getheader("Location"), status=302)
    step = response.getheader("Location") or ""
    check(step.startswith("/admin/to-trinn/"), f"after the password the admin sent to {step!r}")
    _, content = browser.get(step)
    check(b'src="data:image/svg+xml' in content, "the second-factor step shows no QR code")
    print("ok   editor's password leads to setting up the authenticator app, not the admin")


def smoke_sign_in_throttle(browser: Browser):
    """Wrong passwords for one username end in the lockout page (django-axes on the database).
    A new username each run, so the runs against one database do not add up for it."""
    _, content = browser.get("/admin/login/")
    hidden = read(content).hidden
    username = f"smoke-{uuid.uuid4().hex[:8]}"
    for attempt in range(1, 8):
        body = {**hidden, "username": username, "password": f"wrong-{attempt}", "next": "/admin/"}
        response, content = browser.request("POST", "/admin/login/?next=/admin/", body)
        if response.status == 429:
            break
        check(response.status == 200, f"a wrong password answered {response.status}")
    check(response.status == 429, "seven wrong passwords for one username were not stopped")
    check(attempt <= 6, f"the lockout came only after {attempt} tries")
    print(f"ok   wrong passwords for one username locked after {attempt} tries")


def smoke_health(browser: Browser, expect_cache: bool):
    response, content = browser.get("/helse/")
    checks = {"database": "ok", **({"cache": "ok"} if expect_cache else {})}
    body = json.loads(content)
    check(body == {"status": "ok", "checks": checks}, f"/helse/ said {body}")
    check("no-store" in (response.getheader("Cache-Control") or ""), "/helse/ may be cached")
    print(f"ok   /helse/ {body}")


def wait_until_up(browser: Browser, seconds: float = 30):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            response, _ = browser.request("GET", "/helse/")
            if response.status == 200:
                return
        except OSError:
            pass
        time.sleep(0.5)
    check(False, f"the server did not answer /helse/ within {seconds} s")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("base", help="e.g. http://127.0.0.1:8123")
    parser.add_argument("--expect-cache", action="store_true", help="CACHE_URL is set")
    parser.add_argument("--wait", action="store_true", help="only wait for the server")
    options = parser.parse_args()
    browser = Browser(options.base)
    wait_until_up(browser)
    if options.wait:
        return
    smoke_assets(browser, smoke_pages(browser))
    smoke_book(browser)
    smoke_editor_sign_in(Browser(options.base))
    smoke_sign_in_throttle(Browser(options.base))
    smoke_pitch(browser)
    smoke_health(browser, options.expect_cache)
    print("SMOKE OK")


if __name__ == "__main__":
    main()
