import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

PROBE = """
import django, json
django.setup()
from django.test import Client
response = Client(HTTP_HOST="localhost").get("/healthz")
print(json.dumps({"status": response.status_code, "body": response.json()}))
"""


def test_it_answers_ok_while_the_database_answers(client, db):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"database": "ok"}
    assert "no-cache" in response["Cache-Control"]


def test_it_answers_503_when_the_database_is_unreachable():
    # A real server process whose DATABASE_URL points at a port where nothing listens.
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "duediligence.settings"}
    env["DATABASE_URL"] = "postgres://postgres@127.0.0.1:9/duediligence"
    result = subprocess.run(
        [sys.executable, "-c", PROBE], cwd=ROOT, env=env, capture_output=True, text=True, check=True, timeout=60
    )
    answer = json.loads(result.stdout.strip().splitlines()[-1])
    assert answer == {"status": 503, "body": {"database": "unavailable"}}
