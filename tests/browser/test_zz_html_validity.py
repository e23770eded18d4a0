"""The Nu Html Checker over every page the journeys visited (named zz so it runs after them in its process)."""

import json
import subprocess
import tempfile
from pathlib import Path

import pytest

from tests.browser.conftest import VISITED, VNU, java, missing

# Runs in the same process as the journeys (one xdist group), after them.
pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]


def test_visited_pages_have_no_html_errors():
    if not VISITED:
        missing("no journey ran in this process, so there is no page to check")
    if java() is None or not VNU.exists():
        missing("the Nu Html Checker needs Java and vnu-jar")
    with tempfile.TemporaryDirectory() as folder:
        names = {}
        for index, (url, html) in enumerate(sorted(VISITED.items())):
            path = Path(folder) / f"page-{index}.html"
            path.write_text(html, encoding="utf-8")
            names[path.name] = url
        result = subprocess.run(
            [
                java(),
                "-jar",
                str(VNU),
                "--errors-only",
                "--format",
                "json",
                *sorted(str(p) for p in Path(folder).iterdir()),
            ],
            capture_output=True,
            text=True,
            timeout=240,
            check=False,
        )
    messages = json.loads(result.stderr or '{"messages": []}')["messages"]
    errors = [f"{names[Path(m['url']).name]}: {m['message']} ({m.get('extract', '')[:80]})" for m in messages]
    assert errors == [], "\n".join(errors)


def test_visited_pages_print_no_template_syntax():
    """A template comment or tag that Django did not take as one (a multi-line {# #}) shows on the page."""
    from tests.reports.test_no_template_syntax import leaked

    if not VISITED:
        missing("no journey ran in this process, so there is no page to check")
    found = {url: leaked(html) for url, html in VISITED.items() if leaked(html)}
    assert found == {}
