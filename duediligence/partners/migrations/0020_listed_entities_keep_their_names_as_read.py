"""Listed entities keep their names as screening read them, as partners do since 0019, so a list import reads
only new or changed entries' names and screening reads no partner's name again. Every partner and current entry
is read here (with the tokens, as 0014 and 0017 did, which this supersedes): the app's own functions, as the next
list import would run them, on the schema this migration makes."""

from django.db import migrations, models


def read_again(apps, schema_editor):
    from duediligence.partners.lists import tokens_rebuild
    from duediligence.partners.models import Partner

    tokens_rebuild(Partner.objects.all())


class Migration(migrations.Migration):
    dependencies = [
        ("partners", "0019_partners_keep_their_names_as_read"),
    ]

    operations = [
        migrations.AddField(
            model_name="listedentity",
            name="name_keys",
            field=models.BinaryField(blank=True, default=b"", editable=False),
        ),
        migrations.RunPython(read_again, migrations.RunPython.noop),
    ]
