"""The security log is append-only in PostgreSQL itself, whatever code or shell reaches the table.

UPDATE is refused, but for the one change the schema makes itself: clearing `actor` when an account is deleted
(the row keeps `actor_email`). DELETE is refused unless the session says it is the retention job
(`SET LOCAL duediligence.log_retention = 'on'`, see security/retention.py). TRUNCATE is not a row event: it stays
for tests and for dropping a whole database.
"""

from django.db import migrations

FORWARD = """
CREATE FUNCTION security_event_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'DELETE' THEN
        IF current_setting('duediligence.log_retention', true) = 'on' THEN
            RETURN OLD;
        END IF;
        RAISE EXCEPTION 'the security log is append-only: rows are removed only by the retention job';
    END IF;
    IF NEW.actor_id IS NULL AND OLD.actor_id IS NOT NULL
       AND (to_jsonb(NEW) - 'actor_id') = (to_jsonb(OLD) - 'actor_id') THEN
        RETURN NEW;
    END IF;
    RAISE EXCEPTION 'the security log is append-only: rows are never changed';
END;
$$;
CREATE TRIGGER security_event_append_only
    BEFORE UPDATE OR DELETE ON security_securityevent
    FOR EACH ROW EXECUTE FUNCTION security_event_append_only();
"""

BACKWARD = """
DROP TRIGGER IF EXISTS security_event_append_only ON security_securityevent;
DROP FUNCTION IF EXISTS security_event_append_only();
"""


class Migration(migrations.Migration):
    dependencies = [("security", "0003_recovery_and_retention_kinds")]

    operations = [migrations.RunSQL(FORWARD, BACKWARD)]
