"""Listed entities keep their names as screening read them, as partners do since 0019, so a list import reads
only new or changed entries' names and screening reads no partner's name again. Every partner and current entry
was read here (with the tokens, as 0014 and 0017 did, which this superseded); 0021 now does it, with the reading
of names it ships, so this one no longer reads anything."""

from django.db import migrations, models


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
    ]
