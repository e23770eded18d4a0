"""Every partner and current entry read again, with their tokens: names now read misspelt words of trade,
kinds of body and places as those words ("Logistcis", "Collgee"), Chinese runs in Wade-Giles too ("Kuang-Chi"),
and a national body's units as bodies of the country. Supersedes 0020's reading: the app's own functions, as the
next list import would run them, on the schema as 0020 left it (the next migration that adds a column to these
models must supersede this one in turn)."""

from django.db import migrations


def read_again(apps, schema_editor):
    from duediligence.partners.lists import tokens_rebuild
    from duediligence.partners.models import Partner

    tokens_rebuild(Partner.objects.all())


class Migration(migrations.Migration):
    dependencies = [
        ("partners", "0020_listed_entities_keep_their_names_as_read"),
    ]

    operations = [
        migrations.RunPython(read_again, migrations.RunPython.noop),
    ]
