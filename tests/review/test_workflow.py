"""Every move allowed only to its role, in its state; refused moves change nothing."""

import threading

import pytest
from django.db import connection

from duediligence.assessments import workflow as states
from duediligence.assessments.models import Assessment, Status, Transition
from duediligence.review import services, workflow
from duediligence.review.models import ReviewSnapshot
from tests.conftest import make_assessment
from tests.review.conftest import approve, move

ROLES = ["officer", "auditor", "manager", "org_admin"]
# (move, status it starts from, the one role allowed)
MOVES = [
    ("submit", Status.DRAFT, "officer"),
    ("submit", Status.CHANGES_REQUESTED, "officer"),
    ("start_review", Status.SUBMITTED, "auditor"),
    ("request_changes", Status.IN_REVIEW, "auditor"),
    ("request_changes", Status.SUBMITTED, "auditor"),
    ("approve", Status.IN_REVIEW, "auditor"),
    ("approve", Status.SUBMITTED, "auditor"),
    ("publish", Status.APPROVED, "manager"),
]


def put_in(assessment, status):
    Assessment.objects.filter(pk=assessment.pk).update(status=status)
    assessment.refresh_from_db()


@pytest.fixture
def ready(assessment, officer, auditor):
    """An assessment whose guards pass: complete answers and one open comment."""
    from tests.conftest import complete_required

    complete_required(assessment, officer)
    return assessment


@pytest.mark.parametrize(("move_name", "status", "allowed_role"), MOVES)
@pytest.mark.parametrize("role", ROLES)
def test_each_move_belongs_to_one_role(request, ready, move_name, status, allowed_role, role, auditor):
    if move_name == "publish":
        approve(ready, auditor)  # publishing checks what the approval recorded
    put_in(ready, status)
    earlier = Transition.objects.count()
    if move_name == "request_changes":
        from duediligence.review.models import Comment

        Comment.objects.create(assessment=ready, author=auditor, text="Explain the end-use checks.")
    user = request.getfixturevalue(role)
    if role == allowed_role:
        record = move(ready, move_name, user)
        ready.refresh_from_db()
        assert ready.status == states.MOVES[move_name].target
        # A decision on a submitted assessment first records that the review started.
        starts = move_name in states.STARTS_THE_REVIEW and status == Status.SUBMITTED
        assert (record.from_status, record.by) == (Status.IN_REVIEW if starts else status, user)
    else:
        with pytest.raises(workflow.TransitionRefused, match="Only a"):
            move(ready, move_name, user)
        ready.refresh_from_db()
        assert ready.status == status
        assert Transition.objects.count() == earlier


@pytest.mark.parametrize(("move_name", "status", "allowed_role"), MOVES)
def test_each_move_is_refused_in_every_other_state(request, ready, move_name, status, allowed_role):
    user = request.getfixturevalue(allowed_role)
    for other in Status.values:
        if other in states.MOVES[move_name].sources:
            continue
        put_in(ready, other)
        with pytest.raises(workflow.TransitionRefused, match="cannot"):
            move(ready, move_name, user)
        ready.refresh_from_db()
        assert ready.status == other
    assert not Transition.objects.exists()


def test_request_changes_needs_an_open_comment(in_review, auditor):
    with pytest.raises(workflow.TransitionRefused, match="at least one comment"):
        move(in_review, "request_changes", auditor)
    services.comment_add(assessment=in_review, author=auditor, text="Name the laboratory.")
    move(in_review, "request_changes", auditor, note="See comments")
    in_review.refresh_from_db()
    assert in_review.status == Status.CHANGES_REQUESTED


def test_resubmission_is_refused_while_comments_are_unanswered(in_review, auditor, officer):
    comment = services.comment_add(assessment=in_review, author=auditor, text="Name the laboratory.")
    move(in_review, "request_changes", auditor)
    with pytest.raises(workflow.TransitionRefused, match="1 review comment is still open"):
        move(in_review, "submit", officer)
    services.comment_reply(comment=comment, user=officer, text="Named in the security customers answer.")
    move(in_review, "submit", officer)
    in_review.refresh_from_db()
    assert in_review.status == Status.SUBMITTED


