"""Frozen content, held by PostgreSQL (assessments/frozen.py): once an assessment is submitted, approved or
published, no path changes its reviewed content. Each owned table is walked and each kind of write tried."""

import datetime
import uuid
from decimal import Decimal

import pytest
from django.contrib.postgres.fields import ArrayField
from django.db import DatabaseError, connection, models, transaction
from django.http import HttpRequest, HttpResponse
from django.urls import path

from duediligence import urls as project_urls
from duediligence.assessments.frozen import TRIGGER, frozen_moves, frozen_tables
from duediligence.assessments.models import Assessment, Status, Transition
from duediligence.assessments.ownership import ASSESSMENT_REVIEWED, content_of, content_rows_of, tables
from duediligence.lib.frozen import is_frozen_refusal
from duediligence.review.content import content_hash
from duediligence.review.models import Comment
from duediligence.risks.models import Risk

FROZEN = [Status.SUBMITTED, Status.APPROVED, Status.PUBLISHED]
# From "submitted" (where the fixture leaves it), through the workflow's own moves.
PATH_TO = {
    Status.SUBMITTED: [],
    Status.APPROVED: [Status.IN_REVIEW, Status.APPROVED],
    Status.PUBLISHED: [Status.IN_REVIEW, Status.APPROVED, Status.PUBLISHED],
}


@pytest.fixture(params=FROZEN)
def frozen(request, everything):
    for status in PATH_TO[request.param]:
        Assessment.objects.filter(pk=everything.pk).update(status=status)
    everything.refresh_from_db()
    return everything


def refused(write) -> bool:
    """Whether `write` is refused by the frozen-content trigger (in a savepoint, so the test goes on)."""
    try:
        with transaction.atomic():
            write()
    except DatabaseError as error:
        assert is_frozen_refusal(error), f"refused, but not by the trigger: {error}"
        return True
    return False


def other_value(field: models.Field, value):
    """A value of the field's type that differs from `value` (the trigger refuses before any constraint)."""
    if isinstance(field, models.ForeignKey):
        return None if value is not None else field.related_model._default_manager.order_by("pk").first()
    if isinstance(field, ArrayField):
        return [] if value else ["changed"]
    if isinstance(field, models.JSONField):
        return {"changed": True}
    if isinstance(field, models.BooleanField):
        return not value
    if isinstance(field, models.DateTimeField):
        return (value or datetime.datetime(2026, 1, 1, tzinfo=datetime.UTC)) + datetime.timedelta(days=1)
    if isinstance(field, models.DateField):
        return (value or datetime.date(2026, 1, 1)) + datetime.timedelta(days=1)
    if isinstance(field, models.DecimalField):
        return (value or Decimal(0)) + 1
    if isinstance(field, models.IntegerField):
        return (value or 0) + 1
    if isinstance(field, models.UUIDField):
        return uuid.uuid4()
    if isinstance(field, models.BinaryField):
        return bytes(value or b"") + b"x"
    text = str(value or "")
    # The same length, one character different: a value the column's type accepts.
    return text[:-1] + ("y" if text.endswith("x") else "x") if text else "x"


def test_every_table_of_reviewed_content_has_the_trigger(db):
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT c.relname FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid WHERE t.tgname = %s", [TRIGGER]
        )
        with_trigger = {name for (name,) in cursor.fetchall()}
    reviewed = {table.model._meta.db_table for table in tables() if table.reviewed or table.content}
    assert len(reviewed) >= 15
    assert reviewed | {Assessment._meta.db_table} == with_trigger


def try_every_write(table, assessment) -> None:
    """A model save, a queryset update and raw SQL changing each reviewed field; a model delete (with its
    cascade), a queryset delete and raw SQL; a model insert, a bulk insert and raw SQL of a copy: all refused."""
    manager = table.model._default_manager
    rows = content_rows_of(table, assessment)
    row = rows.first()
    assert row is not None, f"the fixture has no {table.key} row to try writes on"
    db_table = table.model._meta.db_table
    cursor = connection.cursor()
    for name in table.reviewed:
        field = table.model._meta.get_field(name)
        changed = other_value(field, getattr(row, field.attname))
        copy = manager.get(pk=row.pk)
        setattr(copy, name, changed)
        assert refused(lambda: copy.save(update_fields=[name])), f"save of {table.key}.{name}"  # noqa: B023
        assert refused(lambda: rows.filter(pk=row.pk).update(**{name: changed})), f"update of {table.key}.{name}"  # noqa: B023
        raw = field.get_db_prep_value(changed.pk if isinstance(changed, models.Model) else changed, connection)
        sql = f'UPDATE "{db_table}" SET "{field.column}" = %s WHERE id = %s'
        assert refused(lambda: cursor.execute(sql, [raw, row.pk])), f"SQL update of {table.key}.{name}"  # noqa: B023
    assert refused(lambda: manager.get(pk=row.pk).delete()), f"delete of {table.key}"
    assert refused(lambda: rows.filter(pk=row.pk).delete()), f"queryset delete of {table.key}"
    assert refused(lambda: cursor.execute(f'DELETE FROM "{db_table}" WHERE id = %s', [row.pk]))
    copy = manager.get(pk=row.pk)
    copy.pk = None
    if hasattr(copy, "uid"):
        copy.uid = uuid.uuid4()
    assert refused(lambda: copy.save(force_insert=True)), f"insert into {table.key}"
    assert refused(lambda: manager.bulk_create([copy])), f"bulk insert into {table.key}"
    listed = ", ".join(f'"{f.column}"' for f in table.model._meta.concrete_fields if not f.primary_key)
    insert = f'INSERT INTO "{db_table}" ({listed}) SELECT {listed} FROM "{db_table}" WHERE id = %s'
    assert refused(lambda: cursor.execute(insert, [row.pk])), f"SQL insert into {table.key}"


