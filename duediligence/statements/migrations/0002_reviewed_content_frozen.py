"""What an auditor reviews of a statement never changes once it is submitted: its texts, regimes, year and what it
was made from. The service refuses first; this trigger refuses every other path, with the frozen-content SQLSTATE
that pages answer as a 409 (lib/frozen.py). A statement that left the draft is never deleted."""

from django.db import migrations

REVIEWED = (
    "organisation_id",
    "year_start",
    "year_end",
    "regimes",
    "introduction",
    "business_and_supply_chains",
    "remediation",
    "effectiveness",
    "working_conditions",
    "assessment_ids",
    "profile_id",
    "policy_ids",
    "training_ids",
    "public_token",
)
CHANGED = " OR ".join(f"NEW.{name} IS DISTINCT FROM OLD.{name}" for name in REVIEWED)

SQL = f"""
CREATE OR REPLACE FUNCTION statements_reviewed_unchanged() RETURNS trigger AS $$
BEGIN
    IF TG_OP = 'DELETE' THEN
        IF OLD.status <> 'draft' THEN
            RAISE EXCEPTION 'statement % is %, so it is never deleted', OLD.id, OLD.status USING ERRCODE = 'DDF01';
        END IF;
        RETURN OLD;
    END IF;
    IF OLD.status NOT IN ('draft', 'changes_requested') AND ({CHANGED}) THEN
        RAISE EXCEPTION 'statement % is %: what was reviewed never changes', OLD.id, OLD.status
            USING ERRCODE = 'DDF01';
    END IF;
    IF OLD.status = 'published' AND NEW.status <> 'published' THEN
        RAISE EXCEPTION 'statement % is published and stays so', OLD.id USING ERRCODE = 'DDF01';
    END IF;
    RETURN NEW;
END;
$$ LANGUAGE plpgsql;
DROP TRIGGER IF EXISTS reviewed_unchanged ON statements_statement;
CREATE TRIGGER reviewed_unchanged BEFORE UPDATE OR DELETE ON statements_statement
    FOR EACH ROW EXECUTE FUNCTION statements_reviewed_unchanged();
"""

REVERSE = """
DROP TRIGGER IF EXISTS reviewed_unchanged ON statements_statement;
DROP FUNCTION IF EXISTS statements_reviewed_unchanged();
"""


class Migration(migrations.Migration):
    dependencies = [("statements", "0001_initial")]

    operations = [migrations.RunSQL(SQL, REVERSE)]
