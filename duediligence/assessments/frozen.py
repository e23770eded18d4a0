"""Frozen content, held by PostgreSQL: once an assessment leaves an editable status, its reviewed content cannot
change by any path (model save, bulk insert, queryset update, raw SQL, a shell session).

An approval and a publication are bound to the SHA-256 of the reviewed content (ownership.content_of). A check
in each service would hold only until the next service forgot it (two did: the respondent's pages and the
screening list import), so the rule lives in triggers, installed from the ownership registry like the content
version's (content_version.py) and reinstalled after every `migrate`:

- every owned table whose rows are reviewed content gets a BEFORE INSERT, UPDATE and DELETE row trigger: a row
  of a frozen assessment cannot be inserted or deleted, and an update cannot change a reviewed field, the
  row's way to its assessment or its parent item. Bookkeeping fields (download tokens, reminder marks, who and
  when) stay writable, and tables that are the review's own record (transitions, comments, snapshots, answer
  history) are not touched at all;
- a row marked as pending (`OwnedTable.pending`, e.g. a partner's attachment that arrived after submission) is
  outside the content until it is taken in, which is itself a change to the content;
- the assessment table gets a trigger of its own: a frozen assessment's reviewed fields
  (ownership.ASSESSMENT_REVIEWED) cannot change, it cannot be deleted, and its status may leave a frozen status
  only by a move of the workflow (a published assessment never moves again: a correction is a new revision).

No application path needs to get past the triggers: a transferred assessment is inserted as a draft with its
rows and takes its status last (transfer/services.py), and what arrives after submission is kept beside the
content (respondents, partners.list_notices). The one way around them is PostgreSQL's own `ALTER TABLE … DISABLE
TRIGGER`, which only the tables' owner can run; tests use it to show that publishing checks the hash as well.

A refusal is an error with SQLSTATE `lib.frozen.FROZEN_SQLSTATE`, which the pages turn into their 409 refusal
(lib/frozen.py), never a 500.
"""

from __future__ import annotations

from typing import Any

from django.db import connections, models

from duediligence.assessments.content_version import _path, _target_sql
from duediligence.assessments.models import Assessment
from duediligence.assessments.ownership import ASSESSMENT_REVIEWED, OwnedTable, is_frozen_content, tables
from duediligence.assessments.workflow import EDITABLE, MOVES
from duediligence.lib.frozen import FROZEN_SQLSTATE

TRIGGER = "frozen_content"


def _sql_list(values: list[str]) -> str:
    return ", ".join(f"'{value}'" for value in values)


def _editable() -> str:
    return _sql_list([str(status) for status in EDITABLE])


def frozen_moves() -> list[tuple[str, str]]:
    """The status changes that leave a frozen status: only the workflow's own moves."""
    return sorted(
        (str(source), str(move.target)) for move in MOVES.values() for source in move.sources if source not in EDITABLE
    )


REFUSE = f"""
CREATE OR REPLACE FUNCTION assessments_refuse_if_frozen(target bigint, table_name text, operation text)
RETURNS void AS $$
DECLARE
    current_status text;
BEGIN
    IF target IS NULL THEN
        RETURN;
    END IF;
    SELECT status INTO current_status FROM assessments_assessment WHERE id = target;
    IF current_status IS NULL OR current_status IN ({{editable}}) THEN
        RETURN;
    END IF;
    RAISE EXCEPTION 'assessment % is %: its reviewed content is frozen (% on %)',
        target, current_status, operation, table_name
        USING ERRCODE = '{FROZEN_SQLSTATE}',
              HINT = 'Reviewed content changes only while the assessment is a draft or has changes requested; '
                     'a published one is corrected by a new revision.';
END;
$$ LANGUAGE plpgsql;
"""


def _column(model: type[models.Model], name: str) -> str:
    field = model._meta.get_field(name)
    assert isinstance(field, models.Field) and field.column, f"{model.__name__}.{name} is not a concrete field"
    return field.column


def _columns(table: OwnedTable) -> list[str]:
    """The columns whose change is a change of content: the reviewed fields, the way to the assessment and the
    references to other owned rows (moving a finding to another audit changes both audits)."""
    names = [*table.reviewed, table.scope.split("__")[0], *table.refs]
    return [_column(table.model, name) for name in dict.fromkeys(names)]


