"""Keys of cached parts come from what their page reads, validated, never from the raw address; and no member,
nor any organisation, can fill the cache or push another organisation's parts out of it."""

from __future__ import annotations

import pytest
from django.core.cache import caches
from django.db import connection
from django.urls import reverse

from duediligence.lib import fragments
from duediligence.partners.models import Partner
from tests.conftest import complete_required
from tests.review.conftest import move


@pytest.fixture
def submitted_assessment(assessment, officer):
    complete_required(assessment, officer)
    move(assessment, "submit", officer)
    return assessment


def rows(scope: str | None = None) -> int:
    with connection.cursor() as cursor:
        if scope is None:
            cursor.execute("SELECT count(*) FROM fragment_cache")
        else:
            cursor.execute("SELECT count(*) FROM fragment_cache WHERE scope = %s", [scope])
        return cursor.fetchone()[0]


def test_made_up_query_strings_make_no_new_parts(auditor_client, submitted_assessment):
    submitted = submitted_assessment
    review = reverse("review:page", args=[submitted.pk])
    assert auditor_client.get(review).status_code == 200
    before = rows()
    for number in range(300):
        assert auditor_client.get(f"{review}?flood={number}").status_code == 200
    assert rows() == before
    # Nor does another spelling of the same address (an id with leading zeros reads the same assessment).
    assert auditor_client.get(f"/assessments/{submitted.pk:09d}/review/").status_code == 200
    assert rows() == before


def test_the_partner_list_keys_on_its_filters_and_nothing_else(officer_client, assessment):
    Partner.objects.create(assessment=assessment, name="Aksu Cotton Mill", category="supplier", country="China")
    Partner.objects.create(assessment=assessment, name="Urumqi Clinic", category="customer", country="China")
    url = reverse("partners:list", args=[assessment.pk])
    everyone = officer_client.get(url).content.decode()
    assert "Aksu Cotton Mill" in everyone and "Urumqi Clinic" in everyone
    suppliers = officer_client.get(f"{url}?category=supplier").content.decode()
    assert "Aksu Cotton Mill" in suppliers and "Urumqi Clinic" not in suppliers
    counted = rows()
    for junk in ("flood=1", "flood=2", "category=supplier&flood=3", "utm_source=x", "page=1"):
        officer_client.get(f"{url}?{junk}")
    assert rows() == counted, "unread parameters, and the first page named, are the parts already cached"
    # What the page cannot read is drawn but not kept: a category that is none, a page far past any list.
    for odd in ("category=spaceship", "page=abc", "page=99999999", "q=Aksu"):
        assert officer_client.get(f"{url}?{odd}").status_code == 200
    assert rows() == counted


def test_an_organisations_parts_are_capped_and_its_flood_spares_the_others(db, settings):
    cache = caches[fragments.CACHE]
    kept = cache._max_entries_per_scope
    cache._max_entries_per_scope = 10
    try:
        for number in range(3):
            cache.set(f"o2/fragment:part-{number}", "<p>theirs</p>")
        for number in range(50):
            cache.set(f"o1/fragment:flood-{number}", "<p>mine</p>")
    finally:
        cache._max_entries_per_scope = kept
    assert rows("o1") <= 10
    assert rows("o2") == 3
    assert all(cache.get(f"o2/fragment:part-{number}") == "<p>theirs</p>" for number in range(3))
    assert cache.get("o1/fragment:flood-49") == "<p>mine</p>", "the newest part of the capped organisation stays"


def test_a_full_cache_is_trimmed_evenly_across_organisations(db):
    cache = caches[fragments.CACHE]
    for number in range(40):
        cache.set(f"o1/fragment:flood-{number}", "<p>mine</p>")
    for number in range(4):
        cache.set(f"o2/fragment:part-{number}", "<p>theirs</p>")
    kept = cache._max_entries
    cache._max_entries = 20
    try:
        with connection.cursor() as cursor:
            cache.cull(cursor, "fragment_cache")
    finally:
        cache._max_entries = kept
    assert rows() <= 20
    assert rows("o2") == 4, "the larger organisation gives up its parts first"
