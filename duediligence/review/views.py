from __future__ import annotations

from collections import defaultdict

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from duediligence.accounts.access import MemberRequest, require_member, require_role
from duediligence.accounts.models import Role
from duediligence.assessments.access import assessment_for_user
from duediligence.assessments.models import Assessment
from duediligence.assessments.ownership import content_of
from duediligence.assessments.page_cache import part_key
from duediligence.assessments.presenters import answer_rows
from duediligence.assessments.snapshot import Snapshot
from duediligence.assessments.workflow import MOVES, UNDER_REVIEW, allowed_moves, can_comment, can_edit, can_reply
from duediligence.lib.counting import counts
from duediligence.lib.fragments import lazily
from duediligence.lib.widgets import DatePicker
from duediligence.partners.lists import list_notices_for, new_matches_for
from duediligence.partners.models import ScreeningMatch
from duediligence.partners.selectors import confirmed_matches
from duediligence.respondents.late import pending_late_responses
from duediligence.respondents.selectors import invitations_of, not_disclosing
from duediligence.review import services, workflow
from duediligence.review.content import comparable, differences
from duediligence.review.harm_evidence import potential_despite_evidence
from duediligence.review.models import Comment
from duediligence.review.next_period import next_period_start
from duediligence.review.presenters import readable_changes
from duediligence.review.readiness import readiness_of
from duediligence.risks.models import MitigationAction
from duediligence.risks.register import pending_suggestions, register_for

# The assessment's own pages that span every step and its moves: the overview (a task list across the four
# steps), checking the answers, and submitting. Their URLs stay under /assessments/ (see duediligence/urls.py).


@require_member
def overview(request: MemberRequest, assessment_id: int) -> HttpResponse:
    assessment = assessment_for_user(request, assessment_id)
    editable = can_edit(assessment, request.membership)

    def build() -> dict:
        # Only when the cached part is missing: a cached overview costs none of this.
        snapshot = Snapshot(assessment)
        return {
            **counts(
                risk_count=assessment.risks.all(),
                audit_count=assessment.audits.all(),
                partner_count=assessment.partners.all(),
                overdue_requests=assessment.information_requests.overdue(),
                open_comments=assessment.comments.open(),
            ),
            "snapshot": snapshot,
            "transitions": assessment.transitions.select_related("by"),
            "confirmed_matches": confirmed_matches(assessment),
            "new_matches": new_matches_for([assessment.pk]).get(assessment.pk, []),
            # What arrived after submission: list changes and late partner answers, shown, never merged.
            "list_notices": list_notices_for([assessment.pk]),
            "late_responses": pending_late_responses(assessment),
            "not_disclosing": not_disclosing(snapshot),
            "suggestion_count": len(pending_suggestions(snapshot)) if editable else 0,
            "overdue_actions": MitigationAction.objects.filter(risk__assessment=assessment)
            .overdue()
            .select_related("risk"),
        }

    return render(
        request,
        "assessments/overview.html",
        {
            "assessment": assessment,
            "can_edit": editable,
            "part_key": part_key(request, assessment, "overview"),
            **lazily(build, *OVERVIEW_PARTS),
        },
    )


OVERVIEW_PARTS = (
    "risk_count",
    "audit_count",
    "partner_count",
    "overdue_requests",
    "open_comments",
    "snapshot",
    "transitions",
    "confirmed_matches",
    "new_matches",
    "list_notices",
    "late_responses",
    "not_disclosing",
    "suggestion_count",
    "overdue_actions",
)


@require_member
def check(request: MemberRequest, assessment_id: int) -> HttpResponse:
    assessment = assessment_for_user(request, assessment_id)
    snapshot = Snapshot(assessment)
    return _render_check(request, assessment, snapshot)


def _render_check(
    request: MemberRequest,
    assessment: Assessment,
    snapshot: Snapshot,
    refusal: workflow.TransitionRefused | None = None,
    status: int = 200,
) -> HttpResponse:
    evidence = {e.token: e for e in assessment.evidence.all()}
    editable = can_edit(assessment, request.membership)
    return render(
        request,
        "assessments/check.html",
        {
            "assessment": assessment,
            "snapshot": snapshot,
            "steps": answer_rows(snapshot, evidence),
            "can_edit": editable,
            "refusal": refusal,
            # What must still be decided: listed before the officer tries to submit, not only after (a refusal
            # for open decisions carries them already).
            "readiness": (getattr(refusal, "readiness", None) or readiness_of(assessment, snapshot))
            if editable
            else None,
        },
        status=status,
    )


