"""Every partner and current entry read again, with their tokens: names now read China's prefecture-level
divisions as places, a word of level after a place ("Aksu City" is not Aksu Prefecture), a government named with
its department as that department, misspelt kinds of body, legal forms of several words, and Chinese names cut
where fewest characters fall outside a word. Supersedes 0021's reading: the app's own functions, as the next list
import would run them, on the schema as 0021 left it (the next migration that adds a column to these models must
supersede this one in turn)."""

from django.db import migrations


def read_again(apps, schema_editor):
    from duediligence.partners.lists import tokens_rebuild
    from duediligence.partners.models import Partner

    tokens_rebuild(Partner.objects.all())


class Migration(migrations.Migration):
    dependencies = [
        ("partners", "0021_names_read_again_with_typos_and_wade_giles"),
    ]

    operations = [
        migrations.RunPython(read_again, migrations.RunPython.noop),
    ]
