"""The drills' figures at the end of every run, also under xdist and when the drills pass (captured output of
passing tests is never shown): each drill records them as a property of one of its tests."""

from __future__ import annotations


def pytest_terminal_summary(terminalreporter) -> None:
    seen: list[str] = []
    for outcome in ("passed", "failed"):
        for report in terminalreporter.stats.get(outcome, []):
            for name, value in getattr(report, "user_properties", []):
                line = f"{name}: {value}"
                if name.endswith("drill") and line not in seen:
                    seen.append(line)
    if seen:
        terminalreporter.section("drill figures")
        for line in seen:
            terminalreporter.write_line(line)
