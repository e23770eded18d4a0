"""Importing screening lists (formats in list_formats.py): a new edition never rewrites history.

A file that cannot be read changes nothing: it is read whole before anything is written. Each import is recorded
(ListImport) with the file's own date and SHA-256, in one transaction with everything below, so nobody ever
screens against half a list:
- entries are never changed or deleted: an unchanged entry is kept, a changed one gets a new version with the
  same identity (the same name, the publisher's identifier, or its former name among the new aliases), and one
  no longer listed stops being current. Frozen revisions' matches keep pointing at what their reviewers saw;
- live assessments (open for editing) follow the edition: their matches move to the new versions with their
  decisions and reasons, and their partners are screened again, so an assessment can say "N new potential
  matches since the list of <date>". The screening runs after the edition is stored, in batches of one
  transaction each (ScreeningBatch, rescreen_run), so it resumes after an interruption and never holds a lock an
  officer waits on for longer than a batch;
- frozen revisions (submitted, approved, published) are never screened again: each one whose partners the new or
  changed entries would flag gets a ListNotice ("2 partners of this revision match entries added to <list> on
  <date>"), shown on its pages and emailed to its managers, with the way to start a correction.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from pathlib import Path

from django.db import connection, transaction
from django.db.models import Count, Q, QuerySet, Sum
from django.utils import timezone

from duediligence.assessments.workflow import EDITABLE
from duediligence.lib.collector import without_cycle_collection
from duediligence.partners.evidence import lookup_words
from duediligence.partners.list_formats import FORMATS, ListFormatError, ParsedList, read_list
from duediligence.partners.models import (
    EntityName,
    ListedEntity,
    ListImport,
    ListNotice,
    MatchStatus,
    Partner,
    ScreeningBatch,
    ScreeningList,
    ScreeningMatch,
)
from duediligence.partners.names import (
    key_for,
    keys_dump,
    listed_name_rows,
    name_tokens,
    names_stored,
    partner_tokens,
)
from duediligence.partners.screening import Scope, ScreeningResult, find_candidates, screen
from duediligence.partners.weights import weights_refresh

__all__ = ["FORMATS", "ListImportError", "ListImportResult", "screening_list_import"]

ListImportError = ListFormatError

LIST_FIELDS = {"aliases", "local_names", "programmes", "kinds", "countries"}
ENTITY_FIELDS = (
    "aliases",
    "local_names",
    "category",
    "programmes",
    "kinds",
    "countries",
    "parent",
    "date_listed",
    "source",
    "source_url",
    "retrieved_on",
    "note",
    "verified",
)


@dataclass
class ListImportResult:
    screening_list: ScreeningList
    list_import: ListImport
    entities: int
    skipped: int
    screening: ScreeningResult
    notes: list[str]


def _entity_values(values: dict) -> dict:
    """The stored fields of an entity; a format that does not give one leaves it empty."""
    empty: dict = {"verified": True, "date_listed": None, "retrieved_on": None}
    return {name: values.get(name, empty.get(name, [] if name in LIST_FIELDS else "")) for name in ENTITY_FIELDS}


def screening_list_import(
    *,
    path: Path,
    fmt: str,
    slug: str,
    name: str,
    publisher: str,
    source_url: str = "",
    caveat: str = "",
    file_date: datetime.date | None = None,
    background: bool = False,
) -> ListImportResult:
    """Import a list, then (unless `background`: the worker does it, rescreen_pending) screen again, in batches,
    the partners of live assessments and read those of frozen revisions for notices."""
    parsed = read_list(path, fmt, file_date)  # read whole, outside the transaction: a bad file writes nothing
    result = _store(parsed, fmt=fmt, slug=slug, name=name, publisher=publisher, source_url=source_url, caveat=caveat)
    if not background:
        result.screening = rescreen_run(result.list_import)
        result.list_import.refresh_from_db()
    return result


@without_cycle_collection
@transaction.atomic
def _store(
    parsed: ParsedList, *, fmt: str, slug: str, name: str, publisher: str, source_url: str, caveat: str
) -> ListImportResult:
    screening_list, created = ScreeningList.objects.select_for_update().get_or_create(
        slug=slug, defaults={"name": name, "publisher": publisher}
    )
    replaced = None if created else screening_list.imports.first()
    screening_list.name, screening_list.publisher = name, publisher
    screening_list.source_url, screening_list.caveat, screening_list.format = source_url, caveat, fmt
    screening_list.file_date, screening_list.file_date_from = parsed.file_date, parsed.file_date_from
    screening_list.files = parsed.files
    screening_list.save()
    list_import = ListImport.objects.create(
        screening_list=screening_list,
        file_date=parsed.file_date,
        files=parsed.files,
        entities=len(parsed.entities),
        replaced=replaced,
    )
    edition = _edition_store(screening_list, list_import, _merged(parsed.entities))
    EntityName.objects.filter(entity__screening_list=screening_list).delete()
    entity_names_build(edition.current)
    # Live assessments follow the new edition: their matches move to the new versions of the entries they matched,
    # decisions and reasons with them, and are then screened again. Frozen revisions keep what was reviewed.
    _matches_follow(edition.versions)
    list_import.added, list_import.changed, list_import.removed = edition.added, len(edition.versions), edition.removed
    list_import.save(update_fields=["added", "changed", "removed"])
    batches_plan(list_import, frozen=False)
    if edition.new_or_changed:  # planned by the first runner to run out of live batches (rescreen_run)
        list_import.frozen_pending = True
        list_import.save(update_fields=["frozen_pending"])
    return ListImportResult(
        screening_list, list_import, len(edition.current), parsed.skipped, ScreeningResult(), parsed.notes
    )


def _merged(entities: list[dict]) -> dict[str, dict]:
    """A name listed twice (OFAC lists some entities under several programmes) is one entity with both's names,
    kinds and programmes."""
    incoming: dict[str, dict] = {}
    for values in entities:
        if values["name"] in incoming:
            first = incoming[values["name"]]
            for field in LIST_FIELDS:
                first[field] = list(dict.fromkeys([*first.get(field, []), *values.get(field, [])]))
        else:
            incoming[values["name"]] = values
    return incoming


@dataclass
class Edition:
    current: list[ListedEntity]
    # The entries this edition wrote: new entities and new versions of changed ones.
    new_or_changed: list[ListedEntity]
    # Old entry -> its new version (same identity).
    versions: dict[int, ListedEntity]
    added: int
    removed: int


def _predecessors(existing: list[ListedEntity], incoming: dict[str, dict]) -> dict[str, ListedEntity]:
    """Which entry of the last edition each incoming entry continues: the same publisher's identifier, the same
    name, or (a renamed entity) a former name among the new entry's aliases. Each old entry continues once."""
    by_source = {entity.source_id: entity for entity in existing if entity.source_id}
    by_name = {entity.name: entity for entity in existing}
    found: dict[str, ListedEntity] = {}
    claimed: set[int] = set()
    for entity_name, values in incoming.items():
        old = by_source.get(values.get("source_id") or "") or by_name.get(entity_name)
        if old is not None and old.pk not in claimed:
            found[entity_name] = old
            claimed.add(old.pk)
    for entity_name, values in incoming.items():
        if entity_name in found:
            continue
        for other in [*values.get("aliases", []), *values.get("local_names", [])]:
            old = by_name.get(other)
            if old is not None and old.pk not in claimed:
                found[entity_name] = old
                claimed.add(old.pk)
                break
    return found


