"""Stable uids for the items an assessment owns (see duediligence/assessments/ownership.py).

Existing rows each get their own random uid in SQL: a Python default would give every existing row the same one.
"""

import uuid

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("assessments", "0005_alter_assessment_scope_alter_transition_note")]

    operations = [
        migrations.AddField("evidence", "uid", models.UUIDField(null=True, editable=False)),
        migrations.RunSQL("UPDATE assessments_evidence SET uid = gen_random_uuid()", migrations.RunSQL.noop),
        migrations.AlterField("evidence", "uid", models.UUIDField(default=uuid.uuid4, editable=False)),
    ]
