"""Look-up tokens rebuilt for the translations of Chinese names by meaning (partners/data/name_meanings.yaml): a
partner known by 东方希望 now also carries "east", "hope" and "easthope", and a listed Chinese name its whole
rendering, so names translated by meaning meet across scripts; and each Chinese run its other readings, one
character at a time (阿舍勒 is also "ashele"). Runs the app's own functions, as 0014 did."""

from django.db import migrations
from django.db.models import Q


def retoken(apps, schema_editor):
    from duediligence.partners.lists import tokens_rebuild
    from duediligence.partners.models import Partner

    # Only names with Chinese in them change.
    tokens_rebuild(
        Partner.objects.filter(Q(name__regex=r"[一-鿿]") | Q(name_local__regex=r"[一-鿿]") | Q(owner__regex=r"[一-鿿]"))
    )


class Migration(migrations.Migration):
    dependencies = [("partners", "0016_screening_in_batches")]

    operations = [migrations.RunPython(retoken, migrations.RunPython.noop)]
