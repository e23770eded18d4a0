import os
import subprocess
import sys
from pathlib import Path

from django.urls import reverse

ROOT = Path(__file__).resolve().parents[2]


def test_pages_carry_a_content_security_policy_without_unsafe_inline(officer_client):
    policy = officer_client.get(reverse("dashboard:home"))["Content-Security-Policy"]
    assert "script-src 'self'" in policy
    assert "unsafe-inline" not in policy
    assert "frame-ancestors 'none'" in policy


def test_reports_allow_only_their_own_inline_stylesheet(officer_client, assessment):
    from duediligence.lib.security_headers import style_hash
    from duediligence.reports.render import report_css

    response = officer_client.get(reverse("reports:preview", args=[assessment.pk, "public"]))
    policy = response["Content-Security-Policy"]
    assert style_hash(report_css()) in policy
    assert "unsafe-inline" not in policy


def test_session_and_csrf_cookies_are_http_only(settings):
    assert settings.SESSION_COOKIE_HTTPONLY and settings.CSRF_COOKIE_HTTPONLY


def test_check_deploy_is_clean_with_production_settings():
    # The browser tests set DJANGO_ALLOW_ASYNC_UNSAFE in this process; a deployment never has it.
    env = {key: value for key, value in os.environ.items() if key != "DJANGO_ALLOW_ASYNC_UNSAFE"}
    env |= {
        "DEBUG": "false",
        "SECRET_KEY": "k" * 30 + "-production-secret-" + "z" * 30,
        "SIGNING_KEY_SECRET": "headers-test-signing-secret",
        "ALLOWED_HOSTS": "hrdd.example.com",
        "BEHIND_TLS_PROXY": "true",
    }
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_signed_in_pages_and_the_api_are_never_stored_by_caches(officer_client, officer, assessment, client):
    from tests.api.conftest import api_client_for

    for url in (
        reverse("dashboard:home"),
        reverse("assessments:overview", args=[assessment.pk]),
        reverse("assessments:section", args=[assessment.pk, 1, "context"]),
        reverse("security:account"),
        reverse("assessments:list"),
    ):
        response = officer_client.get(url)
        assert response.status_code == 200, url
        assert "no-store" in response["Cache-Control"] and "private" in response["Cache-Control"], url
    api = api_client_for(officer)
    for response in (
        api.get("/api/v1/organisations/"),
        api.get(f"/api/v1/assessments/{assessment.pk}/answers/"),
        api.get("/api/v1/no-such-route/"),
        client.get("/api/v1/organisations/"),  # no token: 401
    ):
        assert "no-store" in response["Cache-Control"], response.status_code


def test_public_pages_keep_their_own_caching(client, organisation, officer_client, case_key):
    grievance = client.get(reverse("grievance_public:start", args=[organisation.slug]), follow=True)
    assert grievance.status_code == 200
    assert grievance["Cache-Control"] == "max-age=0, no-cache, no-store, must-revalidate, private"
    # A page anyone may read is left to its view: signing in is what makes a page private.
    public_report = client.get("/r/no-such-report/")
    assert public_report.status_code == 404 and not public_report.has_header("Cache-Control")


def test_static_files_are_served_before_the_signed_in_rule(settings):
    from django.conf import settings as live

    order = list(live.MIDDLEWARE)
    rule = order.index("duediligence.lib.security_headers.PrivatePagesMiddleware")
    # Outside the door, so a refusal there is marked too; inside WhiteNoise, which answers static files first.
    assert rule < order.index("duediligence.lib.bad_input.RejectBadInputMiddleware")
    if "whitenoise.middleware.WhiteNoiseMiddleware" in order:
        assert order.index("whitenoise.middleware.WhiteNoiseMiddleware") < rule


def test_a_signed_in_persons_request_refused_at_the_door_is_not_stored_either(officer_client):
    refused = officer_client.get("/assessments/?q=%00")
    assert refused.status_code == 400 and "no-store" in refused["Cache-Control"]
