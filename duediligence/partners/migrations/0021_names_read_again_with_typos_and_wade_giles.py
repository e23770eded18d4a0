"""Every partner and current entry was read again here, with their tokens, when names began to be read with typos
in words of trade, kinds of body and places ("Logistcis", "Collgee"), Chinese runs in Wade-Giles too ("Kuang-Chi")
and a national body's units as bodies of the country. 0022 now does it, with the reading of names it ships, so
this one no longer reads anything."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("partners", "0020_listed_entities_keep_their_names_as_read"),
    ]

    operations = []
