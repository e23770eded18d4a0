"""Look-up tokens rebuilt for the matcher that weighs evidence (partners/evidence.py): partners carry the places
they name, names of common words carry their one-typo variants, and listed names are looked up only by words
rare enough to be evidence, which needs the words' counts (ScreeningWord) first.

Runs the app's own functions, as the next list import would: the schema they need is the one this migration
follows.
"""

from django.db import migrations


def retoken(apps, schema_editor):
    from duediligence.partners.lists import entity_names_build
    from duediligence.partners.models import EntityName, ListedEntity, Partner
    from duediligence.partners.names import partner_tokens

    batch = []
    for partner in Partner.objects.only("id", "name", "name_local", "owner").iterator(chunk_size=2000):
        partner.match_tokens = partner_tokens(partner.name, partner.name_local, partner.owner)
        batch.append(partner)
        if len(batch) >= 2000:
            Partner.objects.bulk_update(batch, ["match_tokens"])
            batch = []
    Partner.objects.bulk_update(batch, ["match_tokens"])
    EntityName.objects.all().delete()
    entity_names_build(list(ListedEntity.objects.filter(current=True)))


class Migration(migrations.Migration):
    dependencies = [("partners", "0013_screening_words")]

    operations = [migrations.RunPython(retoken, migrations.RunPython.noop)]
