"""Benchmark: screening quality on the development and the two test sets, for the app and the baselines, in one run.

Run with `make bench-screening`. It makes a throwaway database, imports the shipped list, screens every case of
each set through the app's own CSV import and screening, and scores the same cases with the baselines:
- rapidfuzz token_set_ratio >= 90 between the partner's names and every listed name, alias and local name;
- the same after OpenSanctions' fingerprints.generate on both sides;
- OpenSanctions' nomenklatura, its logic-v1 matcher at 0.80 (in a virtualenv of its own, bench/nomenklatura.py,
  where it installs: it pins libraries of its own).
It prints, per set and method, recall, negatives flagged, precision, entities per matched partner and the time
per 1,000 partners, then the app's recall by kind. Misses and false alarms are printed for the development sets
only: the test sets are never read case by case (bench/README.md, "Screening quality").
"""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
import time

from common import ROOT, bench_assessment, in_throwaway_database

NOMENKLATURA_VENV = ROOT / "var" / "bench-nomenklatura"
NOMENKLATURA_VERSION = "4.17.4"


def main() -> None:
    in_throwaway_database(run)


def baseline(cases, listed, prepare):
    from rapidfuzz import fuzz

    prepared = [(prepare(name), entity) for name, entity in listed]
    started = time.perf_counter()
    answers = {}
    for case in cases:
        found = set()
        for own in (case.name, case.name_local):
            key = prepare(own) if own else ""
            if not key:
                continue
            for listed_key, entity in prepared:
                if listed_key and fuzz.token_set_ratio(key, listed_key) >= 90:
                    found.add(entity)
        answers[id(case)] = sorted(found)
    seconds = time.perf_counter() - started
    return (lambda case: answers[id(case)]), seconds


def nomenklatura(cases, entities):
    """nomenklatura's logic-v1 in its own virtualenv; None when it cannot be installed here."""
    python = NOMENKLATURA_VENV / "bin" / "python"
    if not python.exists():
        try:
            subprocess.run([sys.executable, "-m", "venv", str(NOMENKLATURA_VENV)], check=True)
            subprocess.run(
                [str(python), "-m", "pip", "install", "--quiet", f"nomenklatura=={NOMENKLATURA_VERSION}"],
                check=True,
                timeout=600,
            )
        except (subprocess.SubprocessError, OSError) as error:
            print(f"nomenklatura could not be installed here ({error}); its baseline is left out")
            return None, 0.0
    payload = {
        "cases": [[case.name, case.name_local] for case in cases],
        "entities": entities,
    }
    started = time.perf_counter()
    result = subprocess.run(
        [str(python), str(ROOT / "bench" / "nomenklatura_match.py")],
        input=json.dumps(payload),
        capture_output=True,
        text=True,
        timeout=1800,
        check=False,
    )
    seconds = time.perf_counter() - started
    if result.returncode != 0:
        print("nomenklatura failed:", result.stderr.strip().splitlines()[-1:] or result.returncode)
        return None, 0.0
    answers = json.loads(result.stdout)
    by_case = {id(case): answer for case, answer in zip(cases, answers, strict=True)}
    return (lambda case: by_case[id(case)]), seconds


def run() -> None:
    import fingerprints
    from django.core.management import call_command

    from duediligence.partners.models import ListedEntity
    from tests.partners.screening_eval import (
        DEVELOPMENT,
        TEST,
        TEST_B,
        load_cases,
        measure,
        recall_by_kind,
        screen_with_the_app,
    )

    call_command("import_screening_list", "--default", stdout=io.StringIO())
    current = ListedEntity.objects.filter(current=True)
    listed = [(name, entity.name) for entity in current for name in [entity.name, *entity.aliases, *entity.local_names]]
    entities = [
        {"name": entity.name, "aliases": [*entity.aliases, *entity.local_names]} for entity in current.order_by("pk")
    ]
    sets = [
        ("development", load_cases(*DEVELOPMENT), True),
        ("test", load_cases(TEST), False),
        ("test B", load_cases(TEST_B), False),
    ]
    # BENCH_SETS=development while tuning: the test sets are then not even run.
    wanted = os.environ.get("BENCH_SETS", "development,test,test B").split(",")
    sets = [entry for entry in sets if entry[0] in wanted]
    for number, (label, cases, show_cases) in enumerate(sets):
        if not cases:
            print(f"{label}: no cases")
            continue
        assessment, _ = bench_assessment(f"Screening quality ({label})", slug=f"bench-{number}")
        started = time.perf_counter()
        app = screen_with_the_app(cases, assessment)
        app_seconds = time.perf_counter() - started
        methods = [("the app", app, app_seconds)]
        methods.append(("rapidfuzz token_set >= 90", *baseline(cases, listed, lambda text: text.lower())))
        methods.append(
            ("fingerprints + token_set >= 90", *baseline(cases, listed, lambda t: fingerprints.generate(t) or ""))
        )
        if not os.environ.get("BENCH_NO_NOMENKLATURA"):
            flagged, seconds = nomenklatura(cases, entities)
            if flagged is not None:
                methods.append(("nomenklatura logic-v1 @ 0.80", flagged, seconds))
        positives = sum(1 for case in cases if case.expected)
        print(f"\n{label} set: {len(cases)} cases ({positives} positives, {len(cases) - positives} negatives)")
        per_thousand = 1000 / len(cases)
        for method, flagged, seconds in methods:
            metrics = measure(cases, flagged)
            print(
                f"  {metrics.line(method)}  negatives flagged {metrics.negatives_flagged * metrics.negatives:.0f} "
                f"of {metrics.negatives}  {seconds * per_thousand:5.2f} s per 1,000"
            )
        print("  the app's results by kind (right / cases):")
        for kind, (right, total) in recall_by_kind(cases, app).items():
            print(f"    {kind:32} {right:4} / {total:<4} {right / total:6.1%}")
        if show_cases:
            metrics = measure(cases, app)
            for case in metrics.misses:
                print(f"  missed ({case.kind}): {case.name or case.name_local} | {case.name_local} -> {case.expected}")
            for case, found in metrics.false_alarms:
                print(f"  flagged negative ({case.kind}): {case.name or case.name_local} -> {found}")
            for case in cases:
                others = [name for name in app(case) if case.expected and name != case.expected]
                if others:
                    print(f"  also flagged ({case.kind}): {case.name or case.name_local} -> {others}")


if __name__ == "__main__":
    main()
