"""Bad input is refused with a message and leaves nothing behind. Uploads and CSV details have their own
tests beside their apps (tests/assessments/test_evidence.py, tests/partners/test_import_export.py); this file
covers the bounds that cut across apps."""

from django.apps import apps
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import models
from django.urls import reverse

from duediligence.lib.limits import LONG_TEXT_MAX
from duediligence.partners.models import Partner
from duediligence.review.models import Comment
from duediligence.risks.models import Risk
from tests.partners.conftest import csv_bytes
from tests.review.conftest import move
from tests.risks.test_register import FORM as RISK_FORM

TOO_LONG = "x" * (LONG_TEXT_MAX + 1)
# Text fields nobody types into in the app: questionnaire wording comes from our YAML, screening lists from
# files we import, a render or publish job's error from the worker, the review snapshot is generated.
NOT_TYPED = {
    "questionnaires",
    "partners.ScreeningList.caveat",
    "partners.ListedEntity.source",
    "partners.ListedEntity.source_url",
    "partners.ListedEntity.note",
    "reports.RenderJob.error",
    "statements.PublishJob.error",
    # Text of a message written before grievance cases were encrypted, moved by a migration, never typed again.
    "grievances.CaseMessage.legacy_text",
    # A certificate is read from a checked key file or made here, never typed.
    "signing.SigningKey.certificate_pem",
}


def test_every_text_field_people_type_into_is_bounded():
    unbounded = []
    for model in apps.get_app_config("accounts").apps.get_models():
        if not model.__module__.startswith("duediligence."):
            continue
        for field in model._meta.concrete_fields:
            name = f"{model._meta.app_label}.{model.__name__}.{field.name}"
            if not isinstance(field, models.TextField) or model._meta.app_label in NOT_TYPED or name in NOT_TYPED:
                continue
            if field.max_length is None:
                unbounded.append(name)
    assert unbounded == []


def test_an_overlong_risk_description_is_refused_and_the_rest_is_kept(officer_client, assessment):
    response = officer_client.post(
        reverse("risks:new", args=[assessment.pk]), {**RISK_FORM, "people_affected": TOO_LONG}
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert f"Ensure this value has at most {LONG_TEXT_MAX:,}".replace(",", "") in page.replace(",", "")
    assert "(it has 20001)" in page.replace(",", "")
    assert 'value="Surveillance of residents"' in page
    assert not Risk.objects.exists()


def test_an_overlong_comment_is_refused(auditor_client, assessment, officer, auditor):
    from tests.conftest import complete_required

    complete_required(assessment, officer)
    move(assessment, "submit", officer)
    move(assessment, "start_review", auditor)
    response = auditor_client.post(reverse("review:comment_add", args=[assessment.pk]), {"text": TOO_LONG}, follow=True)
    assert "Comment not added: The comment is 20,001 characters long; the limit is 20,000." in response.content.decode()
    assert not Comment.objects.exists()


def test_a_csv_of_100000_rows_is_refused_whole(officer_client, assessment):
    rows = [f"Partner {n},,supplier,,,China,,,,yes," for n in range(100_000)]
    raw = csv_bytes(*rows)
    response = officer_client.post(
        reverse("partners:import", args=[assessment.pk]), {"file": SimpleUploadedFile("big.csv", raw, "text/csv")}
    )
    page = response.content.decode().replace(",", "")
    assert "more than 20000 partners" in page
    assert not Partner.objects.exists()


def test_an_overlong_partner_field_in_a_csv_is_named_and_nothing_imports(officer_client, assessment):
    raw = csv_bytes("Good Partner,,supplier,,,China,,,,yes,", f"Long Partner,,supplier,,,China,{TOO_LONG},,,yes,")
    response = officer_client.post(
        reverse("partners:import", args=[assessment.pk]), {"file": SimpleUploadedFile("p.csv", raw, "text/csv")}
    )
    page = response.content.decode()
    assert "<td>3</td><td>relationship</td><td>Too long: " in page and "at most 20,000.</td>" in page
    assert not Partner.objects.exists()


def test_an_overlong_note_on_a_move_is_refused_and_the_move_not_made(officer_client, assessment, officer):
    from tests.conftest import complete_required

    complete_required(assessment, officer)
    response = officer_client.post(
        reverse("assessments:submit", args=[assessment.pk]), {"note": "n" * 2001}, follow=True
    )
    assert "The note is 2,001 characters long; keep it to 2,000." in response.content.decode()
    assessment.refresh_from_db()
    assert assessment.status == "draft"
