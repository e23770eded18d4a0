"""The company's side: invite a partner to answer, withdraw an invitation, read what the partner answered."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import FileResponse, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from duediligence.accounts.access import MemberRequest, require_member, require_role
from duediligence.accounts.models import Role
from duediligence.assessments.access import assessment_child_for_user, editable_assessment_for_user
from duediligence.partners.models import Partner
from duediligence.questionnaires.fields import display
from duediligence.questionnaires.models import Questionnaire, QuestionnaireKind
from duediligence.questionnaires.selectors import latest_partner_questionnaires
from duediligence.respondents import services
from duediligence.respondents.forms import InviteForm, questionnaire_for
from duediligence.respondents.models import LateResponse, PartnerAttachment, PartnerInvitation
from duediligence.respondents.tasks import invitations_request


def _questionnaires() -> QuerySet[Questionnaire]:
    latest = [questionnaire.pk for questionnaire in latest_partner_questionnaires()]
    return Questionnaire.objects.filter(pk__in=latest, kind=QuestionnaireKind.PARTNER).order_by("title")


@require_role(Role.OFFICER)
def invite(request: MemberRequest, assessment_id: int, partner_id: int) -> HttpResponse:
    assessment = editable_assessment_for_user(request, assessment_id)
    partner = get_object_or_404(Partner, pk=partner_id, assessment=assessment)
    questionnaires = _questionnaires()
    initial = {"email": partner.contact_email, "questionnaire": questionnaire_for(partner, questionnaires)}
    form = InviteForm(request.POST or None, questionnaires=questionnaires, initial=initial)
    if request.method == "POST" and form.is_valid():
        if not form.cleaned_data["email"]:
            form.add_error("email", "Give the partner's contact email.")
        else:
            try:
                invitations_request(
                    assessment=assessment,
                    partners=[partner],
                    emails={partner.pk: form.cleaned_data["email"]},
                    questionnaire=form.cleaned_data["questionnaire"],
                    due_on=form.cleaned_data["due_on"],
                    message=form.cleaned_data["message"],
                    user=request.user,
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                # "Sent" only once the mail server took it: the partner's page says so then, or why it could not.
                messages.success(
                    request,
                    _("Invitation made: its email to %(email)s is on its way, and this page says once it has gone.")
                    % {"email": form.cleaned_data["email"]},
                )
                return redirect("partners:detail", assessment.pk, partner.pk)
    return render(
        request,
        "form_page.html",
        {
            "assessment": assessment,
            "form": form,
            "crumb": "Partners",
            "heading": f"Ask {partner.name} to answer a questionnaire",
            "lead": "The partner's contact gets a link by email, confirms a one-time code sent to the same address, "
            "and answers in English or Chinese. No account is needed; they may also decline with a reason.",
            "submit_label": "Send the invitation",
            "cancel_url": reverse("partners:detail", args=[assessment.pk, partner.pk]),
        },
    )


@require_role(Role.OFFICER)
@require_POST
def revoke(request: MemberRequest, assessment_id: int, partner_invitation_id: int) -> HttpResponse:
    assessment = editable_assessment_for_user(request, assessment_id)
    invitation = get_object_or_404(PartnerInvitation, pk=partner_invitation_id, assessment=assessment)
    try:
        services.invitation_revoke(invitation=invitation, user=request.user)
    except ValidationError as error:
        messages.error(request, f"Not revoked: {error.message}")
    else:
        messages.success(request, f"The invitation to {invitation.email} is withdrawn; its link no longer opens.")
    return redirect("partners:detail", assessment.pk, invitation.partner_id)


@require_member
def answers(request: MemberRequest, assessment_id: int, partner_invitation_id: int) -> HttpResponse:
    invitation = assessment_child_for_user(
        request, assessment_id, PartnerInvitation, partner_invitation_id, for_edit=False
    )
    late = LateResponse.objects.filter(invitation=invitation, received_at__isnull=False).first()
    return render(
        request,
        "respondents/answers.html",
        {
            "assessment": invitation.assessment,
            "invitation": invitation,
            "rows": _answer_rows(invitation, invitation.answers),
            "attachments": invitation.attachments.filter(late_response__isnull=True),
            # What the partner sent after the assessment left editing: kept and shown, never merged.
            "late": late,
            "late_rows": _answer_rows(invitation, late.answers) if late is not None else [],
            "late_attachments": late.attachments.all() if late is not None else [],
        },
    )


def _answer_rows(invitation: PartnerInvitation, answers: dict[str, Any]) -> list[dict[str, Any]]:
    return [
        {"question": question, "text": display(question, answers.get(question.key)) or "Not answered"}
        for question in services.shown_questions(invitation, answers)
    ]


@require_member
def attachment_download(
    request: MemberRequest, assessment_id: int, partner_invitation_id: int, token: str
) -> FileResponse:
    invitation = assessment_child_for_user(
        request, assessment_id, PartnerInvitation, partner_invitation_id, for_edit=False
    )
    attachment = get_object_or_404(PartnerAttachment, invitation=invitation, token=token)
    response = FileResponse(
        attachment.file.open("rb"),
        as_attachment=True,
        filename=attachment.original_name,
        content_type=attachment.content_type,
    )
    response["Cache-Control"] = "private, no-store"
    return response


@require_role(Role.OFFICER)
@require_POST
def invite_many(request: MemberRequest, assessment_id: int) -> HttpResponse:
    """The partners ticked on the partner list, each at its contact email; those without one are named."""
    assessment = editable_assessment_for_user(request, assessment_id)
    form = InviteForm(request.POST, questionnaires=_questionnaires())
    chosen = [value for value in request.POST.getlist("partner") if value.isdigit()]
    partners = list(assessment.partners.filter(pk__in=chosen).order_by("name"))
    if not partners:
        messages.error(request, "Not sent: tick the partners to invite first.")
        return redirect("partners:list", assessment.pk)
    if not form.is_valid():
        problems = "; ".join(str(error) for errors in form.errors.values() for error in errors)
        messages.error(request, f"Not sent: {problems}")
        return redirect("partners:list", assessment.pk)
    reachable = [partner for partner in partners if partner.contact_email]
    unreachable = [partner.name for partner in partners if not partner.contact_email]
    if reachable:
        try:
            invitations_request(
                assessment=assessment,
                partners=reachable,
                emails={partner.pk: partner.contact_email for partner in reachable},
                questionnaire=form.cleaned_data["questionnaire"],
                due_on=form.cleaned_data["due_on"],
                message=form.cleaned_data["message"],
                user=request.user,
            )
        except ValidationError as error:
            messages.error(request, f"Not sent: {' '.join(error.messages)}")
            return redirect("partners:list", assessment.pk)
        messages.success(
            request,
            ngettext(
                "%(count)d invitation made: its email is on its way, and the list says once it has gone.",
                "%(count)d invitations made: their emails are on their way, and the list says once each has gone.",
                len(reachable),
            )
            % {"count": len(reachable)},
        )
    if unreachable:
        messages.warning(
            request, f"Not sent to {len(unreachable)} without a contact email: {', '.join(unreachable[:20])}."
        )
    return redirect("partners:list", assessment.pk)
