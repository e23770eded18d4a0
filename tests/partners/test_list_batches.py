"""After a list import, partners are screened again in batches of one transaction each: an interrupted run
resumes where it stopped and ends where an uninterrupted one would, and a frozen revision whose partners fall in
several batches gets one notice naming all of them."""

import datetime

import pytest
from django.urls import reverse

from duediligence.assessments.models import Status
from duediligence.partners import lists
from duediligence.partners.lists import progress, rescreen_pending, rescreen_run, screening_list_import
from duediligence.partners.models import ListImport, ListNotice, Partner, ScreeningBatch, ScreeningMatch
from duediligence.partners.screening import screen
from tests.conftest import make_assessment
from tests.partners.test_list_editions import SHIPPED, SLUG, freeze
from tests.partners.test_screening import add

LISTED = "Kashgar Saffron Foods Co., Ltd."
VARIANT = "Kashgar Saffron Foods Trading Co., Ltd."
NEW_ENTRY = f'"{LISTED}",,,UFLPA Entity List,import_ban,agriculture,,2026-11-20,test,,,v,\n'


@pytest.fixture
def small_batches(monkeypatch):
    monkeypatch.setattr(lists, "BATCH_PARTNERS", 2)


def names_of(ids):
    return Partner.objects.filter(pk__in=ids).values_list("name", flat=True)


def edition_with_new_entry(tmp_path):
    edition = tmp_path / "edition.csv"
    edition.write_text(SHIPPED.read_text(encoding="utf-8") + NEW_ENTRY, encoding="utf-8")
    return edition


def import_edition(path, *, background: bool):
    return screening_list_import(
        path=path, fmt="csv", slug=SLUG, name="Xinjiang", publisher="", background=background,
        file_date=datetime.date(2026, 12, 1),
    )  # fmt: skip


def live_and_frozen(organisation, questionnaire, officer, assessment):
    """Six live partners: four share a word with the newly listed company (two of them are it), two do not; and
    a published revision with three partners, two of them the newly listed company."""
    for name in [
        "Urumqi Tea Co.",
        LISTED,
        "Saffron Textiles",
        "Hotan Carpets Co.",
        "Hotan Saffron Trading Co.",
        VARIANT,
    ]:
        add(assessment, name)
    frozen = make_assessment(organisation, questionnaire, officer, "Supply chain 2025")
    for name in [LISTED, "Korla Pears Co.", VARIANT]:
        add(frozen, name, city="Kashgar")
    freeze(frozen, Status.PUBLISHED)
    return frozen


def test_an_interrupted_rescreening_resumes_and_ends_as_an_uninterrupted_one(
    default_list, small_batches, organisation, questionnaire, officer, assessment, tmp_path
):
    frozen = live_and_frozen(organisation, questionnaire, officer, assessment)
    result = import_edition(edition_with_new_entry(tmp_path), background=True)
    list_import = result.list_import
    # Planned, not yet done: the four live partners sharing a word with the new entry, in two batches; the others
    # cannot be concerned by the change. The frozen revisions' batches wait for the live ones to be done.
    assert list(list_import.batches.values_list("frozen", "partners")) == [(False, 2), (False, 2)]
    assert list_import.frozen_pending
    planned = {name for ids in list_import.batches.values_list("partner_ids", flat=True) for name in names_of(ids)}
    assert planned == {LISTED, VARIANT, "Saffron Textiles", "Hotan Saffron Trading Co."}
    assert progress(list_import) == {"live": 4, "live_done": 0, "frozen": 0, "frozen_done": 0}
    assert not ScreeningMatch.objects.filter(found_in=list_import).exists()

    # The run stops after one batch (as a killed worker would, between transactions).
    rescreen_run(list_import, limit=1)
    list_import.refresh_from_db()
    assert list_import.screened_at is None
    assert progress(list_import) == {"live": 4, "live_done": 2, "frozen": 0, "frozen_done": 0}

    # Another stop after the last live batch: the frozen revisions' batch is planned by the next runner, once
    # (the two frozen partners that share a word with the new entry).
    rescreen_run(list_import, limit=1)
    assert progress(list_import) == {"live": 4, "live_done": 4, "frozen": 0, "frozen_done": 0}
    assert ListImport.objects.get(pk=list_import.pk).screened_at is None

    # Resumed: the rest is done once, and the import's totals are written.
    assert rescreen_pending() == 1
    assert rescreen_pending() == 0
    list_import.refresh_from_db()
    assert not list_import.frozen_pending
    assert list(list_import.batches.values_list("frozen", "partners")) == [(False, 2), (False, 2), (True, 2)]
    assert rescreen_pending() == 0
    list_import.refresh_from_db()
    assert list_import.screened_at is not None
    assert progress(list_import) == {"live": 4, "live_done": 4, "frozen": 2, "frozen_done": 2}
    found = set(ScreeningMatch.objects.filter(found_in=list_import).values_list("partner__name", flat=True))
    # Whatever the matcher makes of them (a textile firm written with the brand word and no legal form may be the
    # listed company written short: it is flagged for a decision too).
    assert found == {LISTED, VARIANT, "Saffron Textiles"}
    assert list_import.new_matches == 3
    # One notice for the frozen revision, though its partners fell in two batches (of one: see the next test).
    notice = ListNotice.objects.get(assessment=frozen, list_import=list_import)
    assert sorted(item["partner"] for item in notice.found) == [LISTED, VARIANT]
    assert notice.partners == 2
    assert list_import.notices == 1
    assert not ScreeningMatch.objects.filter(partner__assessment=frozen).exists()


