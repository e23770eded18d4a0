"""Every API route and method, called by an anonymous client, each role's token, and a token of another
organisation. The expected status of each is the access policy written down, as for the pages
(tests/security/test_permission_matrix.py); a route without a row fails.

Columns: anonymous, officer, auditor, manager, admin, outsider. 401 is no token; 404 hides other organisations'
objects; 403 is a wrong role; 400, 409 and 428 show a permitted caller reached the rules of the action itself
(an empty body, a state that refuses it, a missing If-Match). The assessment is in "changes requested":
editable by the officer and visible to the auditor.
"""

import pytest
from django.core.files.base import ContentFile
from django.urls import get_resolver, reverse
from django.utils import timezone

from duediligence.reports.models import PublishedReport
from tests.api.conftest import ApiClient, token_for

ACTORS = ["anonymous", "officer", "auditor", "manager", "org_admin", "outsider"]
EXPECTED = {
    # (name, method): "anon officer auditor manager admin outsider"
    ("api:schema", "get"): "200 200 200 200 200 200",
    ("api:docs", "get"): "200 200 200 200 200 200",
    ("api:organisations", "get"): "401 200 200 200 200 200",
    ("api:assessments", "get"): "401 200 200 200 200 200",
    ("api:assessments", "post"): "401 400 403 403 403 400",
    ("api:assessment", "get"): "401 200 200 200 200 404",
    ("api:answers", "get"): "401 200 200 200 200 404",
    ("api:answer", "get"): "401 200 200 200 200 404",
    ("api:answer", "put"): "401 428 403 403 403 404",
    ("api:risks", "get"): "401 200 200 200 200 404",
    ("api:audits", "get"): "401 200 200 200 200 404",
    ("api:partners", "get"): "401 200 200 200 200 404",
    ("api:partners_upsert", "post"): "401 400 403 403 403 404",
    ("api:matches", "get"): "401 200 200 200 200 404",
    ("api:match_decision", "post"): "401 400 403 403 403 404",
    ("api:submit", "post"): "401 409 403 403 403 404",
    ("api:request_changes", "post"): "401 403 409 403 403 404",
    ("api:approve", "post"): "401 403 409 403 403 404",
    ("api:publish", "post"): "401 403 403 409 403 404",
    ("api:reports", "get"): "401 200 200 200 200 404",
    ("api:report_pdf", "get"): "401 403 200 200 200 404",
}


def api_routes():
    """(name, the methods its view answers) for every route under /api/v1/."""
    (api,) = [pattern for pattern in get_resolver().url_patterns if getattr(pattern, "namespace", None) == "api"]
    for pattern in api.url_patterns:
        view = pattern.callback
        view_class = getattr(view, "cls", None) or getattr(view, "view_class", None)
        methods = (
            [method for method in ("get", "post", "put", "patch", "delete") if hasattr(view_class, method)]
            if view_class
            else ["get"]
        )
        for method in methods:
            yield f"api:{pattern.name}", method


@pytest.fixture
def world(assessment, match_under_review, manager):
    report = PublishedReport(
        assessment=assessment, kind="public", pdf_sha256="0" * 64, pdf_size=8, html_sha256="0" * 64,
        published_at=timezone.now(), published_by=manager, signoff_name="M", signoff_role="CEO",
        signoff_date=timezone.localdate(),
    )  # fmt: skip
    report.pdf.save("p.pdf", ContentFile(b"%PDF-1.4"), save=False)
    report.html.save("p.html", ContentFile(b"<html></html>"), save=False)
    report.save()
    return {
        "assessment_id": assessment.pk,
        "key": "operates_in_region",
        "match_id": match_under_review.pk,
        "kind": "public",
    }


def test_every_api_route_answers_each_actor_as_the_policy_says(request, world):
    routes = set(api_routes())
    assert routes == set(EXPECTED), (
        f"routes without a rule: {sorted(routes - set(EXPECTED))}; rules without a route: "
        f"{sorted(set(EXPECTED) - routes)}"
    )
    clients = {"anonymous": ApiClient(None)}
    for actor in ACTORS[1:]:
        clients[actor] = ApiClient(token_for(request.getfixturevalue(actor)))
    mismatches = []
    for (name, method), expected in sorted(EXPECTED.items()):
        pattern = next(p for p in get_resolver().url_patterns if getattr(p, "namespace", None) == "api")
        route = next(p for p in pattern.url_patterns if p.name == name.removeprefix("api:"))
        url = reverse(name, kwargs={key: world[key] for key in route.pattern.converters})
        for actor, want in zip(ACTORS, expected.split(), strict=True):
            client = clients[actor]
            response = client.get(url) if method == "get" else getattr(client, method)(url, {})
            if str(response.status_code) != want:
                mismatches.append(f"{method.upper()} {name} as {actor}: {response.status_code}, expected {want}")
    assert mismatches == [], "\n".join(mismatches)
