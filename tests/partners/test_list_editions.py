"""A new edition of a list never rewrites history: renamed entities keep their decisions, frozen revisions are
told and never re-screened, and live assessments follow the edition."""

import datetime
from io import StringIO
from pathlib import Path

from django.core import mail
from django.core.management import call_command
from django.urls import reverse

from duediligence.assessments.models import Assessment, Status
from duediligence.assessments.ownership import content_of
from duediligence.partners.models import ListedEntity, ListImport, ListNotice, MatchStatus, ScreeningMatch
from duediligence.partners.screening import screen
from duediligence.partners.tasks import list_notices_notify
from duediligence.review.content import content_hash
from tests.conftest import make_assessment
from tests.partners.test_screening import add

LISTS = Path(__file__).resolve().parent / "lists"
SHIPPED = Path("duediligence/partners/data/xinjiang_entities.csv")
SLUG = "xinjiang-reference"  # the shipped list's slug (duediligence/partners/data/default_list.yaml)


def load(path, file_date: str) -> str:
    out = StringIO()
    call_command(
        "import_screening_list", str(path), "--format", "csv", "--slug", SLUG, "--file-date", file_date, stdout=out
    )
    return out.getvalue()


def decide(match, status, reason, user):
    match.status, match.reason, match.decided_by = status, reason, user
    match.decided_at = datetime.datetime(2026, 11, 30, 9, 0, tzinfo=datetime.UTC)
    match.save()


def freeze(assessment, status=Status.SUBMITTED):
    """Moves a draft straight to a frozen status (from a draft any status may be written)."""
    Assessment.objects.filter(pk=assessment.pk).update(status=status)
    assessment.refresh_from_db()
    return assessment


def test_decisions_survive_the_shipped_list_replaced_by_v2_and_back(default_list, assessment, officer):
    """v2 renamed two entities; each keeps its former name among its aliases, so each stays the same entity."""
    textiles = add(assessment, "Aksu Huafu Textiles Co., Ltd.")
    meiling = add(assessment, "Hefei Meiling Co., Ltd.", city="Hefei")
    screen(assessment_id=assessment.pk)
    confirmed = textiles.matches.get(entity__name="Aksu Huafu Textiles Co., Ltd.")
    dismissed = meiling.matches.get(entity__name="Hefei Meiling Co., Ltd.")
    decide(confirmed, MatchStatus.CONFIRMED, "Same registration number as our supplier.", officer)
    decide(dismissed, MatchStatus.DISMISSED, "Our partner is the Hefei retailer, a different company.", officer)
    identities = {confirmed.entity.identity, dismissed.entity.identity}

    output = load(LISTS / "xinjiang_entities_v2.csv", "2026-11-29")
    assert "changed (kept as the same entity, with their decisions)" in output
    confirmed.refresh_from_db()
    dismissed.refresh_from_db()
    assert confirmed.entity.name == "Aksu Huafu Color Spinning Co., Ltd."
    assert dismissed.entity.name == "Changhong Meiling Co., Ltd."
    assert (confirmed.status, confirmed.reason) == (MatchStatus.CONFIRMED, "Same registration number as our supplier.")
    assert (dismissed.status, dismissed.reason) == (
        MatchStatus.DISMISSED,
        "Our partner is the Hefei retailer, a different company.",
    )
    assert {confirmed.entity.identity, dismissed.entity.identity} == identities
    assert textiles.matches.count() == 1 and meiling.matches.count() == 1

    load(SHIPPED, "2026-11-30")
    confirmed.refresh_from_db()
    dismissed.refresh_from_db()
    assert confirmed.entity.name == "Aksu Huafu Textiles Co., Ltd." and confirmed.status == MatchStatus.CONFIRMED
    assert dismissed.entity.name == "Hefei Meiling Co., Ltd." and dismissed.status == MatchStatus.DISMISSED
    assert {confirmed.entity.identity, dismissed.entity.identity} == identities
    # Every edition's entries are kept; the current ones are the shipped list's again.
    assert default_list.entities.filter(current=True).count() == 154
    assert default_list.entities.filter(name="Aksu Huafu Color Spinning Co., Ltd.", current=False).exists()


