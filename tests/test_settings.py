import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

from duediligence.lib.environment import env_bool, env_int, env_list

ROOT = Path(__file__).resolve().parent.parent


def run_settings(show: str = "s.DATABASES['default']['NAME']", **env: str) -> subprocess.CompletedProcess:
    """Import the settings in a fresh interpreter with the given environment, and print `show` of them."""
    environment = {
        key: value for key, value in os.environ.items() if key not in {"SECRET_KEY", "SIGNING_KEY_SECRET", "DEBUG"}
    }
    environment.update(env)
    return subprocess.run(
        [sys.executable, "-c", f"import json, duediligence.settings as s; print({show})"],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        check=False,
    )


def test_it_uses_postgresql():
    assert settings.DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql"


def test_email_links_follow_the_port_the_app_is_served_on():
    """Regression: with PORT=8101 make run, invitation and grievance emails linked to port 8000."""
    environment = {"PORT": "8101", "SITE_URL": ""}
    assert run_settings("s.SITE_URL", **environment).stdout.strip() == "http://127.0.0.1:8101"
    assert run_settings("s.SITE_URL", SITE_URL="https://hrdd.example.com/").stdout.strip() == "https://hrdd.example.com"


def test_it_uses_the_custom_user_model():
    assert settings.AUTH_USER_MODEL == "accounts.User"


def test_it_refuses_production_with_the_development_secret_key():
    result = run_settings(DEBUG="false")
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr


def test_it_starts_in_production_with_a_real_secret_key():
    result = run_settings(
        DEBUG="false",
        SECRET_KEY="x" * 50,
        SIGNING_KEY_SECRET="y" * 40,
        DATABASE_URL="postgres://u:p@db.internal:5432/hrdd",
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "hrdd"


def test_it_refuses_production_with_the_development_signing_secret():
    result = run_settings(DEBUG="false", SECRET_KEY="x" * 50)
    assert result.returncode != 0
    assert "SIGNING_KEY_SECRET" in result.stderr


def test_it_refuses_a_database_url_that_is_not_postgresql():
    result = run_settings(DATABASE_URL="sqlite:///db.sqlite3")
    assert result.returncode != 0
    assert "PostgreSQL" in result.stderr


@pytest.mark.parametrize(("raw", "expected"), [("true", True), ("1", True), ("off", False), ("No", False)])
def test_env_bool_reads_common_words(monkeypatch, raw, expected):
    monkeypatch.setenv("SOME_FLAG", raw)
    assert env_bool("SOME_FLAG", not expected) is expected


def test_env_bool_refuses_nonsense(monkeypatch):
    monkeypatch.setenv("SOME_FLAG", "maybe")
    with pytest.raises(ImproperlyConfigured, match="SOME_FLAG"):
        env_bool("SOME_FLAG", False)


def test_env_int_and_list(monkeypatch):
    monkeypatch.setenv("SOME_NUMBER", "12")
    monkeypatch.setenv("SOME_LIST", "a.example, b.example,")
    assert env_int("SOME_NUMBER", 1) == 12
    assert env_list("SOME_LIST", []) == ["a.example", "b.example"]
    monkeypatch.setenv("SOME_NUMBER", "twelve")
    with pytest.raises(ImproperlyConfigured, match="whole number"):
        env_int("SOME_NUMBER", 1)


def storage_settings(**env: str) -> subprocess.CompletedProcess:
    return run_settings("json.dumps(s.STORAGES['default'])", **env)


def test_files_go_to_a_private_s3_bucket_when_asked():
    import json

    done = storage_settings(FILE_STORAGE="s3", S3_BUCKET="hrdd-files", S3_ENDPOINT_URL="https://s3.example.test")
    assert done.returncode == 0, done.stderr
    storage = json.loads(done.stdout)
    assert storage["BACKEND"] == "storages.backends.s3.S3Storage"
    assert storage["OPTIONS"]["bucket_name"] == "hrdd-files"
    assert storage["OPTIONS"]["default_acl"] == "private" and storage["OPTIONS"]["querystring_auth"] is True
    assert not storage["OPTIONS"]["file_overwrite"]


def test_s3_without_a_bucket_or_an_unknown_storage_is_refused():
    assert "S3_BUCKET is not set" in storage_settings(FILE_STORAGE="s3").stderr
    assert "FILE_STORAGE must be local or s3" in storage_settings(FILE_STORAGE="ftp").stderr
