"""Entities imported before lists said what kind of listing each entry is get theirs from their programmes.

The shipped list's old layout named its lists BIS, UFLPA and OFAC; anything else stays "other" until the list is
imported again (`manage.py import_screening_list --default` for the shipped one).
"""

from django.db import migrations

KIND_BY_LIST = {"BIS": "export_control", "UFLPA": "import_ban", "OFAC": "blocking_sanction"}


def fill(apps, schema_editor):
    ListedEntity = apps.get_model("partners", "ListedEntity")
    batch = []
    for entity in ListedEntity.objects.filter(kinds=[]).iterator(chunk_size=2000):
        kinds = [KIND_BY_LIST.get(programme.split()[0] if programme else "", "other") for programme in entity.programmes]
        entity.kinds = list(dict.fromkeys(kinds)) or ["other"]
        batch.append(entity)
    ListedEntity.objects.bulk_update(batch, ["kinds"], batch_size=2000)


class Migration(migrations.Migration):
    dependencies = [("partners", "0008_lists_with_dates_hashes_kinds_and_owners")]

    operations = [migrations.RunPython(fill, migrations.RunPython.noop)]