def _edition_store(screening_list: ScreeningList, list_import: ListImport, incoming: dict[str, dict]) -> Edition:
    """Store an edition without changing any earlier entry: unchanged entries are kept as they are, changed ones
    get a new version, removed ones stop being current."""
    existing = list(screening_list.entities.filter(current=True))
    predecessors = _predecessors(existing, incoming)
    kept: list[ListedEntity] = []
    fresh: list[ListedEntity] = []
    continued: dict[str, ListedEntity] = {}
    for entity_name, values in incoming.items():
        stored = {"name": entity_name, "source_id": values.get("source_id") or "", **_entity_values(values)}
        old = predecessors.get(entity_name)
        if old is not None and all(getattr(old, field) == value for field, value in stored.items()):
            kept.append(old)
            continue
        entity = ListedEntity(screening_list=screening_list, added_in=list_import, **stored)
        entity.read_names()
        if old is not None:
            entity.identity = old.identity
            continued[entity_name] = old
        fresh.append(entity)
    created = ListedEntity.objects.bulk_create(fresh, batch_size=2000)
    versions = {continued[entity.name].pk: entity for entity in created if entity.name in continued}
    kept_ids = {entity.pk for entity in kept}
    ended = [entity.pk for entity in existing if entity.pk not in kept_ids]
    ListedEntity.objects.filter(pk__in=ended).update(current=False, ended_in=list_import)
    return Edition(
        current=kept + created,
        new_or_changed=created,
        versions=versions,
        added=len(created) - len(versions),
        removed=len(ended) - len(versions),
    )