@require_role(Role.OFFICER)
@require_POST
def submit(request: MemberRequest, assessment_id: int) -> HttpResponse:
    assessment = assessment_for_user(request, assessment_id)
    try:
        workflow.transition_apply(
            assessment=assessment, move_name="submit", membership=request.membership, note=request.POST.get("note", "")
        )
    except workflow.TransitionRefused as refusal:
        return _render_check(request, assessment, Snapshot(assessment), refusal=refusal, status=400)
    messages.success(request, "Submitted. Your auditors can now review the assessment; it is read-only until then.")
    return redirect("assessments:overview", assessment.pk)


def _comment_for_user(request: MemberRequest, assessment_id: int, comment_id: int) -> Comment:
    assessment = assessment_for_user(request, assessment_id)
    comment = get_object_or_404(Comment, pk=comment_id, assessment=assessment)
    comment.assessment = assessment
    return comment


@require_member
def review_page(request: MemberRequest, assessment_id: int) -> HttpResponse:
    assessment = assessment_for_user(request, assessment_id)
    membership = request.membership

    def build() -> dict:
        # Only when the cached part is missing (lib/fragments.py).
        snapshot = Snapshot(assessment)
        comments = list(
            assessment.comments.select_related("author", "replied_by", "resolved_by", "question").order_by("created_at")
        )
        by_question = defaultdict(list)
        for comment in comments:
            by_question[comment.question.key if comment.question else ""].append(comment)
        last = assessment.review_snapshots.select_related("transition__by").first()
        changes: list | None = []
        if last is not None and assessment.status in UNDER_REVIEW:
            if comparable(last.content):
                changes = readable_changes(snapshot, differences(last.content, content_of(assessment)))
            else:
                changes = None  # taken by an earlier version of duediligence, in another shape
        register = register_for(assessment)
        return {
            "steps": answer_rows(snapshot, {e.token: e for e in assessment.evidence.all()}),
            "comments_by_question": dict(by_question),
            "general_comments": by_question.get("", []),
            "open_count": sum(1 for comment in comments if comment.status == "open"),
            "register": register,
            "audits": assessment.audits.prefetch_related("findings__actions"),
            "partner_count": assessment.partners.count(),
            "partner_invitations": invitations_of(snapshot),
            "confirmed_matches": confirmed_matches(assessment),
            "list_notices": list_notices_for([assessment.pk]),
            "late_responses": pending_late_responses(assessment),
            # From the register's risks, already read: the ones whose suggested scores were set lower, oldest first.
            "lowered_risks": sorted(
                (risk for risk in register.risks if risk.scores_lowered_reason), key=lambda r: r.pk
            ),
            # Risks kept as potential against records of actual harm, with those records (the reason is the officer's).
            "explained_risks": potential_despite_evidence(assessment, snapshot),
            "dismissed_suggestions": assessment.suggestion_decisions.filter(outcome="dismissed").select_related(
                "question", "decided_by"
            ),
            "dismissed_matches": ScreeningMatch.objects.filter(partner__assessment=assessment, status="dismissed")
            .select_related("partner", "entity")
            .order_by("partner__name", "pk"),
            "last_review": last,
            "changes": changes,
            "moves": allowed_moves(assessment, membership),
            "can_comment": can_comment(assessment, membership),
            "can_reply": can_reply(assessment, membership),
            "transitions": assessment.transitions.select_related("by"),
        }

    return render(
        request,
        "review/review.html",
        {
            "assessment": assessment,
            "part_key": part_key(request, assessment, "review"),
            **lazily(build, *REVIEW_PARTS),
        },
    )


REVIEW_PARTS = (
    "steps",
    "comments_by_question",
    "general_comments",
    "open_count",
    "register",
    "audits",
    "partner_count",
    "partner_invitations",
    "confirmed_matches",
    "list_notices",
    "late_responses",
    "lowered_risks",
    "explained_risks",
    "dismissed_suggestions",
    "dismissed_matches",
    "last_review",
    "changes",
    "moves",
    "can_comment",
    "can_reply",
    "transitions",
)


