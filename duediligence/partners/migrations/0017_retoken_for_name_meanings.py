"""Look-up tokens rebuilt for the translations of Chinese names by meaning (partners/data/name_meanings.yaml): a
partner known by 东方希望 now also carries "east", "hope" and "easthope", and a listed Chinese name its whole
rendering, so names translated by meaning meet across scripts; and each Chinese run its other readings, one
character at a time (阿舍勒 is also "ashele"). Runs the app's own functions, as 0014 did."""

from django.db import migrations


def retoken(apps, schema_editor):
    # Superseded by 0020, which reads every partner and listed name again: this ran the app's current functions,
    # which now also store the names as read, in columns added after this migration.
    return


class Migration(migrations.Migration):
    dependencies = [("partners", "0016_screening_in_batches")]

    operations = [migrations.RunPython(retoken, migrations.RunPython.noop)]