def test_approval_is_bound_to_the_content_approved(in_review, auditor):
    record = move(in_review, "approve", auditor)
    snapshot = ReviewSnapshot.objects.get(transition=record)
    assert record.content_sha256 == snapshot.content_sha256
    assert len(record.content_sha256) == 64
    assert snapshot.content["answers"]["operates_in_region"] == "no"


@pytest.mark.django_db(transaction=True)
def test_two_auditors_acting_at_once_leave_one_consistent_state(in_review_committed):
    assessment, first, second = in_review_committed
    outcomes = []

    def act(user, name):
        try:
            move(assessment, name, user)
            outcomes.append((name, "ok"))
        except workflow.TransitionRefused:
            outcomes.append((name, "refused"))
        finally:
            connection.close()

    threads = [
        threading.Thread(target=act, args=(first, "approve")),
        threading.Thread(target=act, args=(second, "request_changes")),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assessment.refresh_from_db()
    assert sorted(result for _, result in outcomes) == ["ok", "refused"]
    winner = next(name for name, result in outcomes if result == "ok")
    assert assessment.status == states.MOVES[winner].target
    assert Transition.objects.filter(assessment=assessment, from_status=Status.IN_REVIEW).count() == 1


@pytest.fixture
def in_review_committed(transactional_db):
    """Committed data for the race test: two auditors and an assessment in review with an open comment."""

    from duediligence.accounts.models import Membership, Organisation, Role, User
    from duediligence.questionnaires.loader import DEFAULT_DEFINITION, questionnaire_load
    from duediligence.review.models import Comment

    questionnaire = questionnaire_load(path=DEFAULT_DEFINITION).questionnaire
    organisation = Organisation.objects.create(name="Race AG", slug="race")
    officer = User.objects.create_user(email="o@race.example", password="a-long-test-password-1", full_name="O")
    Membership.objects.create(user=officer, organisation=organisation, role=Role.OFFICER)
    auditors = []
    for name in ("a1", "a2"):
        user = User.objects.create_user(email=f"{name}@race.example", password="a-long-test-password-1", full_name=name)
        Membership.objects.create(user=user, organisation=organisation, role=Role.AUDITOR)
        auditors.append(user)
    assessment = make_assessment(organisation, questionnaire, officer, "Race", scope="x", status=Status.IN_REVIEW)
    Comment.objects.create(assessment=assessment, author=auditors[0], text="Open point")
    return assessment, auditors[0], auditors[1]


def test_the_first_comment_or_decision_starts_the_review_without_a_separate_step(submitted, auditor, officer):
    """After each resubmission the auditor simply reviews: commenting or deciding starts the review."""
    from duediligence.accounts.models import Membership

    membership = Membership.objects.get(user=auditor)
    services.comment_add(assessment=submitted, author=auditor, text="Which sites?", membership=membership)
    submitted.refresh_from_db()
    assert submitted.status == Status.IN_REVIEW
    started = submitted.transitions.get(to_status=Status.IN_REVIEW)
    assert started.note == "Started by the auditor's first comment or decision."


def test_approving_a_submitted_assessment_starts_and_ends_the_review_in_one_step(submitted, auditor):
    from duediligence.accounts.models import Membership
    from duediligence.assessments.workflow import allowed_moves

    membership = Membership.objects.get(user=auditor)
    assert {move.name for move in allowed_moves(submitted, membership)} >= {"approve", "request_changes"}
    workflow.transition_apply(assessment=submitted, move_name="approve", membership=membership)
    submitted.refresh_from_db()
    assert submitted.status == Status.APPROVED
    assert [t.to_status for t in submitted.transitions.order_by("at", "id")][-2:] == [Status.IN_REVIEW, Status.APPROVED]
