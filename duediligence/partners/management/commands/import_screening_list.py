from pathlib import Path

import yaml
from django.core.management.base import BaseCommand, CommandError

from duediligence.partners.lists import ListImportError, screening_list_import

DATA_DIR = Path(__file__).resolve().parents[2] / "data"


class Command(BaseCommand):
    help = (
        "Import a screening list (our CSV layout, or the US Consolidated Screening List CSV) and screen every "
        "partner against it again. Re-importing a list replaces it in one transaction."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("path", nargs="?", help="the CSV file")
        parser.add_argument("--format", choices=["csv", "csl"], default="csv")
        parser.add_argument("--default", action="store_true", help="load the list shipped with the app")
        parser.add_argument("--slug", help="identifies the list; the same slug replaces it (default: the file name)")
        parser.add_argument("--name", help="the list's name as users see it")
        parser.add_argument("--publisher", default="", help="who publishes the list")
        parser.add_argument("--source-url", default="", help="where the list was downloaded from")

    def handle(self, *args, **options) -> None:
        if options["default"]:
            meta = yaml.safe_load((DATA_DIR / "default_list.yaml").read_text(encoding="utf-8"))
            path, fmt = DATA_DIR / meta["file"], meta["format"]
            settings = {key: meta.get(key, "") for key in ("slug", "name", "publisher", "source_url", "caveat")}
        else:
            if not options["path"]:
                raise CommandError("give the path of a CSV file, or --default for the list shipped with the app")
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
            result = screening_list_import(path=path, fmt=fmt, **settings)
        except ListImportError as error:
            raise CommandError(str(error)) from None
        screening = result.screening
        self.stdout.write(
            f"Imported {result.entities} entities into “{result.screening_list}”; screened {screening.partners} "
            f"partners: {screening.added} new potential matches, {screening.dropped} dropped, "
            f"{screening.kept_decisions} earlier decisions kept."
        )