def _matches_follow(versions: dict[int, ListedEntity]) -> None:
    """Move live assessments' matches from replaced entries to their new versions (one statement)."""
    if not versions:
        return
    pairs = [(old, new.pk) for old, new in versions.items()]
    with connection.cursor() as cursor:
        cursor.execute(
            """
            UPDATE partners_screeningmatch m SET entity_id = moved.new_id
            FROM unnest(%s::bigint[], %s::bigint[]) AS moved(old_id, new_id), partners_partner p,
                 assessments_assessment a
            WHERE m.entity_id = moved.old_id AND p.id = m.partner_id AND a.id = p.assessment_id
              AND a.status = ANY(%s)
            """,
            [[old for old, _ in pairs], [new for _, new in pairs], [str(status) for status in EDITABLE]],
        )


# --- Screening again after an import, in batches ---------------------------------------------------------------

BATCH_PARTNERS = 2000
# The partners an edition can concern: those sharing a lookup token with a name of an entry it added or changed
# (a candidate of a new entry, the only pairs whose judgement can change), and, of live assessments, those whose
# matches point at such an entry or, still undecided, at one it removed. Cut into batches of consecutive ids.
BATCH_PLAN_SQL = """
WITH new_tokens AS (
    SELECT DISTINCT unnest(en.tokens) AS token
    FROM partners_entityname en JOIN partners_listedentity e ON e.id = en.entity_id
    WHERE e.added_in_id = %s
),
concerned AS (
    SELECT pt.id FROM (SELECT p.id, unnest(p.match_tokens) AS token FROM partners_partner p WHERE true {partners}) pt
    JOIN new_tokens USING (token)
    UNION
    SELECT m.partner_id FROM partners_screeningmatch m
    JOIN partners_partner p ON p.id = m.partner_id
    JOIN partners_listedentity e ON e.id = m.entity_id
    WHERE %s AND (e.added_in_id = %s OR (e.ended_in_id = %s AND m.status = %s)) {partners}
)
INSERT INTO partners_screeningbatch (list_import_id, frozen, first_partner, last_partner, partners, partner_ids, found)
SELECT %s, %s, min(id), max(id), count(*), array_agg(id ORDER BY id), 0
FROM (SELECT id, (row_number() OVER (ORDER BY id) - 1) / %s AS batch FROM concerned) numbered
GROUP BY batch
"""


def batches_plan(list_import: ListImport, *, frozen: bool) -> int:
    """Cut the partners the edition can concern into batches, of live assessments or (`frozen`) of frozen revisions;
    returns how many. A partner added later is screened when saved.

    A partner sharing no token with a new or changed entry keeps its matches: its candidates are the unchanged
    entries it was judged against. So the work grows with the change, not with every partner ever screened."""
    scope = Scope.of(frozen=True) if frozen else Scope.of(live=True)
    params = [
        list_import.pk,
        *scope.partner_params,
        not frozen,  # frozen revisions' matches are what was reviewed: only their new candidates count
        list_import.pk,
        list_import.pk,
        str(MatchStatus.POTENTIAL),
        *scope.partner_params,
        list_import.pk,
        frozen,
        BATCH_PARTNERS,
    ]
    with connection.cursor() as cursor:
        cursor.execute(BATCH_PLAN_SQL.format(partners=scope.partners), params)
        return cursor.rowcount


