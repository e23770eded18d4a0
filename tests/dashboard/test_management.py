import datetime

from django.urls import reverse

from duediligence.risks.models import ActionStatus, MitigationAction
from tests.conftest import create_risk


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
    with django_assert_max_num_queries(14):
        page = manager_client.get(reverse("dashboard:home")).content.decode()
    assert "Xinjiang sales 2026" in page
    assert "1 critical" in page
    assert "Combined heat map of current assessments" in page
    assert f"A{assessment.pk}-R1" in page


def test_officers_do_not_get_the_management_table(officer_client, assessment):
    page = officer_client.get(reverse("dashboard:home")).content.decode()
    assert "Combined heat map" not in page
