"""Fill the new screening keys of existing partners and listed names (the keys come from partners/names.py).

Listed names are rebuilt from their entities (name, aliases, local names); partners get their tokens. The next
screening (at the next import, save or list update, or `manage.py screen_partners`) uses them.
"""

from django.db import migrations


def fill(apps, schema_editor):
    from duediligence.partners.names import key_for
    from duediligence.partners.normalise import normalise

    Partner = apps.get_model("partners", "Partner")
    ListedEntity = apps.get_model("partners", "ListedEntity")
    EntityName = apps.get_model("partners", "EntityName")
    batch = []
    for partner in Partner.objects.only("id", "name", "name_local").iterator(chunk_size=2000):
        tokens = set(key_for(partner.name).tokens) | (set(key_for(partner.name_local).tokens) if partner.name_local else set())
        partner.match_tokens = sorted(tokens)
        batch.append(partner)
        if len(batch) >= 2000:
            Partner.objects.bulk_update(batch, ["match_tokens"])
            batch = []
    Partner.objects.bulk_update(batch, ["match_tokens"])
    EntityName.objects.all().delete()
    names = []
    for entity in ListedEntity.objects.all().iterator(chunk_size=2000):
        seen = set()
        for label, kind in [(entity.name, "name")] + [(a, "alias") for a in entity.aliases] + [
            (n, "local") for n in entity.local_names
        ]:
            key = normalise(label)
            if key and label not in seen:
                seen.add(label)
                names.append(
                    EntityName(entity=entity, name_norm=key, label=label, kind=kind, tokens=sorted(key_for(label).tokens))
                )
    EntityName.objects.bulk_create(names, batch_size=5000)


class Migration(migrations.Migration):
    dependencies = [("partners", "0004_match_tokens")]

    operations = [migrations.RunPython(fill, migrations.RunPython.noop)]
