"""The door as production runs it: gunicorn with DEBUG off behind a TLS proxy's headers, spoken to over HTTP.

A chunked body reaches Django through gunicorn with no Content-Length, which Django reads as empty; the test
client can only imitate that, so here it is sent for real: past the limit it is refused as too large, within it
every field arrives. A forwarded address that is none, and the headers of signed-in pages, are checked the same
way.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path
from urllib.parse import quote

import pytest
import requests
from django.conf import settings
from django.contrib.auth.hashers import PBKDF2PasswordHasher
from django.db import connection

from duediligence.assessments.models import Answer
from tests.conftest import PASSWORD
from tests.deployment.test_stateless_web_tier import free_port, wait_for

ROOT = Path(settings.BASE_DIR)

pytestmark = [pytest.mark.slow, pytest.mark.django_db(transaction=True), pytest.mark.xdist_group("deployment")]


@pytest.fixture
def node(tmp_path, django_user_model, officer, assessment):
    # The node runs the production hashers; a PBKDF2 hash with few iterations verifies there and keeps it quick.
    django_user_model.objects.update(password=PBKDF2PasswordHasher().encode(PASSWORD, "doorsalt", iterations=1000))
    database = connection.settings_dict
    login = quote(database["USER"]) + (f":{quote(database['PASSWORD'])}" if database["PASSWORD"] else "")
    address = f"{database['HOST'] or '127.0.0.1'}:{database['PORT'] or 5432}"
    env = {
        **os.environ,
        "DATABASE_URL": f"postgres://{login}@{address}/{database['NAME']}",
        "DEBUG": "false",
        "SECRET_KEY": "door-test-secret-0123456789-abcdefghijklmnopqrstuvwxyz",
        "SIGNING_KEY_SECRET": "door-test-signing-secret",
        "ALLOWED_HOSTS": "127.0.0.1",
        "BEHIND_TLS_PROXY": "true",
        "SECURE_SSL_REDIRECT": "false",
        "SECURE_COOKIES": "false",
        "STATIC_MANIFEST": "false",
        "MEDIA_ROOT": str(tmp_path / "media"),
        "LOG_LEVEL": "WARNING",
        "DATABASE_CONN_MAX_AGE": "0",
    }
    env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    port = free_port()
    log = tmp_path / "gunicorn.log"
    gunicorn = [str(Path(sys.executable).parent / "gunicorn"), "-c", "duediligence/gunicorn_conf.py"]
    process = subprocess.Popen(
        [*gunicorn, "duediligence.wsgi", "-w", "1", "-b", f"127.0.0.1:{port}"],
        cwd=ROOT,
        env=env,
        stdout=log.open("w"),
        stderr=subprocess.STDOUT,
    )
    try:
        base = f"http://127.0.0.1:{port}"
        wait_for(f"{base}/healthz", process, log)
        yield base
    finally:
        process.terminate()
        process.wait(timeout=20)


def signed_in(base: str, email: str) -> requests.Session:
    session = requests.Session()
    # As the TLS proxy would send them: the scheme, and the client's address appended last.
    session.headers.update({"X-Forwarded-Proto": "https", "X-Forwarded-For": "198.51.100.20"})
    page = session.get(f"{base}/accounts/login/", timeout=30)
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text).group(1)
    response = session.post(
        f"{base}/accounts/login/",
        {"csrfmiddlewaretoken": token, "username": email, "password": PASSWORD},
        headers={"Referer": secure(f"{base}/accounts/login/")},
        allow_redirects=False,
        timeout=30,
    )
    assert response.status_code == 302, response.text[:500]
    return session


def secure(url: str) -> str:
    """The address as the browser saw it, behind the TLS proxy (Django checks the Referer of an HTTPS form)."""
    return url.replace("http://", "https://", 1)


def chunks(body: bytes, size: int = 256 * 1024):
    """A generator body: requests sends it with Transfer-Encoding: chunked and no Content-Length."""
    for start in range(0, len(body), size):
        yield body[start : start + size]


def test_a_chunked_upload_is_too_large_or_read_whole_never_a_conflict(node, officer, assessment):
    from tests.security.test_bad_input_at_the_door import multipart

    session = signed_in(node, officer.email)
    url = f"{node}/assessments/{assessment.pk}/steps/1/context/"
    token = session.cookies["csrftoken"]
    headers = {"X-CSRFToken": token, "Referer": secure(url)}
    body, content_type = multipart({"context_sources": "Big", "action": "later"}, b"%PDF-" + b"x" * 23_000_000)
    refused = session.post(url, data=chunks(body), headers={**headers, "Content-Type": content_type}, timeout=120)
    assert refused.status_code == 413 and "This upload is too large" in refused.text
    assert not Answer.objects.filter(assessment=assessment).exists()
    body, content_type = multipart({"context_sources": "Sent in chunks", "action": "later"})
    saved = session.post(
        url, data=chunks(body, 7), headers={**headers, "Content-Type": content_type}, allow_redirects=False, timeout=60
    )
    assert saved.status_code == 302, saved.text[:500]
    assert Answer.objects.get(assessment=assessment, question__key="context_sources").value == "Sent in chunks"


def test_a_forwarded_address_that_is_none_and_the_headers_of_signed_in_pages(node, officer):
    visitor = requests.Session()
    page = visitor.get(f"{node}/accounts/login/", timeout=30)
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text).group(1)
    response = visitor.post(
        f"{node}/accounts/login/",
        {"csrfmiddlewaretoken": token, "username": officer.email, "password": "a-wrong-guess"},
        headers={
            "X-Forwarded-Proto": "https",
            "X-Forwarded-For": "not-an-ip",
            "Referer": secure(f"{node}/accounts/login/"),
        },
        timeout=30,
    )
    assert response.status_code == 200 and "Traceback" not in response.text
    session = signed_in(node, officer.email)
    home = session.get(f"{node}/", timeout=30)
    assert home.status_code == 200 and home.headers["Cache-Control"] == "private, no-store"
