"""The reports carry indicators, remedies, engagement, requests and the grievance mechanism: the public one as
figures only, the internal one with cases by code; neither prints a case's text."""

import datetime

from django.utils import timezone

from duediligence.engagement.models import Engagement, InformationRequest
from duediligence.grievances.models import Case
from duediligence.grievances.services import case_create, case_move
from duediligence.reports.render import render_pdf
from duediligence.risks.models import Indicator, Remedy
from tests.reports.conftest import pdf_text


def test_both_reports_say_what_was_tracked_heard_and_remedied(rich, officer, case_key):
    risk = rich.risks.get()
    indicator = Indicator.objects.create(
        risk=risk, name="Sites with consent checks", kind="process", unit="sites", baseline=0, target=12,
        source="Audit reports",
    )  # fmt: skip
    indicator.results.create(period_end=datetime.date(2026, 6, 30), value=9)
    Remedy.objects.create(risk=risk, kind="rehabilitation", provided="Deletion of collected profiles")
    Engagement.objects.create(
        assessment=rich, held_on=datetime.date(2026, 4, 1), group="civil_society", method="meeting",
        safety="safe", protection="Held abroad", topics="Data retention",
    )  # fmt: skip
    InformationRequest.objects.create(
        assessment=rich, received_on=datetime.date(2026, 2, 1), requester_kind="researcher", topic="Sales to police",
        due_on=datetime.date(2026, 2, 22), status="answered", closed_on=datetime.date(2026, 2, 20),
        summary="Sent the customer list by sector",
    )  # fmt: skip
    case = case_create(
        organisation=rich.organisation, issue="surveillance", description="My brother's DNA was taken at the clinic"
    ).case
    Case.objects.filter(pk=case.pk).update(received_at=timezone.make_aware(datetime.datetime(2026, 5, 1, 9, 0)))
    case.refresh_from_db()
    case_move(case=case, to="acknowledged", user=officer)

    public = pdf_text(render_pdf(rich, "public")[0])
    assert "Part C: Managing each salient issue" in public
    assert "Sites with consent checks (sites): 9 at 30 June 2026 against a target of 12 (not reached)" in public
    assert "Rehabilitation: Deletion of collected profiles." in public
    assert "In the period the company held 1 engagement with stakeholders: civil society organisations (1)." in public
    assert "it received 1 request: 1 answered (1 within the time promised)" in public
    assert "1 case received in the period, about surveillance, personal data or privacy (1)." in public
    assert "/g/" in public and "meridian-test/" in public  # the address may wrap at a slash
    assert "DNA was taken" not in public and case.code not in public

    internal = pdf_text(render_pdf(rich, "internal")[0])
    assert case.code in internal and "Acknowledged" in internal
    assert "DNA was taken" not in internal
    assert "Sent the customer list by sector" in internal


def test_both_reports_show_all_eight_ungp_31_criteria_and_flag_the_unrated(rich, case_key):
    from duediligence.grievances.models import CriterionAssessment
    from duediligence.grievances.services import mechanism_for

    mechanism = mechanism_for(rich.organisation)
    CriterionAssessment.objects.create(
        mechanism=mechanism, criterion="predictable", rating="met", evidence="Steps and time limits published"
    )
    CriterionAssessment.objects.create(
        mechanism=mechanism, criterion="equitable", rating="not_met", evidence="No independent advice offered"
    )
    public = pdf_text(render_pdf(rich, "public")[0])
    assert "eight effectiveness criteria of UNGP 31: predictable: met; equitable: not met." in public
    assert "Not assessed yet: legitimate, accessible, transparent, rights-compatible" in public
    internal = pdf_text(render_pdf(rich, "internal")[0])
    assert internal.count("not assessed yet") == 6
    assert "Predictable: met (Steps and time limits published)" in internal
