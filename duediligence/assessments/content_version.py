"""An assessment's content version: a number PostgreSQL raises whenever anything the assessment shows changes.

Pages cache what they render under this number (duediligence/lib/fragments.py), so a cached part is never
served after a change. The number is kept by triggers, not by model code, for the same reason the answer
history is (migration 0002): bulk inserts, queryset updates, corrections, imports and shell sessions all
change rows without calling model methods, and each of them must still make old fragments unreachable.

- Every table that hangs off an assessment (ownership.py's registry, owned or not) gets a row trigger that
  raises the version of the row's assessment, found by the table's scope (e.g. `risk__assessment`).
- The assessment table itself gets a BEFORE UPDATE trigger (migration 0008): a change to its own fields
  raises the version, and a save from a model instance read earlier can never lower it.

In production the row triggers are deferred to the commit and raise each assessment's version once per
transaction: the version and the data become visible together, and the assessment row is locked only for the
moment of the commit, not for the whole of a long screening or import. Tests run inside transactions that never
commit, so there they fire after each statement and every statement raises the version
(`CONTENT_VERSION_TIMING = "statement"`).

The triggers are (re)installed after every `migrate`, from the registry, so a table registered later is
covered without a migration of its own; a test holds every registered table to having them.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import connections, models

from duediligence.assessments.models import Assessment
from duediligence.assessments.ownership import not_owned, tables

TRIGGER = "content_version"
BUMP = """
CREATE OR REPLACE FUNCTION assessments_content_version_bump(target bigint, once_per_transaction boolean)
RETURNS void AS $$
DECLARE
    seen text;
BEGIN
    IF target IS NULL THEN
        RETURN;
    END IF;
    IF once_per_transaction THEN
        -- A transaction-local list of the assessments already raised: one UPDATE each, whatever the rows.
        seen := coalesce(current_setting('duediligence.versions_raised', true), '');
        IF position(',' || target || ',' IN seen) > 0 THEN
            RETURN;
        END IF;
        PERFORM set_config('duediligence.versions_raised',
                           CASE WHEN seen = '' THEN ',' ELSE seen END || target || ',', true);
    END IF;
    UPDATE assessments_assessment SET content_version = content_version + 1 WHERE id = target;
END;
$$ LANGUAGE plpgsql;
"""


def _path(model: type[models.Model], scope: str) -> tuple[str, list[tuple[str, str]]]:
    """The column of `model` that starts the way to its assessment, and the joins after it: (table, column)
    pairs, each table's row found by its primary key and its column leading on."""
    steps = scope.split("__")
    first = model._meta.get_field(steps[0])
    assert isinstance(first, models.ForeignKey), f"{model.__name__}.{steps[0]} is not a foreign key"
    joins = []
    current = first.related_model
    for name in steps[1:]:
        assert isinstance(current, type) and issubclass(current, models.Model)
        step_field = current._meta.get_field(name)
        assert isinstance(step_field, models.ForeignKey), f"{current.__name__}.{name} is not a foreign key"
        joins.append((current._meta.db_table, step_field.column))
        current = step_field.related_model
    return first.column, joins


def _target_sql(record: str, column: str, joins: list[tuple[str, str]]) -> str:
    """An expression for the assessment id of the trigger's row `record` (NEW or OLD): its own column, wrapped in
    one lookup by primary key per join, innermost first, e.g. (SELECT "assessment_id" FROM "risks_risk" WHERE
    id = NEW.risk_id)."""
    expression = f"{record}.{column}"
    for table, next_column in joins:
        expression = f'(SELECT "{next_column}" FROM "{table}" WHERE id = {expression})'
    return expression


def scopes() -> dict[type[models.Model], str]:
    """Every table that hangs off an assessment, with its lookup to it."""
    found = {table.model: table.scope for table in tables()}
    for model in not_owned():
        direct = [
            f.name
            for f in model._meta.concrete_fields
            if isinstance(f, models.ForeignKey) and f.related_model is Assessment
        ]
        assert direct, f"{model.__name__} is registered as not owned but has no foreign key to an assessment"
        found[model] = direct[0]
    return found


def install_sql(model: type[models.Model], scope: str, timing: str) -> str:
    table = model._meta.db_table
    column, joins = _path(model, scope)
    function = f"{table}_{TRIGGER}"
    once = "true" if timing == "commit" else "false"
    # A deferred trigger must be a constraint trigger, which PostgreSQL allows only FOR EACH ROW.
    when = "DEFERRABLE INITIALLY DEFERRED" if timing == "commit" else "NOT DEFERRABLE"
    return f"""
CREATE OR REPLACE FUNCTION "{function}"() RETURNS trigger AS $$
BEGIN
    IF TG_OP IN ('INSERT', 'UPDATE') THEN
        PERFORM assessments_content_version_bump({_target_sql("NEW", column, joins)}, {once});
    END IF;
    IF TG_OP IN ('UPDATE', 'DELETE') THEN
        PERFORM assessments_content_version_bump({_target_sql("OLD", column, joins)}, {once});
    END IF;
    RETURN NULL;
END;
$$ LANGUAGE plpgsql;
DROP TRIGGER IF EXISTS "{TRIGGER}" ON "{table}";
CREATE CONSTRAINT TRIGGER "{TRIGGER}" AFTER INSERT OR UPDATE OR DELETE ON "{table}" {when}
FOR EACH ROW EXECUTE FUNCTION "{function}"();
"""


def install(using: str = "default", timing: str | None = None) -> int:
    """(Re)install the triggers on every table that hangs off an assessment; returns how many tables."""
    timing = timing or settings.CONTENT_VERSION_TIMING
    if timing not in ("commit", "statement"):
        raise ValueError(f"CONTENT_VERSION_TIMING must be 'commit' or 'statement', not {timing!r}")
    found = scopes()
    with connections[using].cursor() as cursor:
        cursor.execute(BUMP)
        for model, scope in found.items():
            cursor.execute(install_sql(model, scope, timing))
    return len(found)


def install_after_migrate(using: str = "default", **kwargs: Any) -> None:
    """post_migrate receiver (sent after the whole migration plan has run, so every app's tables exist)."""
    install(using)
