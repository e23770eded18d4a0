"""Cached parts of pages: served again without their work, never stale after a change, never another person's."""

import datetime
import re

import pytest
from django.core.cache import caches
from django.core.exceptions import ImproperlyConfigured
from django.db import connection
from django.test import override_settings
from django.urls import reverse

from duediligence.lib import fragments
from duediligence.lib.pg_cache import CULL_EVERY, PostgresCache
from tests.assessments.test_section import post_section, section_url
from tests.conftest import create_risk

TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]*)"')


def without_tokens(page: str) -> str:
    # Django masks the CSRF token afresh on every request; everything else must be the same.
    return TOKEN.sub("", page)


def overview_url(assessment) -> str:
    return reverse("assessments:overview", args=[assessment.pk])


def test_a_page_seen_again_costs_only_its_key_and_one_read(officer_client, assessment, django_assert_max_num_queries):
    first = officer_client.get(overview_url(assessment)).content.decode()
    # Session, user, two-factor device, membership, the assessment (with its version), the cache read, and the
    # open-decision count the header shows an officer (one more cache read, under the same version).
    with django_assert_max_num_queries(7):
        again = officer_client.get(overview_url(assessment)).content.decode()
    assert without_tokens(again) == without_tokens(first)
    assert fragments.CSRF_MARKER not in again


def test_a_change_shows_at_once_by_whatever_path_it_came(officer_client, assessment, officer):
    assert "0 risks" in officer_client.get(overview_url(assessment)).content.decode()
    create_risk(assessment, officer, "DNA sequencers used for compulsory collection")
    assert "1 risk<" in officer_client.get(overview_url(assessment)).content.decode()
    # Through the page: the section shows what was saved, and the overview counts it.
    post_section(officer_client, assessment, {"operates_in_region": "yes", "context_sources": "Site visits"})
    assert "Site visits</textarea>" in officer_client.get(section_url(assessment)).content.decode()


def test_each_session_gets_its_own_csrf_token_in_a_cached_form(officer, assessment):
    from tests.conftest import client_for

    first, second = client_for(officer), client_for(officer)
    first.handler.enforce_csrf_checks = second.handler.enforce_csrf_checks = True
    first.get(section_url(assessment))  # now cached
    page = second.get(section_url(assessment)).content.decode()
    tokens = TOKEN.findall(page)
    assert tokens and not any(fragments.CSRF_MARKER in token for token in tokens)
    versions = dict(re.findall(r'name="(version__[a-z_]+)" value="(\d+)"', page))
    response = second.post(
        section_url(assessment),
        {"csrfmiddlewaretoken": tokens[-1], **versions, "context_sources": "From the cached form", "action": "later"},
    )
    assert response.status_code == 302


def test_people_in_other_roles_never_get_each_others_part(officer_client, manager_client, assessment):
    officer_page = officer_client.get(overview_url(assessment)).content.decode()
    manager_page = manager_client.get(overview_url(assessment)).content.decode()
    assert "Start the next period from this assessment" in officer_page
    assert "Check your answers and submit" in officer_page
    assert "Start the next period from this assessment" not in manager_page
    assert "Read all answers" in manager_page


def test_a_page_shown_again_with_errors_is_never_cached(officer_client, assessment):
    response = post_section(officer_client, assessment, {"operates_in_region": "perhaps"})
    assert response.status_code == 400
    assert "perhaps" not in officer_client.get(section_url(assessment)).content.decode()


def test_a_new_release_is_never_served_parts_cached_before_it():
    fragments.release.cache_clear()
    try:
        with override_settings(FRAGMENT_CACHE_RELEASE="release-1"):
            fragments.release.cache_clear()
            before = fragments.key_of("overview", 1, 2)
        with override_settings(FRAGMENT_CACHE_RELEASE="release-2"):
            fragments.release.cache_clear()
            after = fragments.key_of("overview", 1, 2)
        assert before != after
        # Unnamed, the release is a digest of the files: the same on every node that runs the same files.
        fragments.release.cache_clear()
        assert fragments.release() == fragments.release()
        assert re.fullmatch(r"[0-9a-f]{16}", fragments.release())
    finally:
        fragments.release.cache_clear()