def _back(assessment_id: int, anchor: str = "") -> HttpResponse:
    return redirect(reverse("review:page", args=[assessment_id]) + (f"#{anchor}" if anchor else ""))


@require_role(Role.AUDITOR)
@require_POST
def comment_add(request: MemberRequest, assessment_id: int) -> HttpResponse:
    assessment = assessment_for_user(request, assessment_id)
    key = request.POST.get("question", "")
    question = get_object_or_404(assessment.questionnaire.questions, key=key) if key else None
    try:
        comment = services.comment_add(
            assessment=assessment,
            author=request.user,
            text=request.POST.get("text", ""),
            question=question,
            membership=request.membership,
        )
    except ValidationError as error:
        messages.error(request, f"Comment not added: {error.message}")
        return _back(assessment.pk, f"answer-{key}" if key else "general-comments")
    messages.success(request, "Comment added.")
    return _back(assessment.pk, f"comment-{comment.pk}")


@require_role(Role.OFFICER)
@require_POST
def comment_reply(request: MemberRequest, assessment_id: int, comment_id: int) -> HttpResponse:
    comment = _comment_for_user(request, assessment_id, comment_id)
    try:
        services.comment_reply(comment=comment, user=request.user, text=request.POST.get("reply", ""))
    except ValidationError as error:
        messages.error(request, f"Reply not saved: {error.message}")
    else:
        messages.success(request, "Reply saved; the comment is marked addressed.")
    return _back(assessment_id, f"comment-{comment.pk}")


@require_role(Role.AUDITOR)
@require_POST
def comment_resolve(request: MemberRequest, assessment_id: int, comment_id: int) -> HttpResponse:
    comment = _comment_for_user(request, assessment_id, comment_id)
    reopen = request.POST.get("reopen") == "1"
    try:
        services.comment_resolve(comment=comment, user=request.user, reopen=reopen)
    except ValidationError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, "Comment reopened." if reopen else "Comment resolved.")
    return _back(assessment_id, f"comment-{comment.pk}")


@require_member
@require_POST
def move(request: MemberRequest, assessment_id: int, move_name: str) -> HttpResponse:
    assessment = assessment_for_user(request, assessment_id)
    if move_name not in MOVES or move_name in ("submit", "publish"):
        # Submitting and publishing have their own pages, with their own checks and confirmations.
        raise Http404("No such review action.")
    try:
        record = workflow.transition_apply(
            assessment=assessment, move_name=move_name, membership=request.membership, note=request.POST.get("note", "")
        )
    except workflow.TransitionRefused as refusal:
        messages.error(request, refusal.message)
        return _back(assessment.pk)
    messages.success(request, f"The assessment is now {record.get_to_status_display().lower()}.")
    return _back(assessment.pk)


class NextPeriodForm(forms.Form):
    title = forms.CharField(max_length=200, help_text="For example: Human rights due diligence, Xinjiang 2027.")
    period_start = forms.DateField(label="Start of the period", widget=DatePicker())
    period_end = forms.DateField(label="End of the period", widget=DatePicker())


@require_role(Role.OFFICER)
def next_period(request: MemberRequest, assessment_id: int) -> HttpResponse:
    """Start the next period's assessment from this one, carrying its risks, open actions and indicators."""
    previous = assessment_for_user(request, assessment_id)
    form = NextPeriodForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            started = next_period_start(previous=previous, membership=request.membership, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request,
                f"“{started.title}” started with {started.risks.count()} risks carried forward "
                f"from “{previous.title}”.",
            )
            return redirect("assessments:overview", started.pk)
    return render(
        request,
        "form_page.html",
        {
            "assessment": previous,
            "form": form,
            "crumb": "Next period",
            "heading": "Start the next period from this assessment",
            "lead": "Its risks, the mitigation actions still open and the indicators carry forward, each linked to "
            "this assessment's, so the reports compare the two periods. Answers, remedies, audits, partners and "
            "indicator results are the new period's own and start empty.",
            "submit_label": "Start the next period",
            "cancel_url": reverse("assessments:overview", args=[previous.pk]),
        },
    )
