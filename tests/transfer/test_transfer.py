"""export_assessment and import_assessment: an assessment moves to another database and reads the same there."""

import datetime
import json
import os
import subprocess
import sys
from io import StringIO
from pathlib import Path

import psycopg2
import pytest
from django.conf import settings
from django.core.management import CommandError, call_command
from django.db.models import Value
from django.db.models.functions import Concat

from duediligence.assessments.models import Answer, AnswerChange, Assessment, Evidence, Transition
from duediligence.audits.models import Finding
from duediligence.partners.models import Partner, ScreeningList
from duediligence.reports.render import render_pdf
from duediligence.review.models import Comment, ReviewSnapshot
from duediligence.security.models import EventKind, SecurityEvent
from duediligence.transfer.services import TransferError, import_document
from tests.reports.conftest import pdf_text

ROOT = Path(__file__).resolve().parents[2]
RENDERED_AT = "2026-06-30T12:00:00+00:00"


def internal_text(assessment) -> str:
    pdf, _ = render_pdf(assessment, "internal", rendered_at=datetime.datetime.fromisoformat(RENDERED_AT))
    return pdf_text(pdf)


@pytest.fixture
def target_database():
    """An empty database beside the test database, migrated, with the questionnaire loaded."""
    source = settings.DATABASES["default"]
    name = f"{source['NAME']}_import_target"
    params = {"host": source["HOST"], "port": source["PORT"], "user": source["USER"], "password": source["PASSWORD"]}
    admin = psycopg2.connect(dbname="postgres", **params)
    admin.autocommit = True
    with admin.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{name}"')
        cursor.execute(f'CREATE DATABASE "{name}"')
    password = f":{source['PASSWORD']}" if source["PASSWORD"] else ""
    url = f"postgres://{source['USER']}{password}@{source['HOST']}:{source['PORT']}/{name}"
    try:
        yield url
    finally:
        with admin.cursor() as cursor:
            cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.close()


def manage(url: str, media: Path, *args: str) -> str:
    env = {**os.environ, "DATABASE_URL": url, "MEDIA_ROOT": str(media)}
    env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    done = subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=300
    )
    assert done.returncode == 0, done.stderr
    return done.stdout


@pytest.mark.slow
def test_an_assessment_moves_to_another_database_and_its_internal_report_reads_the_same(
    everything, target_database, tmp_path
):
    export = tmp_path / "assessment.json"
    call_command("export_assessment", str(everything.pk), "--out", str(export), "--with-files", stdout=StringIO())
    document = json.loads(export.read_text(encoding="utf-8"))
    for table in ["answers", "evidence", "transitions", "review_snapshots", "risks", "mitigation_actions"]:
        assert document[table], f"the export has no {table}"
    for table in ["audits", "findings", "corrective_actions", "partners", "screening_matches", "comments"]:
        assert document[table], f"the export has no {table}"
    assert document["partner_invitations"][0]["answers"] == {"end_users_known": "few"}

    media = tmp_path / "target-media"
    manage(target_database, media, "migrate", "-v0")
    manage(
        target_database, media, "load_questionnaire", "duediligence/questionnaires/definitions/hrdd-v3.yaml",
        "--with-partners",
    )  # fmt: skip
    out = manage(target_database, media, "import_assessment", str(export))
    assert "Imported assessment" in out
    imported_id = out.split("Imported assessment ")[1].split(" ")[0]
    pdf = tmp_path / "imported.pdf"
    manage(target_database, media, "render_report", imported_id, "--out", str(pdf), "--rendered-at", RENDERED_AT)

    original = internal_text(everything)
    assert "Hikvision" in original and "Kashgar Clinic" in original and "Independent Audit GmbH" in original
    assert pdf_text(pdf.read_bytes()) == original
    copied = [path for path in media.rglob("*") if path.is_file()]
    # --with-files brought the evidence and the partner's attached document
    assert sorted(path.read_bytes() for path in copied) == [b"%PDF-1.4", b"%PDF-1.4"]