def test_batched_and_whole_give_the_same_matches_and_notices(
    default_list, organisation, questionnaire, officer, assessment, tmp_path, monkeypatch
):
    frozen = live_and_frozen(organisation, questionnaire, officer, assessment)
    edition = edition_with_new_entry(tmp_path)
    import_edition(edition, background=False)
    whole = (
        set(ScreeningMatch.objects.values_list("partner_id", "entity__identity", "score")),
        ListNotice.objects.get(assessment=frozen).found,
    )
    # Judging live partners only against the new entry and their current matches gave what judging every entry
    # gives: a full screening afterwards changes nothing.
    full = screen(assessment_id=assessment.pk)
    assert (full.added, full.dropped) == (0, 0)
    assert set(ScreeningMatch.objects.values_list("partner_id", "entity__identity", "score")) == whole[0]
    # The same import screened again in batches of one partner, after what it found is undone.
    list_import = ListImport.objects.get(file_date=datetime.date(2026, 12, 1))
    ScreeningMatch.objects.filter(found_in=list_import).delete()
    ListNotice.objects.all().delete()
    list_import.batches.all().delete()
    ListImport.objects.filter(pk=list_import.pk).update(screened_at=None, frozen_pending=True)
    monkeypatch.setattr(lists, "BATCH_PARTNERS", 1)
    assert lists.batches_plan(list_import, frozen=False) == 4
    rescreen_run(list_import)
    assert list_import.batches.filter(frozen=True).count() == 2
    batched = (
        set(ScreeningMatch.objects.values_list("partner_id", "entity__identity", "score")),
        ListNotice.objects.get(assessment=frozen, list_import=list_import).found,
    )
    assert len(whole[0]) == 3 and batched[0] == whole[0]
    assert len(whole[1]) == 2 and sorted(map(str, batched[1])) == sorted(map(str, whole[1]))


def test_a_partner_submitted_after_the_plan_is_not_screened_again(
    default_list, small_batches, organisation, questionnaire, officer, assessment, tmp_path
):
    add(assessment, LISTED)
    list_import = import_edition(edition_with_new_entry(tmp_path), background=True).list_import
    freeze(assessment, Status.SUBMITTED)
    rescreen_run(list_import)
    assert not ScreeningMatch.objects.filter(partner__assessment=assessment).exists()
    assert ListImport.objects.get(pk=list_import.pk).screened_at is not None
    assert ScreeningBatch.objects.filter(list_import=list_import, done_at=None).count() == 0


def test_the_lists_page_shows_how_far_screening_has_come_and_the_partner_list_says_it_is_under_way(
    default_list, small_batches, organisation, questionnaire, officer, officer_client, outsider_client, assessment,
    tmp_path,
):  # fmt: skip
    live_and_frozen(organisation, questionnaire, officer, assessment)
    list_import = import_edition(edition_with_new_entry(tmp_path), background=True).list_import
    rescreen_run(list_import, limit=1)

    page = officer_client.get(reverse("partners:lists", args=[assessment.pk])).content.decode()
    assert '<meta http-equiv="refresh"' in page  # refreshes itself while the run goes on
    assert f'<progress id="progress-{list_import.pk}" max="4" value="2"></progress>' in page
    assert "2 of 4 partners" in page and "waiting for the live partners" in page
    partners = officer_client.get(reverse("partners:list", args=[assessment.pk])).content.decode()
    assert "2 of 4 partners of assessments open for editing done (50% of the whole run)" in partners

    rescreen_run(list_import)
    page = officer_client.get(reverse("partners:lists", args=[assessment.pk])).content.decode()
    assert '<meta http-equiv="refresh"' not in page
    assert "4 partners screened; 3 new potential matches" in page and "1 told" in page
    partners = officer_client.get(reverse("partners:list", args=[assessment.pk])).content.decode()
    assert "being screened again" not in partners
    assert outsider_client.get(reverse("partners:lists", args=[assessment.pk])).status_code == 404


def test_an_entry_removed_from_the_list_drops_its_undecided_matches_and_keeps_decided_ones(
    default_list, organisation, questionnaire, officer, assessment, tmp_path
):
    first = tmp_path / "first.csv"
    first.write_text(SHIPPED.read_text(encoding="utf-8") + NEW_ENTRY, encoding="utf-8")
    import_edition(first, background=False)
    undecided, decided = add(assessment, LISTED), add(assessment, VARIANT)

    screen(assessment_id=assessment.pk)
    match = decided.matches.get()
    match.status, match.reason, match.decided_by = "confirmed", "Same company, same registration number.", officer
    match.save()
    assert undecided.matches.get().status == "potential"

    # The next edition no longer lists the company (the shipped list alone).
    second = screening_list_import(
        path=SHIPPED, fmt="csv", slug=SLUG, name="Xinjiang", publisher="", file_date=datetime.date(2026, 12, 2)
    ).list_import
    assert second.removed == 1
    assert not undecided.matches.exists()
    kept = decided.matches.get()
    assert (kept.status, kept.reason) == ("confirmed", "Same company, same registration number.")


