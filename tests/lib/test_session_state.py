"""The check behind every test (tests/conftest.py, tests/session_state.py) finds each kind of session state that
transaction pooling breaks, so a code path that starts to rely on one fails the test that runs it."""

from __future__ import annotations

import pytest
from django.db import connection, transaction

from duediligence.partners import screening
from tests.session_state import leftovers

pytestmark = pytest.mark.django_db(transaction=True)

SESSION_DEPENDENCIES = {
    "a session advisory lock": ["SELECT pg_advisory_lock(38)"],
    "a cursor held open": ["DECLARE held CURSOR WITH HOLD FOR SELECT 1"],
    "a prepared statement": ["PREPARE answer_count AS SELECT count(*) FROM assessments_answer"],
    "listening on": ["LISTEN renders"],
    "a temporary table": ["CREATE TEMPORARY TABLE scratch (id int)"],
    "a session setting": ["SET statement_timeout = '5s'"],
    "a SET LOCAL outside a transaction": ["SET LOCAL jit = off"],
}


@pytest.mark.parametrize("kind", SESSION_DEPENDENCIES)
def test_it_finds_each_kind_of_session_state(kind):
    connection.ensure_connection()
    assert leftovers(connection.connection) == []
    with connection.cursor() as cursor:
        for statement in SESSION_DEPENDENCIES[kind]:
            cursor.execute(statement)
    try:
        found = leftovers(connection.connection)
        assert len(found) == 1 and found[0].startswith(kind), found
    finally:
        connection.close()  # the state goes with the session


def test_what_lasts_only_for_its_transaction_is_not_session_state():
    connection.ensure_connection()
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SELECT pg_advisory_xact_lock(38)")
        cursor.execute("SET LOCAL statement_timeout = '5s'")
        cursor.execute("SELECT set_config('duediligence.versions_raised', ',1,', true)")
        cursor.execute("DECLARE inside CURSOR FOR SELECT 1")
    assert leftovers(connection.connection) == []


def test_iterating_a_queryset_outside_a_transaction_holds_no_cursor_when_pooling(questionnaire):
    """QuerySet.iterator() outside a transaction holds a WITH HOLD cursor across transactions; with
    DATABASE_TRANSACTION_POOLING (DISABLE_SERVER_SIDE_CURSORS) it reads through a client-side cursor."""
    from duediligence.questionnaires.models import Question

    connection.ensure_connection()
    rows = Question.objects.all().iterator(chunk_size=1)
    next(rows)
    held = leftovers(connection.connection)
    assert any("WITH HOLD" in found for found in held), held
    connection.close()

    connection.settings_dict["DISABLE_SERVER_SIDE_CURSORS"] = True
    try:
        connection.ensure_connection()
        rows = Question.objects.all().iterator(chunk_size=1)
        next(rows)
        assert leftovers(connection.connection) == []
    finally:
        connection.settings_dict["DISABLE_SERVER_SIDE_CURSORS"] = False
        connection.close()


def test_the_partner_pages_alternatives_keep_their_setting_inside_one_transaction(officer, assessment):
    """alternatives_for() runs outside a transaction (a GET); its SET LOCAL must share one with its query."""
    from duediligence.partners.models import Partner

    partner = Partner.objects.create(assessment=assessment, name="Tianshan Instruments", category="supplier")
    connection.ensure_connection()
    leftovers(connection.connection)  # forget what the set-up said
    assert screening.alternatives_for(partner) == []
    assert leftovers(connection.connection) == []
