"""`make messages`: the catalogue of every language the public pages speak (settings.PUBLIC_LANGUAGES), collected
from the code and templates, then compiled and checked. Translate the new entries in each .po (docs/languages.md),
then run it again: the compiled .mo files the app loads are in the repository beside their sources."""

from __future__ import annotations

import shutil
import subprocess
from typing import Any

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

from duediligence.lib.public_languages import catalogue_path, translated_languages

# Folders whose strings no public page shows.
IGNORED = [".venv/*", "var/*", "bench/*", "tests/*", "node_modules/*"]


class Command(BaseCommand):
    help = "Collect and compile the catalogue of every public language (make messages)."
    # It makes what the system check asks for (a new language's compiled catalogue), so it cannot wait for it.
    requires_system_checks: list[str] = []

    def handle(self, *args: Any, **options: Any) -> None:
        msgfmt = shutil.which("msgfmt")
        if msgfmt is None:
            raise CommandError("msgfmt is missing: install gettext (apt-get install gettext)")
        languages = translated_languages()
        call_command(
            "makemessages",
            locale=[each.locale for each in languages],
            ignore_patterns=IGNORED,
            no_obsolete=True,
            verbosity=options["verbosity"],
        )
        for each in languages:
            source = catalogue_path(each)
            result = subprocess.run(
                [msgfmt, "--check", "-o", str(source.with_suffix(".mo")), str(source)],
                capture_output=True,
                text=True,
                check=False,
            )
            if result.returncode:
                raise CommandError(f"{source}: {result.stderr.strip()}")
            self.stdout.write(f"{each.code}: {source} compiled")
