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
