"""Refill the screening keys of partners and listed names: lookups by runs of characters and syllables.

Listed names are rebuilt from their entities (name, aliases, local names); partners get their tokens. The next
screening (at the next import, save or list update, or `manage.py screen_partners`) uses them.
"""

from django.db import migrations


def fill(apps, schema_editor):
    from duediligence.partners.names import listed_name_rows, partner_tokens

    Partner = apps.get_model("partners", "Partner")
    ListedEntity = apps.get_model("partners", "ListedEntity")
    EntityName = apps.get_model("partners", "EntityName")
    batch = []
    for partner in Partner.objects.only("id", "name", "name_local").iterator(chunk_size=2000):
        partner.match_tokens = partner_tokens(partner.name, partner.name_local)
        batch.append(partner)
        if len(batch) >= 2000:
            Partner.objects.bulk_update(batch, ["match_tokens"])
            batch = []
    Partner.objects.bulk_update(batch, ["match_tokens"])
    EntityName.objects.all().delete()
    EntityName.objects.bulk_create(
        [
            EntityName(entity=entity, **row)
            for entity in ListedEntity.objects.all().iterator(chunk_size=2000)
            for row in listed_name_rows(entity.name, entity.aliases, entity.local_names)
        ],
        batch_size=5000,
    )


class Migration(migrations.Migration):
    dependencies = [("partners", "0005_fill_match_tokens")]

    operations = [migrations.RunPython(fill, migrations.RunPython.noop)]