def rescreen_run(list_import: ListImport, *, limit: int | None = None) -> ScreeningResult:
    """Do the import's remaining batches (at most `limit`), one transaction each; several runners may share the
    work (each takes a batch nobody holds). Live assessments' batches come first; the frozen revisions' batches
    are planned only once no live batch is left to take (reading every frozen partner's tokens takes longer than
    screening the live ones). When the last is done, the import's totals are written and officers and managers
    are told. Returns what the batches done here found."""
    total = ScreeningResult()
    done = 0
    new_entries: list[int] | None = None  # the entries the edition added or changed, read at the first batch
    while limit is None or done < limit:
        with transaction.atomic():
            batch = (
                ScreeningBatch.objects.select_for_update(skip_locked=True)
                .filter(list_import=list_import, done_at=None)
                .order_by("frozen", "first_partner")
                .first()
            )
            if (batch is None or batch.frozen) and _frozen_planned(list_import):
                continue  # the frozen batches are there now: take the first
            if batch is None:
                break
            if new_entries is None:
                new_entries = list(ListedEntity.objects.filter(added_in=list_import).values_list("pk", flat=True))
            if batch.frozen:
                batch.found = _notices_add(list_import, batch, new_entries)
            else:
                result = _live_batch_screen(list_import, batch, new_entries)
                batch.found = result.added
                _add_up(total, result)
            batch.done_at = timezone.now()
            batch.save(update_fields=["found", "done_at"])
        done += 1
    _finish(list_import)
    return total


def _frozen_planned(list_import: ListImport) -> bool:
    """Plan the frozen revisions' batches if nobody has yet (once, whoever comes first); whether this call did."""
    pending = ListImport.objects.select_for_update().filter(pk=list_import.pk, frozen_pending=True).first()
    if pending is None:
        return False
    batches_plan(pending, frozen=True)
    pending.frozen_pending = False
    pending.save(update_fields=["frozen_pending"])
    return True


@without_cycle_collection
def _live_batch_screen(list_import: ListImport, batch: ScreeningBatch, new_entries: list[int]) -> ScreeningResult:
    """Screen a live batch again after the edition, judging each partner only against what can change its answer.

    A partner's answer is its best entity. Entries the edition did not touch were judged before and ranked no
    higher than the partner's current matches, so judging the new or changed entries and the partner's current
    matches again gives the same answer as judging every entry (up to the words' weights, recounted with each
    edition: docs/architecture.md). That fails where a current match is on an entry that changed or is no longer
    listed (an unchanged runner-up may then come first), and for an assessment reopened or copied from a frozen
    revision (editions imported while it was frozen were never judged on it): those partners are screened
    against every entry."""
    live = _live_partners(batch)
    partner_ids = list(live)
    matched = ScreeningMatch.objects.filter(partner_id__in=partner_ids).values_list(
        "partner_id", "entity_id", "entity__added_in_id", "entity__current"
    )
    # Reopened or copied from a frozen revision: editions imported meanwhile were never judged on them.
    whole = {partner_id for partner_id, stale in live.items() if stale}
    entity_ids = set(new_entries)
    for partner_id, entity_id, added_in, current in matched:
        entity_ids.add(entity_id)
        if added_in == list_import.pk or not current:  # changed or removed now, or replaced while it was frozen
            whole.add(partner_id)
    result = ScreeningResult()
    if whole:
        result = screen(partner_ids=sorted(whole), found_in=list_import)
    judged = [partner_id for partner_id in partner_ids if partner_id not in whole]
    if judged:
        _add_up(result, screen(partner_ids=judged, found_in=list_import, entity_ids=sorted(entity_ids)))
    return result


def rescreen_pending() -> int:
    """Finish every import whose batches were left undone (an interrupted command, or one run with --background);
    returns the batches done."""
    done = 0
    for list_import in ListImport.objects.filter(screened_at=None):
        before = list_import.batches.filter(done_at__isnull=False).count()
        rescreen_run(list_import)
        done += list_import.batches.filter(done_at__isnull=False).count() - before
    return done


