"""Stable uids for the items an assessment owns (see duediligence/assessments/ownership.py).

Existing rows each get their own random uid in SQL: a Python default would give every existing row the same one.
"""

import uuid

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("risks", "0002_alter_mitigationaction_description_and_more")]

    operations = [
        migrations.AddField("risk", "uid", models.UUIDField(null=True, editable=False)),
        migrations.RunSQL("UPDATE risks_risk SET uid = gen_random_uuid()", migrations.RunSQL.noop),
        migrations.AlterField("risk", "uid", models.UUIDField(default=uuid.uuid4, editable=False)),
        migrations.AddField("mitigationaction", "uid", models.UUIDField(null=True, editable=False)),
        migrations.RunSQL("UPDATE risks_mitigationaction SET uid = gen_random_uuid()", migrations.RunSQL.noop),
        migrations.AlterField("mitigationaction", "uid", models.UUIDField(default=uuid.uuid4, editable=False)),
        migrations.AddField("suggestiondecision", "uid", models.UUIDField(null=True, editable=False)),
        migrations.RunSQL("UPDATE risks_suggestiondecision SET uid = gen_random_uuid()", migrations.RunSQL.noop),
        migrations.AlterField("suggestiondecision", "uid", models.UUIDField(default=uuid.uuid4, editable=False)),
    ]
