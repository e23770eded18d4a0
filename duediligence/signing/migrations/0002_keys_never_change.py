"""A signing key's certificate and encrypted key never change and a key is never deleted: what it signed must
verify against it for as long as the publications exist. Only `retired_at` may be set, once."""

from django.db import migrations

SQL = """
CREATE OR REPLACE FUNCTION signing_key_unchanged() RETURNS trigger AS $$
BEGIN
    IF TG_OP = 'DELETE' THEN
        RAISE EXCEPTION 'signing key % is kept: its publications verify against it', OLD.id
            USING ERRCODE = 'DDF01';
    END IF;
    IF NEW.uid IS DISTINCT FROM OLD.uid OR NEW.organisation_id IS DISTINCT FROM OLD.organisation_id
       OR NEW.certificate_pem IS DISTINCT FROM OLD.certificate_pem
       OR NEW.fingerprint_sha256 IS DISTINCT FROM OLD.fingerprint_sha256
       OR NEW.encrypted_private_key IS DISTINCT FROM OLD.encrypted_private_key
       OR NEW.source IS DISTINCT FROM OLD.source OR NEW.subject IS DISTINCT FROM OLD.subject
       OR NEW.not_before IS DISTINCT FROM OLD.not_before OR NEW.not_after IS DISTINCT FROM OLD.not_after
       OR NEW.created_at IS DISTINCT FROM OLD.created_at OR NEW.created_by_id IS DISTINCT FROM OLD.created_by_id
       OR (OLD.retired_at IS NOT NULL AND NEW.retired_at IS DISTINCT FROM OLD.retired_at) THEN
        RAISE EXCEPTION 'signing key % never changes; make a new one instead', OLD.id USING ERRCODE = 'DDF01';
    END IF;
    RETURN NEW;
END;
$$ LANGUAGE plpgsql;
DROP TRIGGER IF EXISTS signing_key_unchanged ON signing_signingkey;
CREATE TRIGGER signing_key_unchanged BEFORE UPDATE OR DELETE ON signing_signingkey
FOR EACH ROW EXECUTE FUNCTION signing_key_unchanged();
"""

REVERSE = """
DROP TRIGGER IF EXISTS signing_key_unchanged ON signing_signingkey;
DROP FUNCTION IF EXISTS signing_key_unchanged();
"""


class Migration(migrations.Migration):
    dependencies = [("signing", "0001_initial")]

    operations = [migrations.RunSQL(SQL, REVERSE)]