def install_sql(table: OwnedTable) -> str:
    db_table = table.model._meta.db_table
    column, joins = _path(table.model, table.scope)
    changed = " OR ".join(f'NEW."{name}" IS DISTINCT FROM OLD."{name}"' for name in _columns(table))
    if table.pending:
        pending_column = _column(table.model, table.pending)
        in_content = {record: f'{record}."{pending_column}" IS NULL' for record in ("NEW", "OLD")}
    else:
        in_content = {"NEW": "true", "OLD": "true"}
    function = f"{db_table}_{TRIGGER}"
    return f"""
CREATE OR REPLACE FUNCTION "{function}"() RETURNS trigger AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        IF {in_content["NEW"]} THEN
            PERFORM assessments_refuse_if_frozen({_target_sql("NEW", column, joins)}, TG_TABLE_NAME, TG_OP);
        END IF;
        RETURN NEW;
    END IF;
    IF TG_OP = 'DELETE' THEN
        IF {in_content["OLD"]} THEN
            PERFORM assessments_refuse_if_frozen({_target_sql("OLD", column, joins)}, TG_TABLE_NAME, TG_OP);
        END IF;
        RETURN OLD;
    END IF;
    -- An update: a row leaving the content, entering it, or changing inside it changes the content.
    IF {in_content["OLD"]} AND (NOT ({in_content["NEW"]}) OR {changed}) THEN
        PERFORM assessments_refuse_if_frozen({_target_sql("OLD", column, joins)}, TG_TABLE_NAME, TG_OP);
    END IF;
    IF {in_content["NEW"]} AND (NOT ({in_content["OLD"]}) OR {changed}) THEN
        PERFORM assessments_refuse_if_frozen({_target_sql("NEW", column, joins)}, TG_TABLE_NAME, TG_OP);
    END IF;
    RETURN NEW;
END;
$$ LANGUAGE plpgsql;
DROP TRIGGER IF EXISTS "{TRIGGER}" ON "{db_table}";
CREATE TRIGGER "{TRIGGER}" BEFORE INSERT OR UPDATE OR DELETE ON "{db_table}"
FOR EACH ROW EXECUTE FUNCTION "{function}"();
"""


def assessment_sql() -> str:
    db_table = Assessment._meta.db_table
    columns = [_column(Assessment, name) for name in ASSESSMENT_REVIEWED]
    changed = " OR ".join(f'NEW."{name}" IS DISTINCT FROM OLD."{name}"' for name in columns)
    moves = " OR ".join(f"(OLD.status = '{source}' AND NEW.status = '{target}')" for source, target in frozen_moves())
    function = f"{db_table}_{TRIGGER}"
    return f"""
CREATE OR REPLACE FUNCTION "{function}"() RETURNS trigger AS $$
BEGIN
    IF OLD.status IN ({_editable()}) THEN
        IF TG_OP = 'DELETE' THEN
            RETURN OLD;
        END IF;
        RETURN NEW;
    END IF;
    IF TG_OP = 'DELETE' THEN
        PERFORM assessments_refuse_if_frozen(OLD.id, TG_TABLE_NAME, TG_OP);
    END IF;
    IF {changed} THEN
        PERFORM assessments_refuse_if_frozen(OLD.id, TG_TABLE_NAME, TG_OP);
    END IF;
    IF NEW.status IS DISTINCT FROM OLD.status AND NOT ({moves}) THEN
        RAISE EXCEPTION 'assessment % cannot move from % to %: only the workflow''s moves leave a frozen status',
            OLD.id, OLD.status, NEW.status USING ERRCODE = '{FROZEN_SQLSTATE}';
    END IF;
    RETURN NEW;
END;
$$ LANGUAGE plpgsql;
DROP TRIGGER IF EXISTS "{TRIGGER}" ON "{db_table}";
CREATE TRIGGER "{TRIGGER}" BEFORE UPDATE OR DELETE ON "{db_table}"
FOR EACH ROW EXECUTE FUNCTION "{function}"();
"""


def frozen_tables() -> list[OwnedTable]:
    return [table for table in tables() if is_frozen_content(table)]


def install(using: str = "default") -> int:
    """(Re)install the triggers on the assessment table and every owned table of reviewed content."""
    found = frozen_tables()
    with connections[using].cursor() as cursor:
        cursor.execute(REFUSE.format(editable=_editable()))
        cursor.execute(assessment_sql())
        for table in found:
            cursor.execute(install_sql(table))
    return len(found)


def install_after_migrate(using: str = "default", **kwargs: Any) -> None:
    """post_migrate receiver, like the content version's: every app's tables exist and are registered."""
    install(using)