def test_an_import_into_the_same_database_keeps_every_row_and_time(everything, tmp_path):
    """The copy's rows match the original's, field by field, times to the microsecond."""
    Assessment.objects.filter(pk=everything.pk).update(partners_screening_stale=False)  # screened here
    export = tmp_path / "a.json"
    call_command("export_assessment", str(everything.pk), "--out", str(export), stdout=StringIO())
    document = json.loads(export.read_text(encoding="utf-8"))
    assert "partners_screening_stale" not in document["assessment"]
    Evidence.objects.filter(assessment=everything).update(token="u" * 32)  # the original keeps its files
    copy = import_document(document).assessment
    assert copy.pk != everything.pk and copy.public_token != everything.public_token
    assert (copy.created_at, copy.updated_at, copy.status) == (
        everything.created_at,
        everything.updated_at,
        "submitted",
    )
    # Its partners were screened against the exporting database's lists: the next list change here screens them
    # in full.
    assert copy.partners_screening_stale

    def rows(model, scope, assessment, *fields):
        return list(model.objects.filter(**{scope: assessment}).order_by("pk").values_list(*fields))

    for model, scope, fields in [
        (Answer, "assessment", ("question__key", "value", "version", "updated_by", "updated_at")),
        (AnswerChange, "assessment", ("question__key", "old_value", "new_value", "changed_at")),
        (Transition, "assessment", ("from_status", "to_status", "by", "at", "note", "content_sha256")),
        (ReviewSnapshot, "assessment", ("content", "content_sha256", "transition__to_status")),
        (Comment, "assessment", ("text", "reply", "replied_by", "replied_at", "status", "created_at")),
        (Finding, "audit__assessment", ("severity", "description", "risk__title")),
        (Partner, "assessment", ("name", "name_local", "disclosed", "withheld_reason", "name_norm", "created_at")),
    ]:
        assert rows(model, scope, copy, *fields) == rows(model, scope, everything, *fields), model.__name__


def test_a_damaged_or_foreign_file_is_refused_in_one_line_and_changes_nothing(everything, tmp_path):
    before = Assessment.objects.count()
    broken = tmp_path / "broken.json"
    broken.write_text('{"format": "duediligence-assessment", ', encoding="utf-8")
    with pytest.raises(CommandError, match="not a JSON export"):
        call_command("import_assessment", str(broken))
    other = tmp_path / "other.json"
    other.write_text('{"assessment": {}, "format": "something-else"}', encoding="utf-8")
    with pytest.raises(CommandError, match="not an assessment export of duediligence"):
        call_command("import_assessment", str(other))
    with pytest.raises(CommandError, match="no such file"):
        call_command("import_assessment", str(tmp_path / "missing.json"))
    assert Assessment.objects.count() == before


def test_an_import_that_fails_half_way_writes_nothing(everything, tmp_path):
    export = tmp_path / "a.json"
    call_command("export_assessment", str(everything.pk), "--out", str(export), stdout=StringIO())
    document = json.loads(export.read_text(encoding="utf-8"))
    Evidence.objects.filter(assessment=everything).update(token="u" * 32)
    document["comments"][0]["author"] = None  # a comment without its author cannot be written
    counts = {model: model.objects.count() for model in (Assessment, Answer, Partner, SecurityEvent)}
    export.write_text(json.dumps(document), encoding="utf-8")
    with pytest.raises(CommandError, match=r"breaks a rule of this database.*author_id.*nothing was imported"):
        call_command("import_assessment", str(export))
    assert {model: model.objects.count() for model in counts} == counts