def progress(list_import: ListImport) -> dict[str, int]:
    """How far re-screening has come, in partners: live and frozen, done and in all."""
    return progress_of([list_import.pk])[list_import.pk]


def progress_of(import_ids: list[int]) -> dict[int, dict[str, int]]:
    """`progress` of several imports, in one query (the lists page shows ten per list)."""
    found = {pk: {"live": 0, "live_done": 0, "frozen": 0, "frozen_done": 0} for pk in import_ids}
    rows = (
        ScreeningBatch.objects.filter(list_import_id__in=import_ids)
        .values("list_import_id", "frozen")
        .annotate(total=Sum("partners"), done=Sum("partners", filter=Q(done_at__isnull=False)))
    )
    for row in rows:
        kind = "frozen" if row["frozen"] else "live"
        found[row["list_import_id"]][kind] = row["total"] or 0
        found[row["list_import_id"]][f"{kind}_done"] = row["done"] or 0
    return found


def _live_partners(batch: ScreeningBatch) -> dict[int, bool]:
    """The batch's partners still in a live assessment (one may have been submitted since the plan), each with
    whether its assessment is due a full screening (Assessment.partners_screening_stale)."""
    return dict(
        Partner.objects.filter(pk__in=batch.partner_ids, assessment__status__in=EDITABLE)
        .order_by("pk")
        .values_list("pk", "assessment__partners_screening_stale")
    )


def _add_up(total: ScreeningResult, result: ScreeningResult) -> None:
    total.partners += result.partners
    total.candidates += result.candidates
    total.added += result.added
    total.dropped += result.dropped
    total.kept_decisions += result.kept_decisions
    total.matched_partner_ids |= result.matched_partner_ids


def _finish(list_import: ListImport) -> None:
    """Once no batch remains: the import's totals, and the emails (queued once, whoever finishes)."""
    with transaction.atomic():
        locked = ListImport.objects.select_for_update().filter(pk=list_import.pk, screened_at=None).first()
        if locked is None or locked.frozen_pending or locked.batches.filter(done_at=None).exists():
            return
        locked.new_matches = ScreeningMatch.objects.filter(found_in=locked, status=MatchStatus.POTENTIAL).count()
        locked.notices = ListNotice.objects.filter(list_import=locked).count()
        locked.screened_at = timezone.now()
        locked.save(update_fields=["new_matches", "notices", "screened_at"])
        from duediligence.partners.tasks import list_notices_notify, new_matches_notify

        # Queued in this transaction: the worker sees the tasks only once the totals they read are committed.
        if locked.new_matches:
            new_matches_notify.enqueue(locked.pk)
        if locked.notices:
            list_notices_notify.enqueue(locked.pk)


@without_cycle_collection
def _notices_add(list_import: ListImport, batch: ScreeningBatch, entity_ids: list[int]) -> int:
    """Tell each frozen revision of the batch whose partners the new or changed entries would flag (never
    re-screen it); returns how many partners were named.

    Only the newest revision of each assessment is told (an older one was corrected already), and a partner
    counts only where it has no match yet with the same entity in any version: a renamed entry brings nothing new.
    A revision whose partners fall in several batches gets one notice, each batch adding its partners.
    """
    if not entity_ids:
        return 0
    scope = Scope.of(frozen=True, partner_ids=batch.partner_ids, entity_ids=entity_ids)
    found = find_candidates(scope=scope, partner_count=batch.partners)
    if not found:
        return 0
    partner_ids = {partner_id for partner_id, _ in found}
    partners = Partner.objects.in_bulk(partner_ids)
    entities = ListedEntity.objects.in_bulk({entity_id for _, entity_id in found})
    known = set(ScreeningMatch.objects.filter(partner_id__in=partner_ids).values_list("partner_id", "entity__identity"))
    per_assessment: dict[int, list[dict[str, str]]] = {}
    for (partner_id, entity_id), candidate in sorted(found.items()):
        entity, partner = entities[entity_id], partners[partner_id]
        if (partner_id, entity.identity) in known:
            continue
        per_assessment.setdefault(partner.assessment_id, []).append(
            {
                "partner": partner.name,
                "entity": entity.name,
                "matched_name": candidate.matched_name,
                "explanation": candidate.explanation,
            }
        )
    named = 0
    for assessment_id, items in per_assessment.items():
        notice, _ = ListNotice.objects.select_for_update().get_or_create(
            assessment_id=assessment_id, list_import=list_import, defaults={"partners": 0}
        )
        notice.found = [*notice.found, *items]
        notice.partners = len({item["partner"] for item in notice.found})
        notice.save(update_fields=["found", "partners"])
        named += len({item["partner"] for item in items})
    return named