def test_the_dashboard_changes_with_any_assessment_of_the_organisation(manager_client, assessment, officer):
    url = reverse("dashboard:home")
    assert "1 critical" not in manager_client.get(url).content.decode()
    create_risk(assessment, officer, "Biometric collection", scale=5, scope=5, irremediability=5, likelihood=4)
    assert "1 critical" in manager_client.get(url).content.decode()


def test_the_cache_writes_in_one_statement_and_overwrites(db, django_assert_num_queries):
    cache = caches[fragments.CACHE]
    with django_assert_num_queries(1):
        cache.set("a-part", "<p>first</p>")
    cache.set("a-part", "<p>second</p>")
    assert cache.get("a-part") == "<p>second</p>"
    cache.set("gone", "<p>old</p>", timeout=-1)
    assert cache.get("gone") is None


def test_the_cache_drops_what_expired_and_keeps_to_its_size(db):
    cache = caches[fragments.CACHE]
    assert isinstance(cache, PostgresCache)
    with connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO fragment_cache (cache_key, value, expires) SELECT 'old' || n, 'x', %s "
            "FROM generate_series(1, 5) n",
            [datetime.datetime(2020, 1, 1, tzinfo=datetime.UTC)],
        )
        kept, cache._max_entries = cache._max_entries, 10
        try:
            # Enough sets that one of them culls, wherever the process's count of sets stood.
            for number in range(CULL_EVERY):
                cache.set(f"part-{number}", "<p>part</p>")
        finally:
            cache._max_entries = kept
        cursor.execute("SELECT count(*), count(*) FILTER (WHERE cache_key LIKE 'old%%') FROM fragment_cache")
        total, expired = cursor.fetchone()
    assert expired == 0
    assert total <= 10 + CULL_EVERY


def test_the_assessment_list_shows_a_new_or_renamed_assessment_at_once(officer_client, assessment):
    url = reverse("assessments:list")
    assert "Xinjiang sales 2026" in officer_client.get(url).content.decode()
    type(assessment).objects.filter(pk=assessment.pk).update(title="Xinjiang sales, second half")
    assert "Xinjiang sales, second half" in officer_client.get(url).content.decode()


def test_a_lazy_part_builds_once_and_only_the_names_the_view_declared():
    calls = []

    def build():
        calls.append(1)
        return {"risk_count": 3, "partner_count": 7}

    context = fragments.lazily(build, "risk_count", "partner_count")
    assert (context["risk_count"](), context["partner_count"](), len(calls)) == (3, 7, 1)
    undeclared = fragments.lazily(build, "risk_count")
    with pytest.raises(ImproperlyConfigured, match="partner_count"):
        undeclared["risk_count"]()


def test_answer_text_that_spells_the_old_placeholder_is_shown_and_saved_as_typed(officer_client, assessment):
    """The token goes into the form's field only: text a person typed is never searched for a placeholder."""
    typed = "Sources: csrf-token-filled-in-per-request and nothing else"
    post_section(officer_client, assessment, {"operates_in_region": "yes", "context_sources": typed})
    officer_client.get(section_url(assessment))  # drawn and cached
    page = officer_client.get(section_url(assessment)).content.decode()
    assert f">\n{typed}</textarea>" in page
    token = TOKEN.findall(page)[-1]
    assert token and token not in page.replace(f'value="{token}"', "")
    # Saved again unchanged, the answer keeps what was typed, not this viewer's token.
    post_section(officer_client, assessment, {"operates_in_region": "yes", "context_sources": typed})
    from duediligence.assessments.snapshot import Snapshot

    assert Snapshot(assessment).values["context_sources"] == typed
