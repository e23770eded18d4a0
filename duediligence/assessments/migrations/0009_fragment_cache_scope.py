"""The page cache's entries carry the scope their key names (the organisation a part belongs to), so that each
organisation's parts are capped on their own and a full cache is trimmed evenly (lib/pg_cache.py)."""

from django.db import migrations

FORWARD = """
ALTER TABLE fragment_cache ADD COLUMN IF NOT EXISTS scope varchar(64) NOT NULL DEFAULT '';
CREATE INDEX IF NOT EXISTS fragment_cache_scope_expires ON fragment_cache (scope, expires);
"""

BACKWARD = """
DROP INDEX IF EXISTS fragment_cache_scope_expires;
ALTER TABLE fragment_cache DROP COLUMN IF EXISTS scope;
"""


class Migration(migrations.Migration):
    dependencies = [("assessments", "0008_content_version")]

    operations = [migrations.RunSQL(FORWARD, BACKWARD)]
