"""A version of the organisation's records is never changed or deleted: a statement that was reviewed and
published names exactly the versions it was made from, and reading them again must give the same text."""

from django.db import migrations

TABLES = ("records_profile", "records_policy", "records_training")

FUNCTION = """
CREATE OR REPLACE FUNCTION records_version_unchanged() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'a version of the organisation''s records (% %) never changes; save a new version instead',
        TG_TABLE_NAME, OLD.id USING ERRCODE = 'DDF02';
END;
$$ LANGUAGE plpgsql;
"""

SQL = FUNCTION + "".join(
    f"DROP TRIGGER IF EXISTS version_unchanged ON {table};\n"
    f"CREATE TRIGGER version_unchanged BEFORE UPDATE OR DELETE ON {table} "
    "FOR EACH ROW EXECUTE FUNCTION records_version_unchanged();\n"
    for table in TABLES
)

REVERSE = "".join(f"DROP TRIGGER IF EXISTS version_unchanged ON {table};\n" for table in TABLES) + (
    "DROP FUNCTION IF EXISTS records_version_unchanged();"
)


class Migration(migrations.Migration):
    dependencies = [("records", "0001_initial")]

    operations = [migrations.RunSQL(SQL, REVERSE)]