@without_cycle_collection
def tokens_rebuild(partners: QuerySet[Partner]) -> None:
    """Every look-up token again, after the way names are read changed (the retoken migrations): the given
    partners' tokens and names as read, then every current entity's names."""
    batch: list[Partner] = []
    for partner in partners.only("id", "name", "name_local", "owner").iterator(chunk_size=2000):
        partner.match_tokens = partner_tokens(partner.name, partner.name_local, partner.owner)
        partner.name_keys = keys_dump(tuple(key_for(own) for own in (partner.name, partner.name_local, partner.owner)))
        batch.append(partner)
        if len(batch) >= 2000:
            Partner.objects.bulk_update(batch, ["match_tokens", "name_keys"])
            batch = []
    Partner.objects.bulk_update(batch, ["match_tokens", "name_keys"])
    entities = list(ListedEntity.objects.filter(current=True))
    for entity in entities:
        entity.read_names()
    ListedEntity.objects.bulk_update(entities, ["name_keys"], batch_size=2000)
    EntityName.objects.all().delete()
    entity_names_build(entities)


def entity_names_build(entities: list[ListedEntity]) -> None:
    """The names screening searches: each current entity's name, aliases and local-script names, with the
    tokens it is looked up by. The words' weights are counted first (weights.py), so a name is looked up only
    by words rare enough to be evidence."""
    for entity in entities:
        names_stored(entity.labels, entity.name_keys)
    weights = weights_refresh()
    rows = []
    for entity in entities:
        for row in listed_name_rows(entity.name, entity.aliases, entity.local_names):
            key = key_for(row["label"])
            evidence = lookup_words(key, weights)
            rows.append(EntityName(entity=entity, tokens=sorted(name_tokens(key, evidence=evidence)), **row))
    EntityName.objects.bulk_create(rows, batch_size=5000)


@dataclass(frozen=True)
class NewMatches:
    """Potential matches a list import found in one assessment, still waiting for a decision."""

    list_import: ListImport
    count: int

    def __str__(self) -> str:
        imported = self.list_import
        noun = "potential match" if self.count == 1 else "potential matches"
        if imported.replaced_id and imported.replaced:
            earlier = imported.replaced.file_date or imported.replaced.imported_at.date()
            return f"{self.count} new {noun} since the list of {earlier:%-d %b %Y} ({imported.screening_list})"
        return f"{self.count} new {noun} from {imported.screening_list}, newly imported"


def new_matches_for(assessment_ids: list[int] | QuerySet) -> dict[int, list[NewMatches]]:
    """Per assessment: the potential matches list imports found there that nobody has decided yet."""
    rows = (
        ScreeningMatch.objects.filter(
            partner__assessment_id__in=assessment_ids, status=MatchStatus.POTENTIAL, found_in__isnull=False
        )
        .values("partner__assessment_id", "found_in_id")
        .annotate(count=Count("id"))
    )
    imports = ListImport.objects.select_related("screening_list", "replaced").in_bulk(
        {row["found_in_id"] for row in rows}
    )
    result: dict[int, list[NewMatches]] = {}
    for row in rows:
        result.setdefault(row["partner__assessment_id"], []).append(
            NewMatches(imports[row["found_in_id"]], row["count"])
        )
    return result


def list_notices_for(assessment_ids: list[int] | QuerySet) -> list[ListNotice]:
    """The list notices of these assessments that still stand: a corrected revision's were answered by its
    correction, which was screened against the new edition."""
    return list(
        ListNotice.objects.filter(assessment_id__in=assessment_ids, assessment__next_revision__isnull=True)
        .select_related("assessment", "list_import__screening_list")
        .order_by("-created_at", "-id")
    )
