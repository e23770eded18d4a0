"""Benchmark: import and screen 10,000 partners against 2,000 listed entities.

Run with `make bench-partners` (or as part of `make bench`). It creates a throwaway database, generates the
data deterministically (seeded), imports the partner CSV through the same service the page uses, and prints
the wall-clock times. Nothing here is a test: the figures go into bench/README.md.
"""

from __future__ import annotations

import os
import random
import sys
import time
from io import StringIO
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "duediligence.settings")

PARTNERS = int(os.environ.get("BENCH_PARTNERS", 10_000))
ENTITIES = int(os.environ.get("BENCH_ENTITIES", 2_000))
# Pinyin-like syllables: names made of two or three of them are as varied as real company names, which matters
# because trigram search slows down (and over-matches) when every name shares most of its trigrams.
SYLLABLES = [
    "xin",
    "jiang",
    "kash",
    "gar",
    "ho",
    "tan",
    "ak",
    "su",
    "tur",
    "pan",
    "ha",
    "mi",
    "yi",
    "li",
    "ta",
    "cheng",
    "bao",
    "feng",
    "guo",
    "hua",
    "jin",
    "kang",
    "long",
    "ming",
    "ning",
    "qing",
    "rui",
    "sheng",
    "tai",
    "wei",
    "xiang",
    "yuan",
    "zhong",
    "de",
    "fu",
    "hong",
    "lan",
    "shan",
    "tian",
    "yong",
]
WORDS = [
    "Textile",
    "Cotton",
    "Agricultural",
    "Electronics",
    "Logistics",
    "Trading",
    "Technology",
    "Materials",
    "Machinery",
    "Chemical",
    "Mining",
    "Solar",
    "Polysilicon",
    "Garment",
    "Food",
    "Biotech",
]
FORMS = ["Co., Ltd.", "Group", "Company", "Corporation", "Holdings", "Ltd."]
CJK = (
    "新疆喀什和田阿克苏吐鲁番哈密伊犁塔城乌鲁木齐昌吉博尔塔拉巴音郭楞克孜勒苏"
    "石河子五家渠图木舒克纺织棉业农业电子物流贸易科技材料机械化工矿业光伏食品生物"
)


def company(rng: random.Random) -> tuple[str, str]:
    place = "".join(rng.choice(SYLLABLES) for _ in range(2)).capitalize()
    brand = "".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 3))).capitalize()
    name = f"{place} {brand} {rng.choice(WORDS)} {rng.choice(FORMS)}"
    local = "".join(rng.choice(CJK) for _ in range(rng.randint(6, 10))) + "有限公司"
    return name, local


def main() -> None:
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.test.utils import setup_test_environment

    setup_test_environment()
    old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        run(call_command)
    finally:
        if not os.environ.get("BENCH_KEEP_DB"):
            connection.creation.destroy_test_db(old_name, verbosity=0)


def run(call_command) -> None:
    import datetime

    from duediligence.accounts.models import Membership, Organisation, Role, User
    from duediligence.assessments.services import assessment_create
    from duediligence.partners.importer import partner_import
    from duediligence.partners.screening import screen
    from duediligence.questionnaires.loader import DEFAULT_DEFINITION, questionnaire_load

    rng = random.Random(20261129)
    tmp = Path(os.environ.get("BENCH_TMP", "/tmp"))
    entities_path = tmp / "bench-entities.csv"
    lines = ["name,aliases,list,category,source"]
    listed = []
    for index in range(ENTITIES):
        name, local = company(rng)
        name = f"{name} {index}"
        listed.append((name, local))
        lines.append(f'"{name}","{local}",UFLPA,company,bench')
    entities_path.write_text("\n".join(lines) + "\n", encoding="utf-8")

    rows = ["name,name_local,category,city,region,country,relationship,products,since,disclosed,withheld_reason"]
    for index in range(PARTNERS):
        if index % 100 == 0:  # one partner in a hundred is a listed entity under a variant of its name
            name, local = listed[rng.randrange(len(listed))]
            name = name.replace("Co., Ltd.", "Company Limited")
        else:
            name, local = company(rng)
        rows.append(f'"{name} #{index}","{local}",supplier,Kashgar,Xinjiang,China,,,,yes,')
    raw = ("\n".join(rows) + "\n").encode("utf-8")

    questionnaire_load(path=DEFAULT_DEFINITION)
    organisation = Organisation.objects.create(name="Bench AG", slug="bench")
    user = User.objects.create_user(email="bench@example.test", password=None, full_name="Bench")
    membership = Membership.objects.create(user=user, organisation=organisation, role=Role.OFFICER)
    assessment = assessment_create(
        membership=membership,
        title="Bench",
        country="China",
        region="Xinjiang",
        scope="Bench",
        period_start=datetime.date(2026, 1, 1),
        period_end=datetime.date(2026, 12, 31),
    )

    started = time.perf_counter()
    call_command(
        "import_screening_list", str(entities_path), "--slug", "bench", "--name", "Bench list", stdout=StringIO()
    )
    list_seconds = time.perf_counter() - started

    started = time.perf_counter()
    report = partner_import(assessment=assessment, raw=raw)
    if os.environ.get("BENCH_ONLY_LOAD"):
        return
    import_seconds = time.perf_counter() - started
    assert report.ok, report.errors[:5]

    started = time.perf_counter()
    screen()
    rescreen_seconds = time.perf_counter() - started

    print(f"partners imported: {report.created:,} against {ENTITIES:,} listed entities")
    print(f"list import (entities + names + screening of 0 partners): {list_seconds:.2f} s")
    print(
        f"partner import + screening on import: {import_seconds:.2f} s "
        f"({len(report.screening.matched_partner_ids):,} partners matched)"
    )
    print(f"re-screening every partner (as after a list change): {rescreen_seconds:.2f} s")
    print(f"total import and screening: {import_seconds:.2f} s (target: under 30 s)")


if __name__ == "__main__":
    main()