def test_a_run_left_unfinished_is_resumed_when_the_worker_starts(
    default_list, small_batches, organisation, questionnaire, officer, assessment, tmp_path
):
    from duediligence.partners.tasks import rescreening_resume

    live_and_frozen(organisation, questionnaire, officer, assessment)
    list_import = import_edition(edition_with_new_entry(tmp_path), background=True).list_import
    rescreen_run(list_import, limit=1)  # then the command was stopped
    assert rescreening_resume()  # the tests' task backend runs the queued task at once
    list_import.refresh_from_db()
    assert list_import.screened_at is not None
    assert not list_import.batches.filter(done_at=None).exists()
    assert not rescreening_resume()


def test_a_partner_whose_entry_changed_is_judged_against_every_entry_again(
    default_list, organisation, questionnaire, officer, assessment, tmp_path
):
    """The one case where judging a live partner against the new entries and its current matches would not give
    a full screening's answer: its match is on an entry the edition changed, which no longer names it, so an
    unchanged entry it resembles less (not flagged while the first ranked above it) becomes its answer."""
    header = SHIPPED.read_text(encoding="utf-8")
    listed = ",,UFLPA Entity List,import_ban,agriculture,,2026-11-20,test,,,v,\n"
    renamed = '"Kashgar Zafaran Holdings Co., Ltd.",{aliases}' + listed
    sister = '"Saffron Crimson Trading Co., Ltd.",' + listed
    first, second = tmp_path / "first.csv", tmp_path / "second.csv"
    first.write_text(header + renamed.format(aliases="Saffron Crimson Foods") + sister, encoding="utf-8")
    second.write_text(header + renamed.format(aliases="") + sister, encoding="utf-8")
    import_edition(first, background=False)
    partner = add(assessment, "Saffron Crimson Foods")
    screen(assessment_id=assessment.pk)
    assert list(partner.matches.values_list("entity__name", flat=True)) == ["Kashgar Zafaran Holdings Co., Ltd."]

    result = screening_list_import(
        path=second, fmt="csv", slug=SLUG, name="Xinjiang", publisher="", file_date=datetime.date(2026, 12, 2)
    )
    assert result.list_import.changed == 1
    assert list(partner.matches.values_list("entity__name", flat=True)) == ["Saffron Crimson Trading Co., Ltd."]
    full = screen(assessment_id=assessment.pk)
    assert (full.added, full.dropped) == (0, 0)


def test_a_reopened_assessment_is_screened_against_what_was_listed_while_it_was_frozen(
    default_list, organisation, questionnaire, officer, auditor, assessment, tmp_path
):
    """An entry listed while the assessment was frozen was never judged on its partners (frozen revisions are told,
    not screened). Once reopened, the next list change that concerns a partner screens it against every entry,
    and a full screening of the assessment ends that."""
    from duediligence.assessments.models import Assessment
    from duediligence.review.models import Comment
    from tests.review.conftest import move

    partner = add(assessment, VARIANT)
    screen(assessment_id=assessment.pk)
    assert not partner.matches.exists()
    freeze(assessment, Status.IN_REVIEW)
    import_edition(edition_with_new_entry(tmp_path), background=False)  # lists LISTED while it is frozen
    assert not partner.matches.exists()
    Comment.objects.create(assessment=assessment, author=auditor, text="Check the partners again.")
    move(assessment, "request_changes", auditor)
    assert Assessment.objects.get(pk=assessment.pk).partners_screening_stale

    # The next edition adds an unrelated entry sharing a word with the partner: it is screened in full.
    later = tmp_path / "later.csv"
    later.write_text(
        edition_with_new_entry(tmp_path).read_text(encoding="utf-8")
        + '"Saffron Road Logistics Co., Ltd.",,,UFLPA Entity List,import_ban,logistics,,2026-12-01,test,,,v,\n',
        encoding="utf-8",
    )
    screening_list_import(
        path=later, fmt="csv", slug=SLUG, name="Xinjiang", publisher="", file_date=datetime.date(2026, 12, 2)
    )
    assert LISTED in list(partner.matches.values_list("entity__name", flat=True))
    assert Assessment.objects.get(pk=assessment.pk).partners_screening_stale  # other partners may still need it
    screen(assessment_id=assessment.pk)
    assert not Assessment.objects.get(pk=assessment.pk).partners_screening_stale


def test_a_correction_starts_with_its_partners_due_a_full_screening(default_list, assessment, officer):
    from duediligence.assessments.models import Assessment
    from duediligence.reports.services import correction_start

    freeze(assessment, Status.PUBLISHED)
    copy = correction_start(assessment=assessment, user=officer)
    assert Assessment.objects.get(pk=copy.pk).partners_screening_stale
    assert not Assessment.objects.get(pk=assessment.pk).partners_screening_stale
