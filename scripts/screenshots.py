"""Screenshots of every public page at 390 and 1280 pixels wide: `make screenshots`.

Builds the demo site in a temporary SQLite database (migrate, seed_demo, refresh_search), serves it
with runserver on a free local port, and saves full-page PNGs into screenshots/ (git-ignored),
named <page>-<width>.png, plus the pitch form after sending it empty (the error state) and the
confirmation after sending it filled in.
Chromium and its flags are the browser tests' (tests/e2e/conftest.py).
"""

import os
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "screenshots"
WIDTHS = (390, 1280)
sys.path.insert(0, str(ROOT))


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def manage(*args, env):
    # Our own interpreter and manage.py with fixed arguments: nothing comes from outside.
    subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env=env, check=True)  # noqa: S603


def public_pages(env) -> dict[str, str]:
    """Name -> path of every kind of public page, with a real case and theme from the demo."""
    os.environ.update(env)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kokebok.settings")
    import django

    django.setup()
    from submissions.models import Submission, Theme

    case = Submission.objects.published().exclude(slug=None).first()
    theme = Theme.objects.first()
    pages = {
        "home": "/",
        "home-nn": "/nn/",
        "home-en": "/en/",
        "examples": "/eksempler/",
        "examples-filtered": f"/eksempler/?theme={theme.slug}&q=kaf%C3%A9",
        "themes": "/tema/",
        "theme": f"/tema/{theme.slug}/",
        "recipes": "/oppskrifter/",
        "recipe": "/oppskrifter/pilotavtale/",
        "recipe-en": "/en/oppskrifter/pilotavtale/",
        "toolbox": "/verktoy/",
        "suggest-tool": "/verktoy/foresla/",
        "input": "/innspill/",
        "pitch": "/send-inn/",
        "new-link": "/send-inn/ny-lenke/",
        "privacy": "/personvern/",
        "accessibility": "/tilgjengelighet/",
    }
    if case:
        pages["case"] = f"/eksempler/{case.slug}/"
        pages["case-input"] = f"/eksempler/{case.slug}/innspill/"
    return pages


def send_pitch(page, width: int):
    """Fill in the short pitch and send it, for the confirmation page."""
    page.fill("#id_title", "Sykkelverksted for nye i byen")
    page.fill("#id_summary", "Nyankomne reparerer sykler og lærer norsk på verkstedet.")
    page.click("#id_municipalities_search")
    page.keyboard.type("Oslo")
    page.get_by_role("option", name="Oslo (Oslo)").click()
    page.fill("#id_enterprise_name", "Hjulspor AS")
    page.fill("#id_submitter_name", "Sara Gründer")
    page.fill("#id_submitter_email", f"sara-{width}@hjulspor.example")
    page.check("#id_submitter_side_1")
    page.check("#id_accept")
    page.locator("main form button[type=submit]").click()
    page.wait_for_url("**/send-inn/takk/")


def main():
    from playwright.sync_api import sync_playwright

    OUT.mkdir(exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        env = {
            **os.environ,
            "SQLITE_PATH": str(Path(tmp) / "db.sqlite3"),
            "MEDIA_ROOT": str(Path(tmp) / "media"),
        }
        for command in (("migrate", "--noinput", "-v0"), ("seed_demo",), ("refresh_search",)):
            manage(*command, env=env)
        pages = public_pages(env)
        # Imported once Django is set up (public_pages): the browser tests' conftest imports models.
        from tests.e2e.conftest import CHROMIUM, CHROMIUM_ARGS

        port = free_port()
        server = subprocess.Popen(  # noqa: S603 (fixed arguments, as above)
            [sys.executable, "manage.py", "runserver", f"127.0.0.1:{port}", "--noreload"],
            cwd=ROOT,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        try:
            base = f"http://127.0.0.1:{port}"
            for _ in range(50):
                try:
                    socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
                    break
                except OSError:
                    time.sleep(0.2)
            with sync_playwright() as playwright:
                browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
                for width in WIDTHS:
                    context = browser.new_context(viewport={"width": width, "height": 900})
                    page = context.new_page()
                    for name, path in pages.items():
                        page.goto(base + path)
                        page.screenshot(path=OUT / f"{name}-{width}.png", full_page=True)
                    page.goto(base + "/send-inn/")
                    page.locator("main form button[type=submit]").click()
                    page.wait_for_selector("#error-summary")
                    page.screenshot(path=OUT / f"pitch-errors-{width}.png", full_page=True)
                    send_pitch(page, width)
                    page.screenshot(path=OUT / f"pitch-sent-{width}.png", full_page=True)
                    context.close()
                browser.close()
        finally:
            server.terminate()
            server.wait()
    print(f"{len(list(OUT.glob('*.png')))} screenshots in {OUT.relative_to(ROOT)}/")


if __name__ == "__main__":
    main()
