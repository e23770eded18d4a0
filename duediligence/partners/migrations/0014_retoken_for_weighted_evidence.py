"""Look-up tokens rebuilt for the matcher that weighs evidence (partners/evidence.py): partners carry the places
they name, names of common words carry their one-typo variants, and listed names are looked up only by words
rare enough to be evidence, which needs the words' counts (ScreeningWord) first.

Runs the app's own functions, as the next list import would: the schema they need is the one this migration
follows.
"""

from django.db import migrations


def retoken(apps, schema_editor):
    # Superseded by 0020, which reads every partner and listed name again: this ran the app's current functions,
    # which now also store the names as read, in columns added after this migration.
    return


class Migration(migrations.Migration):
    dependencies = [("partners", "0013_screening_words")]

    operations = [migrations.RunPython(retoken, migrations.RunPython.noop)]
