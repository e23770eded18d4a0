"""Benchmark: screening quality on the labelled cases, for the app and two simple baselines, in one run.

Run with `make bench-screening`. It makes a throwaway database, imports the shipped list, screens the 575 cases
of bench/data/screening_cases.csv (bench/make_screening_cases.py) through the app's own screening, and scores
the same cases with two baselines that need no database:
- rapidfuzz token_set_ratio >= 90 between the partner's names and every listed name, alias and local name;
- the same after OpenSanctions' fingerprints.generate on both sides.
It prints recall, precision, the share of negatives flagged, entities flagged per matched partner and the time
per 1,000 partners, then the cases the app missed and the negatives it flagged.
"""

from __future__ import annotations

import time
from io import StringIO

from common import bench_assessment, in_throwaway_database


def main() -> None:
    in_throwaway_database(run)


def baseline(cases, listed, prepare) -> tuple[callable, float]:
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


def run() -> None:
    import fingerprints
    from django.core.management import call_command

    from duediligence.partners.models import ListedEntity
    from tests.partners.screening_eval import load_cases, measure, screen_with_the_app

    assessment, _ = bench_assessment("Screening quality")
    call_command("import_screening_list", "--default", stdout=StringIO())
    cases = load_cases()
    listed = [
        (name, entity.name)
        for entity in ListedEntity.objects.all()
        for name in [entity.name, *entity.aliases, *entity.local_names]
    ]

    started = time.perf_counter()
    app = screen_with_the_app(cases, assessment)
    app_seconds = time.perf_counter() - started
    plain, plain_seconds = baseline(cases, listed, lambda text: text.lower())
    printed, printed_seconds = baseline(cases, listed, lambda text: fingerprints.generate(text) or "")

    per_thousand = 1000 / len(cases)
    print(f"{len(cases)} cases ({sum(1 for c in cases if c.expected)} positives), {len(listed)} listed names")
    for label, flagged, seconds in [
        ("the app (PostgreSQL candidates, rules in Python)", app, app_seconds),
        ("rapidfuzz token_set_ratio >= 90", plain, plain_seconds),
        ("fingerprints + token_set_ratio >= 90", printed, printed_seconds),
    ]:
        metrics = measure(cases, flagged)
        print(f"{metrics.line(label)}  {seconds * per_thousand:5.2f} s per 1,000 partners")
    metrics = measure(cases, app)
    for case in metrics.misses:
        print(f"  missed ({case.kind}): {case.name or case.name_local} -> {case.expected}")
    for case, found in metrics.false_alarms:
        print(f"  flagged negative: {case.name or case.name_local} -> {found}")
    crowded = [case for case in cases if len(app(case)) > 1]
    print(f"{len(crowded)} partners flagged against more than one entity, e.g.:")
    for case in crowded[:12]:
        print(f"  {case.name or case.name_local} -> {app(case)}")


if __name__ == "__main__":
    main()