def test_refusals_name_what_is_missing(everything, tmp_path):
    export = tmp_path / "a.json"
    call_command("export_assessment", str(everything.pk), "--out", str(export), stdout=StringIO())
    document = json.loads(export.read_text(encoding="utf-8"))
    with pytest.raises(TransferError, match="already in this database"):
        import_document(document)
    with pytest.raises(TransferError, match="no organisation with the slug 'nobody'"):
        import_document(document, organisation_slug="nobody")
    wrong_version = {**document, "questionnaire": {"slug": "hrdd", "version": 99}}
    with pytest.raises(TransferError, match="questionnaire hrdd version 99 is not loaded here"):
        import_document(wrong_version)
    # This database's edition of the list no longer names the entity the export's match refers to.
    ScreeningList.objects.get().entities.filter(matches__isnull=False).update(name=Concat("name", Value(" (old)")))
    Evidence.objects.filter(assessment=everything).update(token="u" * 32)
    with pytest.raises(TransferError, match="lacks 'Hangzhou Hikvision"):
        import_document(document)


def test_export_and_import_are_in_the_security_log(everything, tmp_path):
    export = tmp_path / "a.json"
    call_command("export_assessment", str(everything.pk), "--out", str(export), stdout=StringIO())
    Evidence.objects.filter(assessment=everything).update(token="u" * 32)
    call_command("import_assessment", str(export), stdout=StringIO())
    kinds = set(SecurityEvent.objects.values_list("kind", flat=True))
    assert {EventKind.ASSESSMENT_EXPORTED, EventKind.ASSESSMENT_IMPORTED} <= kinds


def test_evidence_imported_without_its_file_answers_404_not_an_error(everything, tmp_path, officer_client):
    from django.urls import reverse

    export = tmp_path / "a.json"
    call_command("export_assessment", str(everything.pk), "--out", str(export), stdout=StringIO())
    document = json.loads(export.read_text(encoding="utf-8"))
    document["evidence"][0]["file"] = "evidence/not-on-this-server.pdf"
    document["evidence"][0]["token"] = "v" * 32
    copy = import_document(document, organisation_slug=everything.organisation.slug).assessment
    response = officer_client.get(reverse("assessments:evidence", args=[copy.pk, "v" * 32]))
    assert response.status_code == 404


def test_after_an_import_the_change_view_shows_nothing_changed(everything, tmp_path, auditor_client):
    """Regression: items were keyed by database id, so every risk and partner showed as removed and added."""
    from django.urls import reverse

    from duediligence.assessments.ownership import content_of
    from duediligence.review.content import differences

    export = tmp_path / "a.json"
    call_command("export_assessment", str(everything.pk), "--out", str(export), stdout=StringIO())
    Evidence.objects.filter(assessment=everything).update(token="u" * 32)
    copy = import_document(json.loads(export.read_text(encoding="utf-8"))).assessment
    last = copy.review_snapshots.get()
    assert differences(last.content, content_of(copy)) == []
    assert list(copy.risks.values_list("uid", flat=True)) == list(everything.risks.values_list("uid", flat=True))
    page = auditor_client.get(reverse("review:page", args=[copy.pk])).content.decode()
    assert "Nothing has changed since the last review." in page


def test_a_file_nested_too_deep_or_too_large_is_refused_in_one_line(db, tmp_path, settings):
    deep = tmp_path / "deep.json"
    deep.write_text("[" * 100_000 + "]" * 100_000, encoding="utf-8")
    with pytest.raises(CommandError) as refused:
        call_command("import_assessment", str(deep))
    assert "nested more than 64 levels deep" in str(refused.value) and "\n" not in str(refused.value)
    shallow_but_deep = tmp_path / "deep-objects.json"
    shallow_but_deep.write_text('{"a": ' * 65 + "1" + "}" * 65, encoding="utf-8")
    with pytest.raises(CommandError, match="nested more than 64 levels deep"):
        call_command("import_assessment", str(shallow_but_deep))
    settings.INPUT_FILE_MAX_BYTES = 1000
    large = tmp_path / "large.json"
    large.write_text('{"format": "duediligence-assessment", "padding": "' + "x" * 2000 + '"}', encoding="utf-8")
    with pytest.raises(CommandError) as refused:
        call_command("import_assessment", str(large))
    assert "larger than" in str(refused.value) and "INPUT_FILE_MAX_BYTES" in str(refused.value)
    with pytest.raises(CommandError, match="not readable"):
        call_command("import_assessment", str(tmp_path))  # a folder: found by the hostile-input probe
