import datetime

from django.urls import reverse

from duediligence.risks.models import ActionStatus, MitigationAction
from tests.conftest import create_risk, make_assessment


def test_managers_see_every_assessment_with_its_figures(
    manager_client, assessment, officer, django_assert_max_num_queries
):
    risk = create_risk(assessment, officer, "Biometric collection", scale=5, scope=5, irremediability=5, likelihood=4)
    MitigationAction.objects.create(
        risk=risk,
        description="Stop supply",
        owner="Sales",
        due_date=datetime.date(2026, 1, 2),
        status=ActionStatus.PLANNED,
    )
    # A first view: the page's queries, its cache key (one aggregate of the assessments) and the cache's read
    # and write, and the list notices of frozen revisions; seen again, the cached part costs none of its queries.
    with django_assert_max_num_queries(17):
        page = manager_client.get(reverse("dashboard:home")).content.decode()
    with django_assert_max_num_queries(8):
        assert "1 critical" in manager_client.get(reverse("dashboard:home")).content.decode()
    assert "Xinjiang sales 2026" in page
    assert "1 critical" in page
    assert "Combined heat map of current assessments" in page
    assert "Severity 5, likelihood 4: 1 risk<" in page
    assert ">1 risk</text>" in page


def test_officers_do_not_get_the_management_table(officer_client, assessment):
    page = officer_client.get(reverse("dashboard:home")).content.decode()
    assert "Combined heat map" not in page


def many_assessments(count: int, officer, organisation, questionnaire):
    """`count` more assessments, each with a risk and an overdue action."""
    for number in range(count):
        extra = make_assessment(organisation, questionnaire, officer, f"Extra {number:02d}")
        risk = create_risk(extra, officer, f"Risk {number}")
        MitigationAction.objects.create(
            risk=risk, description=f"Action {number}", owner="Sales", due_date=datetime.date(2026, 2, 1 + number % 27)
        )


def queries_for(client, url) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.get(url)
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured.captured_queries)


def test_the_dashboard_costs_the_same_queries_for_12_or_50_assessments(
    manager_client, officer_client, officer, organisation, questionnaire, assessment
):
    many_assessments(11, officer, organisation, questionnaire)
    small = {
        role: queries_for(client, "/") for role, client in [("manager", manager_client), ("officer", officer_client)]
    }
    many_assessments(38, officer, organisation, questionnaire)
    large = {
        role: queries_for(client, "/") for role, client in [("manager", manager_client), ("officer", officer_client)]
    }
    assert large == small


def test_long_lists_are_paged_and_overdue_actions_capped(
    manager_client, officer, organisation, questionnaire, assessment
):
    many_assessments(40, officer, organisation, questionnaire)
    page = manager_client.get("/").content.decode()
    assert "40 overdue mitigation actions" in page
    assert "These are the 10 longest overdue" in page
    assert page.count("— Sales, due") == 10
    assert "Page 1 of 2" in page and "(page 1 of 2)" in page
    second = manager_client.get("/", {"page": 2}).content.decode()
    assert second.count('<span class="small text-body-secondary">revision') == 41 - 25
    assert "Combined heat map of current assessments" in second
