"""Stable uids for the items an assessment owns (see duediligence/assessments/ownership.py).

Existing rows each get their own random uid in SQL: a Python default would give every existing row the same one.
"""

import uuid

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("partners", "0002_alter_partner_products_alter_partner_relationship_and_more")]

    operations = [
        migrations.AddField("partner", "uid", models.UUIDField(null=True, editable=False)),
        migrations.RunSQL("UPDATE partners_partner SET uid = gen_random_uuid()", migrations.RunSQL.noop),
        migrations.AlterField("partner", "uid", models.UUIDField(default=uuid.uuid4, editable=False)),
        migrations.AddField("screeningmatch", "uid", models.UUIDField(null=True, editable=False)),
        migrations.RunSQL("UPDATE partners_screeningmatch SET uid = gen_random_uuid()", migrations.RunSQL.noop),
        migrations.AlterField("screeningmatch", "uid", models.UUIDField(default=uuid.uuid4, editable=False)),
    ]
