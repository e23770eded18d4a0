"""`render_worker` whose first render waits until the test says go, for tests/reports/test_worker_survives.py.

Run as a script with the folder the two signals live in: the worker touches `held` once its first render has
begun, and goes on when the test has made `go` (the test restarts PostgreSQL in between). Everything else is the
production command, against the DATABASE_URL in the environment.
"""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "duediligence.settings")

import django

django.setup()

from django.core.management import call_command  # noqa: E402

from duediligence.reports import services  # noqa: E402

signals = Path(sys.argv[1])
render_pdf = services.render_pdf


def held_once(*args, **kwargs):
    if not (signals / "held").exists():
        (signals / "held").touch()
        while not (signals / "go").exists():
            time.sleep(0.05)
    return render_pdf(*args, **kwargs)


services.render_pdf = held_once
call_command("render_worker", "--no-reload", "--no-startup-delay", "--interval", "0.2")
