from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from duediligence.accounts.access import MemberRequest, require_member, require_role
from duediligence.accounts.models import Role
from duediligence.assessments.access import assessment_for_user, editable_assessment_for_user
from duediligence.assessments.models import Assessment
from duediligence.assessments.workflow import can_edit
from duediligence.engagement import services
from duediligence.engagement.forms import EngagementForm, InformationRequestForm
from duediligence.engagement.models import Engagement, InformationRequest, RequestStatus


@require_member
def logs(request: MemberRequest, assessment_id: int) -> HttpResponse:
    assessment = assessment_for_user(request, assessment_id)
    requests = list(assessment.information_requests.all())
    return render(
        request,
        "engagement/logs.html",
        {
            "assessment": assessment,
            "engagements": assessment.engagements.prefetch_related("risk_links__risk"),
            "requests": requests,
            "overdue": [item for item in requests if item.is_overdue],
            "answered_in_time": sum(1 for item in requests if item.answered_in_time),
            "answered": sum(1 for item in requests if item.status == RequestStatus.ANSWERED),
            "can_edit": can_edit(assessment, request.membership),
        },
    )


def _form_page(
    request: MemberRequest,
    assessment: Assessment,
    form: EngagementForm | InformationRequestForm,
    heading: str,
    submit_label: str,
) -> HttpResponse:
    return render(
        request,
        "form_page.html",
        {
            "assessment": assessment,
            "form": form,
            "crumb": "Engagement and requests",
            "heading": heading,
            "lead": "",
            "submit_label": submit_label,
            "cancel_url": reverse("engagement:logs", args=[assessment.pk]),
        },
    )


@require_role(Role.OFFICER)
def engagement_edit(request: MemberRequest, assessment_id: int, engagement_id: int | None = None) -> HttpResponse:
    assessment = editable_assessment_for_user(request, assessment_id)
    engagement = get_object_or_404(Engagement, pk=engagement_id, assessment=assessment) if engagement_id else None
    form = EngagementForm(request.POST or None, instance=engagement, assessment=assessment)
    if request.method == "POST" and form.is_valid():
        try:
            services.engagement_save(
                assessment=assessment, engagement=form.save(commit=False), risks=list(form.cleaned_data["risks"])
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, "Engagement saved.")
            return redirect("engagement:logs", assessment.pk)
    heading = f"{'Edit an' if engagement else 'Record an'} engagement with stakeholders"
    return _form_page(request, assessment, form, heading, "Save engagement")


@require_role(Role.OFFICER)
def request_edit(request: MemberRequest, assessment_id: int, request_id: int | None = None) -> HttpResponse:
    assessment = editable_assessment_for_user(request, assessment_id)
    item = get_object_or_404(InformationRequest, pk=request_id, assessment=assessment) if request_id else None
    form = InformationRequestForm(request.POST or None, instance=item)
    if request.method == "POST" and form.is_valid():
        try:
            services.request_save(assessment=assessment, request=form.save(commit=False))
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, "Request saved.")
            return redirect("engagement:logs", assessment.pk)
    heading = f"{'Edit a' if item else 'Record a'} request for information"
    return _form_page(request, assessment, form, heading, "Save request")


def _delete(request: MemberRequest, assessment_id: int, item: Engagement | InformationRequest) -> HttpResponse:
    try:
        services.item_delete(item=item, assessment=item.assessment)
    except ValidationError as error:
        messages.error(request, f"Not removed: {error.message}")
    else:
        messages.success(request, "Removed.")
    return redirect("engagement:logs", assessment_id)


@require_role(Role.OFFICER)
@require_POST
def engagement_delete(request: MemberRequest, assessment_id: int, engagement_id: int) -> HttpResponse:
    assessment = editable_assessment_for_user(request, assessment_id)
    return _delete(request, assessment_id, get_object_or_404(Engagement, pk=engagement_id, assessment=assessment))


@require_role(Role.OFFICER)
@require_POST
def request_delete(request: MemberRequest, assessment_id: int, request_id: int) -> HttpResponse:
    assessment = editable_assessment_for_user(request, assessment_id)
    return _delete(request, assessment_id, get_object_or_404(InformationRequest, pk=request_id, assessment=assessment))
