from django.urls import reverse

from duediligence.assessments.models import Answer, AnswerChange
from tests.conftest import answer


def test_every_change_is_kept_with_who_when_old_and_new(assessment, officer):
    answer(assessment, officer, operates_in_region="no")
    answer(assessment, officer, operates_in_region="yes")
    changes = AnswerChange.objects.filter(assessment=assessment).order_by("id")
    assert [(c.old_value, c.new_value, c.changed_by) for c in changes] == [
        (None, "no", officer),
        ("no", "yes", officer),
    ]


def test_the_database_records_changes_made_outside_the_app(assessment, officer):
    answer(assessment, officer, operates_in_region="no")
    # A queryset update skips model code; the trigger still records it.
    Answer.objects.filter(assessment=assessment).update(value="yes")
    latest = AnswerChange.objects.filter(assessment=assessment).order_by("-id").first()
    assert (latest.old_value, latest.new_value) == ("no", "yes")


def test_the_history_page_shows_readable_values(manager_client, assessment, officer):
    answer(assessment, officer, product_categories=["dna_sequencing"])
    answer(assessment, officer, product_categories=["dna_sequencing", "cloud"])
    page = manager_client.get(
        reverse("assessments:history", args=[assessment.pk, "product_categories"])
    ).content.decode()
    assert "DNA sequencers, reagents or genetic analysis; Cloud computing or data storage" in page
    assert "Olivia Officer" in page


def test_history_of_another_organisation_is_404(outsider_client, assessment):
    url = reverse("assessments:history", args=[assessment.pk, "product_categories"])
    assert outsider_client.get(url).status_code == 404
