"""The content version of an assessment (content_version.py), and the table the page fragments are cached in.

The row triggers on the tables that hang off an assessment are installed after every migrate from the
ownership registry (AssessmentsConfig.ready); this migration adds what does not depend on it: the column, the
guard on the assessment row itself, and the cache table.
"""

from django.db import migrations, models

GUARD = """
CREATE FUNCTION assessments_assessment_content_version() RETURNS trigger AS $$
BEGIN
    -- A save from an instance read earlier carries an old number: never go down.
    NEW.content_version := GREATEST(NEW.content_version, OLD.content_version);
    -- A change to the assessment's own fields raises the number (a raise asked for is kept as it is).
    IF NEW.content_version = OLD.content_version AND ROW(NEW.*) IS DISTINCT FROM ROW(OLD.*) THEN
        NEW.content_version := OLD.content_version + 1;
    END IF;
    RETURN NEW;
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER assessments_assessment_content_version
BEFORE UPDATE ON assessments_assessment
FOR EACH ROW EXECUTE FUNCTION assessments_assessment_content_version();
"""

UNGUARD = """
DROP TRIGGER IF EXISTS assessments_assessment_content_version ON assessments_assessment;
DROP FUNCTION IF EXISTS assessments_assessment_content_version();
"""

# Django's DatabaseCache table (as `createcachetable` makes it), UNLOGGED: a cache needs no crash safety, and
# its writes skip the write-ahead log.
CACHE_TABLE = """
CREATE UNLOGGED TABLE IF NOT EXISTS fragment_cache (
    cache_key varchar(255) NOT NULL PRIMARY KEY,
    value text NOT NULL,
    expires timestamp with time zone NOT NULL
);
CREATE INDEX IF NOT EXISTS fragment_cache_expires ON fragment_cache (expires);
"""


class Migration(migrations.Migration):
    dependencies = [("assessments", "0007_carried_forward")]

    operations = [
        migrations.AddField(
            model_name="assessment",
            name="content_version",
            field=models.BigIntegerField(default=0, editable=False),
        ),
        migrations.RunSQL(GUARD, UNGUARD),
        migrations.RunSQL(CACHE_TABLE, "DROP TABLE IF EXISTS fragment_cache;"),
    ]
