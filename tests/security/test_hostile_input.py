"""Never a 500 for odd input: every URL pattern, for each actor, with hostile path values and hostile forms.

What counts as hostile: NUL bytes, lone surrogates' encodings, overlong and Unicode values, traversal,
numbers too large for the database, values of the wrong type in every form field any page reads, and a 1 MB
string in each. Every answer must be below 500, and a 4xx must be a page (HTML with a heading), not a bare
error. The permission matrix (test_permission_matrix.py) says who gets what; this says nobody gets a crash.
"""

from __future__ import annotations

from urllib.parse import quote

import pytest
from django.test import Client
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from duediligence.questionnaires.models import Question
from tests.conftest import client_for, project_form_classes
from tests.security.test_permission_matrix import ACTORS, url_for, url_patterns, world  # noqa: F401  (fixture)

pytestmark = pytest.mark.slow

HOSTILE_SEGMENTS = [
    "%00",
    "9" * 18,
    "a" * 2000,
    quote("é✓𝔘中文", safe=""),
    "..%2F..%2Fetc%2Fpasswd",
    "%ED%A0%80",  # a lone surrogate, UTF-8 encoded
]


def hostile_urls(url: str, values: dict, keys: tuple) -> list[str]:
    """The URL with every segment that came from a parameter replaced by each hostile value in turn."""
    params = {str(values[key]) for key in keys if key in values}
    segments = url.split("/")
    variants = []
    for hostile in HOSTILE_SEGMENTS:
        replaced = [hostile if segment in params else segment for segment in segments]
        if replaced != segments:
            variants.append("/".join(replaced))
    return variants


def field_names() -> set[str]:
    """Every field name a form of ours reads, and every question key (section pages read those)."""
    names = {"next", "note", "text", "reply", "reason", "decision", "answer", "code", "organisation", "question"}
    for form in project_form_classes():
        names.update(form.base_fields)
    for key in Question.objects.values_list("key", flat=True).distinct():
        names.update({key, f"version__{key}", f"remove__{key}"})
    return names


def hostile_forms() -> dict[str, dict[str, list[str]]]:
    names = sorted(field_names())
    return {
        "wrong types": {name: ["[]", "-1e309", "2026-13-45", "yes", "NaN"] for name in names},
        "huge": {name: ["x" * 1_000_000] for name in names[:1]} | {name: ["y" * 2000] for name in names[1:]},
        "nul": {name: ["before\x00after"] for name in names},
    }


def assert_a_page(response, what: str) -> None:
    assert response.status_code < 500, f"{what}: {response.status_code}"
    if 400 <= response.status_code < 500 and response.status_code != 405:
        assert response["Content-Type"].startswith("text/html"), what
        assert b"<h1" in response.content, f"{what}: a {response.status_code} without a page"


@pytest.mark.parametrize("actor", ACTORS)
def test_hostile_paths_and_forms_never_end_in_a_500(request, world, actor):  # noqa: F811
    client = Client() if actor == "anonymous" else client_for(request.getfixturevalue(actor))
    bodies = hostile_forms()
    attempts = 0
    for name, keys in sorted(url_patterns()):
        url = url_for(name, keys, world)
        for hostile in hostile_urls(url, world, keys):
            assert_a_page(client.get(hostile), f"GET {hostile[:80]} as {actor}")
            assert_a_page(client.post(hostile, {}), f"POST {hostile[:80]} as {actor}")
            attempts += 2
        for kind, data in bodies.items():
            if kind == "huge" and actor not in ("officer", "org_admin"):
                continue
            response = client.post(url, data)
            assert_a_page(response, f"POST {kind} form to {name} as {actor}")
            if kind == "nul":
                assert response.status_code == 400, f"a NUL byte in a form to {name} is refused at the door"
            attempts += 1
    assert attempts > 300


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(token=st.text(min_size=1, max_size=300))
def test_the_public_report_address_takes_any_text(db, token):
    response = Client().get("/r/" + quote(token, safe="") + "/")
    assert response.status_code in (400, 404), (token, response.status_code)
