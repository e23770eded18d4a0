"""Stable uids for the items an assessment owns (see duediligence/assessments/ownership.py).

Existing rows each get their own random uid in SQL: a Python default would give every existing row the same one.
"""

import uuid

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("audits", "0002_alter_audit_independence_and_more")]

    operations = [
        migrations.AddField("audit", "uid", models.UUIDField(null=True, editable=False)),
        migrations.RunSQL("UPDATE audits_audit SET uid = gen_random_uuid()", migrations.RunSQL.noop),
        migrations.AlterField("audit", "uid", models.UUIDField(default=uuid.uuid4, editable=False)),
        migrations.AddField("finding", "uid", models.UUIDField(null=True, editable=False)),
        migrations.RunSQL("UPDATE audits_finding SET uid = gen_random_uuid()", migrations.RunSQL.noop),
        migrations.AlterField("finding", "uid", models.UUIDField(default=uuid.uuid4, editable=False)),
        migrations.AddField("correctiveaction", "uid", models.UUIDField(null=True, editable=False)),
        migrations.RunSQL("UPDATE audits_correctiveaction SET uid = gen_random_uuid()", migrations.RunSQL.noop),
        migrations.AlterField("correctiveaction", "uid", models.UUIDField(default=uuid.uuid4, editable=False)),
    ]