def test_a_list_change_leaves_frozen_revisions_as_reviewed_and_tells_them(
    default_list, assessment, organisation, questionnaire, officer, tmp_path
):
    frozen = make_assessment(organisation, questionnaire, officer, "Supply chain 2025")
    add(frozen, "Aksu Huafu Textiles Co., Ltd.")
    add(frozen, "Kashgar Saffron Foods Co., Ltd.", city="Kashgar")
    screen(assessment_id=frozen.pk)
    decide(frozen.partners.get(name__startswith="Aksu").matches.get(), MatchStatus.CONFIRMED, "Same company.", officer)
    freeze(frozen, Status.PUBLISHED)
    live_partner = add(assessment, "Kashgar Saffron Foods Co., Ltd.", city="Kashgar")
    before = content_hash(content_of(frozen))
    matches_before = set(ScreeningMatch.objects.filter(partner__assessment=frozen).values_list("pk", "entity_id"))

    # The next edition renames the confirmed entity and lists the saffron company.
    edition = tmp_path / "edition.csv"
    edition.write_text(
        SHIPPED.read_text(encoding="utf-8").replace(
            '"Aksu Huafu Textiles Co., Ltd.","', '"Aksu Huafu Group","Aksu Huafu Textiles Co., Ltd.; '
        )
        + '"Kashgar Saffron Foods Co., Ltd.",,,UFLPA Entity List,import_ban,agriculture,,2026-11-20,test,,,v,\n',
        encoding="utf-8",
    )
    output = load(edition, "2026-12-01")

    # The frozen revision is exactly as reviewed: same matches, same entries, same hash.
    assert content_hash(content_of(frozen)) == before
    assert (
        set(ScreeningMatch.objects.filter(partner__assessment=frozen).values_list("pk", "entity_id")) == matches_before
    )
    # It is told instead, once, about the partner the new entry would flag (the renamed one brings nothing new).
    notice = ListNotice.objects.get(assessment=frozen)
    assert notice.partners == 1
    assert [item["partner"] for item in notice.found] == ["Kashgar Saffron Foods Co., Ltd."]
    assert str(notice).startswith("1 partner of this revision matches entries added to")
    assert "1 submitted, approved or published revisions" in output
    # The live assessment follows the edition.
    assert live_partner.matches.get().entity.name == "Kashgar Saffron Foods Co., Ltd."
    assert ListImport.objects.get(file_date=datetime.date(2026, 12, 1)).notices == 1


def test_the_notice_shows_on_the_revision_and_the_dashboard_and_managers_get_an_email(
    default_list, organisation, questionnaire, officer, manager, manager_client, officer_client, tmp_path
):
    frozen = make_assessment(organisation, questionnaire, officer, "Supply chain 2025")
    add(frozen, "Kashgar Saffron Foods Co., Ltd.", city="Kashgar")
    freeze(frozen, Status.PUBLISHED)
    edition = tmp_path / "edition.csv"
    edition.write_text(
        SHIPPED.read_text(encoding="utf-8")
        + '"Kashgar Saffron Foods Co., Ltd.",,,UFLPA Entity List,import_ban,agriculture,,2026-11-20,test,,,v,\n',
        encoding="utf-8",
    )
    mail.outbox.clear()
    load(edition, "2026-12-01")  # the tests' task backend runs queued tasks at once

    overview = officer_client.get(reverse("assessments:overview", args=[frozen.pk])).content.decode()
    assert "1 partner of this revision matches entries added to" in overview
    assert "Kashgar Saffron Foods Co., Ltd.” resembles" in overview
    assert reverse("reports:home", args=[frozen.pk]) + "#correction" in overview
    dashboard = manager_client.get(reverse("dashboard:home")).content.decode()
    assert "Supply chain 2025" in dashboard and "matches entries added to" in dashboard

    list_import = ListImport.objects.get(file_date=datetime.date(2026, 12, 1))
    (message,) = mail.outbox
    assert message.to == [manager.email]
    assert "Supply chain 2025, revision 1 (published)" in message.body
    assert "Kashgar Saffron Foods Co., Ltd. resembles Kashgar Saffron Foods Co., Ltd." in message.body
    assert list_notices_notify.call(list_import.pk) == 0  # told once


def test_a_correction_answers_the_notice_and_is_screened_against_the_new_edition(
    default_list, organisation, questionnaire, officer, officer_client, tmp_path
):
    frozen = make_assessment(organisation, questionnaire, officer, "Supply chain 2025")
    add(frozen, "Kashgar Saffron Foods Co., Ltd.", city="Kashgar")
    freeze(frozen, Status.PUBLISHED)
    edition = tmp_path / "edition.csv"
    edition.write_text(
        SHIPPED.read_text(encoding="utf-8")
        + '"Kashgar Saffron Foods Co., Ltd.",,,UFLPA Entity List,import_ban,agriculture,,2026-11-20,test,,,v,\n',
        encoding="utf-8",
    )
    load(edition, "2026-12-01")
    officer_client.post(reverse("reports:correction", args=[frozen.pk]))
    copy = Assessment.objects.get(previous_revision=frozen)
    screen(assessment_id=copy.pk)
    assert copy.partners.get().matches.get().entity.name == "Kashgar Saffron Foods Co., Ltd."
    overview = officer_client.get(reverse("assessments:overview", args=[frozen.pk])).content.decode()
    assert "matches entries added to" not in overview  # the correction answered it


def test_replaced_entries_are_kept_for_the_matches_made_against_them(default_list, assessment, officer, tmp_path):
    partner = add(assessment, "Aksu Huafu Textiles Co., Ltd.")
    screen(assessment_id=assessment.pk)
    old = partner.matches.get().entity
    freeze(assessment)
    edition = tmp_path / "edition.csv"
    edition.write_text(
        SHIPPED.read_text(encoding="utf-8").replace(
            '"Aksu Huafu Textiles Co., Ltd.","', '"Aksu Huafu Group","Aksu Huafu Textiles Co., Ltd.; '
        ),
        encoding="utf-8",
    )
    load(edition, "2026-12-01")
    old.refresh_from_db()
    assert old.current is False and old.ended_in is not None
    new = ListedEntity.objects.get(identity=old.identity, current=True)
    assert new.name == "Aksu Huafu Group" and new.pk != old.pk
    assert partner.matches.get().entity == old  # the submitted assessment keeps the entry it was reviewed with
