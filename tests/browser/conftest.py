"""Browser tests: Debian's Chromium driven by Playwright against a live server on loopback.

Every page a journey visits is scanned with axe-core (WCAG 2.2 A and AA rules) and kept for the Nu Html
Checker, which test_html_validity.py runs over all of them at the end. In CI a missing browser or checker is
a failure, never a skip: `make test` installs them (duediligence/scripts/browser-deps.sh).
"""

import json
import os
import shutil
from pathlib import Path

import pytest

# Playwright's sync API runs an event loop in this thread; the tests' ORM calls are still synchronous.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = "/usr/bin/chromium"
HERE = Path(__file__).resolve().parent
AXE = HERE / "node_modules" / "axe-core" / "axe.min.js"
VNU = HERE / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22a", "wcag22aa"]
VISITED: dict[str, str] = {}


def missing(reason: str):
    if os.environ.get("CI"):
        pytest.fail(f"{reason} (CI must run the browser tests: `make test` installs what they need)")
    pytest.skip(reason)


@pytest.fixture(scope="session")
def browser():
    if not Path(CHROMIUM).exists():
        missing(f"{CHROMIUM} is not installed (apt-get install chromium)")
    if not AXE.exists():
        missing("axe-core is not installed (npm install in tests/browser)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run",
            ],
        )
        yield browser
        browser.close()


@pytest.fixture
def new_page(browser, live_server):
    contexts = []

    def make():
        context = browser.new_context(base_url=live_server.url, accept_downloads=True)
        context.set_default_timeout(15_000)
        contexts.append(context)
        return context.new_page()

    yield make
    for context in contexts:
        context.close()


def audit(page, label: str = "") -> None:
    """Fail on any WCAG 2.2 A/AA violation axe-core finds, and keep the HTML for the validity check."""
    # The page as the browser holds it (also after a POST), kept before axe's own script is added to it, and
    # only once it has loaded: a page read mid-navigation is empty.
    page.wait_for_load_state("load")
    path = page.url.split("://", 1)[-1].split("/", 1)[-1].split("#", 1)[0]
    VISITED["/" + path] = page.content()
    # Evaluated through the DevTools protocol, which the page's Content Security Policy does not govern, so
    # the pages are tested under their real policy.
    page.evaluate(AXE.read_text(encoding="utf-8"))
    result = page.evaluate(
        "async (tags) => { const r = await axe.run(document, {runOnly: {type: 'tag', values: tags}}); "
        "return r.violations.map(v => ({id: v.id, help: v.help, nodes: v.nodes.map(n => n.target.join(' '))})); }",
        WCAG_TAGS,
    )
    assert result == [], f"axe found violations on {label or page.url}: {json.dumps(result, indent=1)}"


def java() -> str | None:
    return shutil.which("java")


@pytest.fixture(autouse=True)
def screening_list(transactional_db):
    from io import StringIO

    from django.core.management import call_command

    call_command("import_screening_list", "--default", stdout=StringIO())
