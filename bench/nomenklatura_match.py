"""Run inside nomenklatura's own virtualenv by bench/screening_quality.py: its logic-v1 matcher at 0.80.

Reads {"cases": [[name, name_local], ...], "entities": [{"name": ..., "aliases": [...]}, ...]} on stdin and
prints, for each case, the names of the entities it scores at 0.80 or more (JSON list of lists).
"""

from __future__ import annotations

import json
import sys

from followthemoney import model
from nomenklatura.matching import LogicV1
from nomenklatura.matching.types import ScoringConfig

THRESHOLD = 0.80


def company(names: list[str], key: str):
    entity = model.make_entity("Organization")
    entity.id = key
    for name in names:
        if name:
            entity.add("name", name)
    return entity


def main() -> None:
    payload = json.load(sys.stdin)
    config = ScoringConfig.defaults()
    listed = [company([e["name"], *e["aliases"]], f"e{i}") for i, e in enumerate(payload["entities"])]
    answers = []
    for number, (name, local) in enumerate(payload["cases"]):
        query = company([name, local], f"q{number}")
        found = [
            entry["name"]
            for entry, candidate in zip(payload["entities"], listed, strict=True)
            if LogicV1.compare(query, candidate, config).score >= THRESHOLD
        ]
        answers.append(found)
    json.dump(answers, sys.stdout)


if __name__ == "__main__":
    main()
