"""`make run` keeps its report worker up: supervise.sh starts a command again whenever it exits, and stops it
when told to stop."""

from __future__ import annotations

import os
import signal
import subprocess
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SUPERVISE = ROOT / "duediligence" / "scripts" / "supervise.sh"

pytestmark = pytest.mark.slow


def wait_until(condition, what: str, seconds: float = 30) -> None:
    """Waits for a state, not for a time: `seconds` only bounds a test that would otherwise hang."""
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, f"no {what}"
        time.sleep(0.05)


def test_a_command_that_exits_is_started_again_and_stopped_with_the_supervisor(tmp_path):
    starts = tmp_path / "starts"
    pids = tmp_path / "pids"
    # Dies at once twice, then stays up (as a worker does once the database is back).
    command = f'echo start >> {starts}; echo $$ >> {pids}; [ "$(wc -l < {starts})" -ge 3 ] && exec sleep 600; exit 1'
    supervisor = subprocess.Popen(
        ["bash", str(SUPERVISE), "bash", "-c", command],
        env={**os.environ, "RESTART_SECONDS": "0.1"},
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        wait_until(lambda: starts.exists() and len(starts.read_text().split()) >= 3, "third start")
        last = int(pids.read_text().split()[-1])
        os.kill(last, 0)  # running
    finally:
        supervisor.send_signal(signal.SIGTERM)
        output, _ = supervisor.communicate(timeout=30)
    assert supervisor.returncode == 0
    assert output.count("exited with status 1; starting it again") == 2
    wait_until(
        lambda: not Path(f"/proc/{last}").exists() or "Z" in Path(f"/proc/{last}/stat").read_text().split()[2],
        "the command stopped with its supervisor",
    )
