import datetime
from pathlib import Path
from typing import Any

import yaml
from django.core.management.base import BaseCommand, CommandError, CommandParser

from duediligence.partners.lists import FORMATS, ListImportError, screening_list_import
from duediligence.partners.tasks import rescreen_pending_task

DATA_DIR = Path(__file__).resolve().parents[2] / "data"


def _date(value: str) -> datetime.date:
    try:
        return datetime.date.fromisoformat(value)
    except ValueError:
        raise CommandError(f"--file-date {value!r} is not a date like 2026-11-29") from None


class Command(BaseCommand):
    help = (
        "Import a screening list and screen every partner against it again. Formats: csv (our layout), csl (US "
        "Consolidated Screening List CSV), sdn (OFAC's sdn.csv, with alt.csv and add.csv beside it), opensanctions "
        "(targets.simple.csv), eu (the EU consolidated financial sanctions XML). Re-importing a list (same slug) "
        "replaces it in one transaction; a file that cannot be read changes nothing."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path", nargs="?", help="the file (for sdn: sdn.csv or the folder holding it)")
        parser.add_argument("--format", choices=FORMATS, default="csv")
        parser.add_argument("--default", action="store_true", help="load the list shipped with the app")
        parser.add_argument("--slug", help="identifies the list; the same slug replaces it (default: the file name)")
        parser.add_argument("--name", help="the list's name as users see it")
        parser.add_argument("--publisher", default="", help="who publishes the list")
        parser.add_argument("--source-url", default="", help="where the list was downloaded from")
        parser.add_argument(
            "--file-date",
            type=_date,
            help="the list's date as its publisher gives it, for formats that do not carry one (csl, sdn)",
        )
        parser.add_argument(
            "--background",
            action="store_true",
            help="store the edition only; the worker screens partners again in batches (progress on the lists page)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["default"]:
            meta = yaml.safe_load((DATA_DIR / "default_list.yaml").read_text(encoding="utf-8"))
            path, fmt = DATA_DIR / meta["file"], meta["format"]
            settings = {key: meta.get(key, "") for key in ("slug", "name", "publisher", "source_url", "caveat")}
        else:
            if not options["path"]:
                raise CommandError("give the path of the list's file, or --default for the list shipped with the app")
            path, fmt = Path(options["path"]), options["format"]
            slug = options["slug"] or path.stem.lower().replace("_", "-")
            settings = {
                "slug": slug,
                "name": options["name"] or path.stem,
                "publisher": options["publisher"],
                "source_url": options["source_url"],
                "caveat": "",
            }
        try:
            result = screening_list_import(
                path=path, fmt=fmt, file_date=options["file_date"], background=options["background"], **settings
            )
        except ListImportError as error:
            raise CommandError(str(error)) from None
        screening, screening_list = result.screening, result.screening_list
        self.stdout.write(
            f"Imported {result.entities} entities into “{screening_list}”"
            + (f" ({result.skipped} people, vessels or aircraft left out)" if result.skipped else "")
            + f"; file date {screening_list.file_date:%Y-%m-%d} (from {screening_list.file_date_from})."
        )
        for described in screening_list.files:
            self.stdout.write(f"  {described['name']}: {described['bytes']:,} bytes, SHA-256 {described['sha256']}")
        for note in result.notes:
            self.stdout.write(f"Note: {note}.")
        imported = result.list_import
        if imported.replaced_id:
            self.stdout.write(
                f"Against the edition it replaces: {imported.added} entities added, {imported.changed} changed "
                f"(kept as the same entity, with their decisions), {imported.removed} no longer listed."
            )
        if options["background"]:
            rescreen_pending_task.enqueue()
            self.stdout.write(
                "Partners will be screened again in batches by the worker (task queued); the lists page shows how far."
            )
            return
        self.stdout.write(
            f"Screened the {screening.partners} partners of assessments open for editing: {screening.added} new "
            f"potential matches, {screening.dropped} dropped, {screening.kept_decisions} earlier decisions kept."
        )
        if imported.notices:
            self.stdout.write(
                f"{imported.notices} submitted, approved or published revisions have partners the new entries would "
                "flag: they are not screened again, but each shows a notice."
            )
        if imported.new_matches:
            self.stdout.write("Officers of the organisations concerned will be told by email (task queued).")
        if imported.notices:
            self.stdout.write("Managers of the revisions concerned will be told by email (task queued).")