def test_every_kind_of_write_to_reviewed_content_is_refused(frozen):
    before = content_hash(content_of(frozen))
    walked = []
    for table in frozen_tables():
        try_every_write(table, frozen)
        walked.append(table.key)
    assert content_hash(content_of(frozen)) == before
    assert {"answers", "risks", "audits", "findings", "corrective_actions", "partners", "screening_matches"} <= set(
        walked
    )
    assert "partner_attachments" in walked and "suggestion_decisions" in walked


def test_bookkeeping_stays_writable_and_so_does_the_reviews_own_record(frozen, auditor):
    for table in frozen_tables():
        row = content_rows_of(table, frozen).first()
        for name in table.bookkeeping:
            field = table.model._meta.get_field(name)
            scope = table.scope.split("__")[0]
            if name in (scope, table.parent, table.pending, *table.refs) or isinstance(field, models.ForeignKey):
                continue  # the way to the assessment and to other rows is part of the content
            value = other_value(field, getattr(row, field.attname))
            assert not refused(lambda field=field, value=value, row=row: type(row)._default_manager.filter(
                pk=row.pk).update(**{field.name: value})), f"{table.key}.{name} should stay writable"  # fmt: skip
    # Comments, transitions and snapshots are the review's own record: written as the review needs.
    assert not refused(lambda: Comment.objects.create(assessment=frozen, author=auditor, text="One more question."))
    assert not refused(lambda: Transition.objects.filter(assessment=frozen).update(note="noted"))


def test_the_assessments_own_fields_are_frozen_and_its_status_moves_only_by_the_workflow(frozen):
    for name in ASSESSMENT_REVIEWED:
        field = Assessment._meta.get_field(name)
        changed = other_value(field, getattr(frozen, field.attname))
        assert refused(lambda name=name, changed=changed: Assessment.objects.filter(pk=frozen.pk).update(
            **{name: changed})), name  # fmt: skip
    assert refused(lambda: Assessment.objects.filter(pk=frozen.pk).update(status=Status.DRAFT))
    assert refused(lambda: Assessment.objects.filter(pk=frozen.pk).delete())
    assert refused(lambda: connection.cursor().execute("DELETE FROM assessments_assessment WHERE id = %s", [frozen.pk]))
    allowed = [target for source, target in frozen_moves() if source == frozen.status]
    for target in allowed:
        with transaction.atomic():
            Assessment.objects.filter(pk=frozen.pk).update(status=target)  # a workflow move: taken
            transaction.set_rollback(True)
    if frozen.status == Status.PUBLISHED:
        assert allowed == []  # a correction is a new revision
    else:
        assert allowed


def test_an_assessment_open_for_editing_takes_every_write(everything, officer):
    Assessment.objects.filter(pk=everything.pk).update(status=Status.CHANGES_REQUESTED)
    for table in frozen_tables():
        row = content_rows_of(table, everything).first()
        with transaction.atomic():
            type(row)._default_manager.filter(pk=row.pk).delete()  # taken (and rolled back for the next table)
            transaction.set_rollback(True)


def careless_view(request: HttpRequest, assessment_id: int) -> HttpResponse:
    """A view that writes without the services' status-checked lock, as a forgetful service would."""
    with transaction.atomic():
        Risk.objects.filter(assessment_id=assessment_id).update(title="Changed behind the service's back")
    return HttpResponse("saved")


urlpatterns = [
    path("assessments/<int:assessment_id>/careless/", careless_view),
    path("api/v1/assessments/<int:assessment_id>/careless/", careless_view),
    *project_urls.urlpatterns,
]


@pytest.mark.urls("tests.assessments.test_frozen")
def test_a_refused_write_from_a_page_is_the_409_refusal_never_a_500(frozen, client):
    """Whatever view meets the trigger's refusal answers as every refusal does (JSON on the API)."""
    for url, kind in (
        (f"/assessments/{frozen.pk}/careless/", "text/html"),
        (f"/api/v1/assessments/{frozen.pk}/careless/", "application/json"),
    ):
        response = client.get(url)
        assert response.status_code == 409
        assert response["Content-Type"].startswith(kind)
        assert "no longer change" in response.content.decode()
    assert frozen.risks.filter(title__startswith="Changed").count() == 0
