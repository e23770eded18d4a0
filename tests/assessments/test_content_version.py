"""The content version PostgreSQL keeps for each assessment: every change to it, by any path, raises it."""

import pytest
from django.db import connection, models, transaction

from duediligence.assessments import content_version
from duediligence.assessments.models import Assessment
from duediligence.partners.models import ListNotice
from duediligence.reports.models import PublishedReport, RenderJob
from duediligence.respondents.models import LateResponse
from tests.conftest import create_risk, make_assessment

# Tables the fixture leaves empty: no report is published in it (a render job has its own test below), and its
# partners answered in time and no list changed after.
NOT_IN_FIXTURE = {PublishedReport, RenderJob, LateResponse, ListNotice}


def version_of(assessment) -> int:
    return Assessment.objects.values_list("content_version", flat=True).get(pk=assessment.pk)


def test_every_table_that_hangs_off_an_assessment_has_the_trigger(db):
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT c.relname FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid WHERE t.tgname = %s",
            [content_version.TRIGGER],
        )
        with_trigger = {name for (name,) in cursor.fetchall()}
    tables = {model._meta.db_table for model in content_version.scopes()}
    assert len(tables) > 20
    assert tables <= with_trigger, f"without the trigger: {sorted(tables - with_trigger)}"


def test_a_change_to_any_of_its_tables_raises_the_version(everything):
    """A queryset update (no model method runs) on each table, in turn, through its own path to the assessment."""
    untouched = []
    for model, scope in content_version.scopes().items():
        rows = model._default_manager.filter(**{scope: everything})
        if not rows.exists():
            untouched.append(model)
            continue
        before = version_of(everything)
        rows.update(**{model._meta.pk.name: models.F(model._meta.pk.name)})
        assert version_of(everything) > before, f"{model.__name__} ({scope}) did not raise the version"
    assert set(untouched) == NOT_IN_FIXTURE


def test_inserting_and_deleting_rows_raise_the_version(assessment, officer):
    before = version_of(assessment)
    risk = create_risk(assessment, officer, "Surveillance use of voice recognition")
    after_insert = version_of(assessment)
    assert after_insert > before
    risk.delete()
    assert version_of(assessment) > after_insert


def test_a_render_job_raises_the_version_of_its_assessment(assessment, officer):
    before = version_of(assessment)
    RenderJob.objects.create(assessment=assessment, purpose="preview", kind="public", requested_by=officer)
    assert version_of(assessment) > before


def test_a_change_to_one_assessment_leaves_the_others_alone(assessment, officer, questionnaire, organisation):
    other = make_assessment(organisation, questionnaire, officer, "Another market", scope="Cloud services")
    before = version_of(other)
    create_risk(assessment, officer, "Forced labour in the supply chain")
    assert version_of(other) == before


def test_a_save_from_an_instance_read_earlier_never_lowers_the_version(assessment, officer):
    stale = Assessment.objects.get(pk=assessment.pk)
    create_risk(assessment, officer, "Data processed without consent")
    raised = version_of(assessment)
    stale.title = "Xinjiang sales 2026 (renamed)"
    stale.save()
    assert version_of(assessment) > raised


def test_a_save_that_changes_nothing_leaves_the_version(assessment):
    before = version_of(assessment)
    Assessment.objects.filter(pk=assessment.pk).update(title=models.F("title"))
    assert version_of(assessment) == before


@pytest.mark.django_db(transaction=True)
def test_in_production_the_version_is_raised_once_at_the_commit(assessment, officer):
    """Deferred to the commit (the assessment row is locked only then), and once however many rows changed."""
    content_version.install(timing="commit")
    try:
        before = version_of(assessment)
        with transaction.atomic():
            for title in ("Biometric data", "Voice prints", "Transit checkpoints"):
                create_risk(assessment, officer, title)
            assert version_of(assessment) == before, "raised before the commit"
        assert version_of(assessment) == before + 1
        with transaction.atomic():
            create_risk(assessment, officer, "Labour transfers")
        assert version_of(assessment) == before + 2
    finally:
        content_version.install(timing="statement")
