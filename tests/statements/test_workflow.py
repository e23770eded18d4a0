"""A statement moves as an assessment does: submitted by an officer only when no required part is missing,
reviewed by an auditor, then frozen; the database refuses a change to what was reviewed by any path."""

import pytest
from django.db import DatabaseError, transaction
from django.urls import reverse

from duediligence.assessments.models import Status as AssessmentStatus
from duediligence.lib.frozen import is_frozen_refusal
from duediligence.records import services as records
from duediligence.statements import services
from duediligence.statements.models import Statement, StatementTransition, Status
from duediligence.statements.readiness import missing_parts
from tests.conftest import make_assessment
from tests.statements.conftest import membership


def test_it_refuses_submit_with_missing_parts_and_the_check_page_lists_each(
    officer_client, statement, rich, questionnaire, officer
):
    make_assessment(rich.organisation, questionnaire, officer, "Germany plant 2026", country="Germany")
    statement = services.statement_texts_save(
        statement=statement, membership=membership(officer), data={"introduction": "Hi"}
    )
    whats = [item.what for item in missing_parts(statement)]
    assert "A description of the business and its supply chains as a whole, not one region" in whats
    assert "The assessment “Xinjiang sales 2026” approved by an auditor (it is draft)" in whats
    assert "The assessment “Germany plant 2026” approved by an auditor (it is draft)" in whats
    response = officer_client.post(reverse("statements:move", args=[statement.pk, "submit"]))
    assert response.status_code == 409
    page = response.content.decode()
    assert "3 required parts of the statement are missing." in page and "Nothing was submitted." in page
    assert "Germany plant 2026" in page and "MSA s.54(5)(a) and Transparency Act s.5(a)" in page
    check = officer_client.get(reverse("statements:check", args=[statement.pk])).content.decode()
    assert "These 3 parts are required" in check
    statement.refresh_from_db()
    assert statement.status == Status.DRAFT and not statement.transitions.exists()


def test_the_norway_account_needs_guidelines_and_a_website(officer, organisation):
    from tests.reports.test_statutory import PROFILE

    records.profile_save(organisation=organisation, user=officer, data={**PROFILE, "website": ""})
    created = services.statement_create(membership=membership(officer), ending_in=2026, regimes=["norway"])
    laws = {item.law for item in missing_parts(created)}
    assert {"Transparency Act s.5", "Transparency Act s.5(a)"} <= laws and "MSA s.54(7)" not in laws


def test_a_statement_needs_the_profile_for_its_year(officer, organisation):
    with pytest.raises(services.StatementRefused, match="profile first"):
        services.statement_create(membership=membership(officer), ending_in=2026, regimes=["uk_msa"])


def test_submitting_fixes_what_it_was_made_from_and_freezes_it(submitted, year_assessments, officer):
    assert submitted.status == Status.SUBMITTED
    # In the order of their periods, then titles.
    assert submitted.assessment_ids == [a.pk for a in sorted(year_assessments, key=lambda a: a.title)]
    assert submitted.profile is not None and len(submitted.policy_ids) == 2 and len(submitted.training_ids) == 1
    with pytest.raises(services.StatementRefused, match="can no longer change"):
        services.statement_texts_save(statement=submitted, membership=membership(officer), data={"remediation": "x"})
    # Behind the service's back, the database refuses.
    with pytest.raises(DatabaseError) as refused, transaction.atomic():
        Statement.objects.filter(pk=submitted.pk).update(remediation="Changed quietly")
    assert is_frozen_refusal(refused.value)
    with pytest.raises(DatabaseError) as refused, transaction.atomic():
        Statement.objects.filter(pk=submitted.pk).delete()
    assert is_frozen_refusal(refused.value)


def test_a_refused_write_is_a_409_page_and_a_wrong_role_a_403(submitted, officer_client, auditor_client):
    edit = officer_client.post(reverse("statements:edit", args=[submitted.pk]), {"regimes": ["uk_msa"]})
    assert edit.status_code == 409 and "can no longer change" in edit.content.decode()
    assert auditor_client.post(reverse("statements:move", args=[submitted.pk, "submit"])).status_code == 403
    assert officer_client.post(reverse("statements:move", args=[submitted.pk, "approve"])).status_code == 403


def test_the_auditor_requests_changes_with_a_note_and_the_officer_edits_again(submitted, auditor, officer):
    with pytest.raises(services.StatementRefused, match="what must change"):
        services.statement_move(statement=submitted, move_name="request_changes", membership=membership(auditor))
    services.statement_move(
        statement=submitted, move_name="request_changes", membership=membership(auditor), note="Name the KPIs."
    )
    saved = services.statement_texts_save(
        statement=submitted, membership=membership(officer), data={"business_and_supply_chains": "All of it."}
    )
    assert saved.status == Status.CHANGES_REQUESTED and saved.business_and_supply_chains == "All of it."
    moves = list(StatementTransition.objects.filter(statement=submitted).values_list("to_status", "note"))
    assert moves == [(Status.SUBMITTED, ""), (Status.CHANGES_REQUESTED, "Name the KPIs.")]


def test_approval_takes_the_contents_hash_and_publishing_refuses_other_content(approved_statement, manager):
    approval = approved_statement.transitions.get(to_status=Status.APPROVED)
    assert len(approval.content_sha256) == 64
    # Content changed behind the triggers' back (here: the approval's record of it) is never published.
    StatementTransition.objects.filter(pk=approval.pk).update(content_sha256="0" * 64)
    with pytest.raises(services.StatementRefused, match="not what the auditor approved"):
        services.statement_move(statement=approved_statement, move_name="publish", membership=membership(manager))
    approved_statement.refresh_from_db()
    assert approved_statement.status == Status.APPROVED


def test_a_draft_draws_on_every_latest_revision_overlapping_the_year(statement, rich, questionnaire, officer):
    import datetime

    from duediligence.statements.sources import assessments_of_year

    make_assessment(
        rich.organisation, questionnaire, officer, "Last year", period_start=datetime.date(2025, 1, 1),
        period_end=datetime.date(2025, 12, 31),
    )  # fmt: skip
    straddling = make_assessment(
        rich.organisation, questionnaire, officer, "Straddling", period_start=datetime.date(2025, 7, 1),
        period_end=datetime.date(2026, 6, 30), status=AssessmentStatus.PUBLISHED,
    )  # fmt: skip
    corrected = make_assessment(
        rich.organisation, questionnaire, officer, "Straddling", period_start=datetime.date(2025, 7, 1),
        period_end=datetime.date(2026, 6, 30), revision=2, previous_revision=straddling,
    )  # fmt: skip
    assert [a.pk for a in assessments_of_year(statement)] == [corrected.pk, rich.pk]
