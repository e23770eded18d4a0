"""Stable uids for the items an assessment owns (see duediligence/assessments/ownership.py).

Existing rows each get their own random uid in SQL: a Python default would give every existing row the same one.
"""

import uuid

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("review", "0002_alter_comment_reply_alter_comment_text")]

    operations = [
        migrations.AddField("comment", "uid", models.UUIDField(null=True, editable=False)),
        migrations.RunSQL("UPDATE review_comment SET uid = gen_random_uuid()", migrations.RunSQL.noop),
        migrations.AlterField("comment", "uid", models.UUIDField(default=uuid.uuid4, editable=False)),
    ]
