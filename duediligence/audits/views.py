from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Model
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse

from duediligence.accounts.access import MemberRequest, require_member, require_role
from duediligence.accounts.models import Role
from duediligence.assessments.access import (
    assessment_child_for_user,
    assessment_for_user,
    editable_assessment_for_user,
)
from duediligence.assessments.workflow import can_edit
from duediligence.audits import services
from duediligence.audits.forms import AuditForm, CorrectiveActionForm, FindingForm
from duediligence.audits.models import Audit, CorrectiveAction, Finding
from duediligence.security.downloads import private_download


def _audit_for_user(request: MemberRequest, assessment_id: int, audit_id: int, *, for_edit: bool) -> Audit:
    return assessment_child_for_user(request, assessment_id, Audit, audit_id, for_edit=for_edit)


@require_member
def audit_list(request: MemberRequest, assessment_id: int) -> HttpResponse:
    assessment = assessment_for_user(request, assessment_id)
    audits = assessment.audits.prefetch_related("findings__actions", "findings__risk")
    return render(
        request,
        "audits/list.html",
        {
            "assessment": assessment,
            "audits": audits,
            "can_edit": can_edit(assessment, request.membership),
            "overdue": CorrectiveAction.objects.filter(finding__audit__assessment=assessment).overdue().count(),
        },
    )


@require_role(Role.OFFICER)
def audit_edit(request: MemberRequest, assessment_id: int, audit_id: int | None = None) -> HttpResponse:
    if audit_id:
        audit = _audit_for_user(request, assessment_id, audit_id, for_edit=True)
        assessment = audit.assessment
    else:
        assessment = editable_assessment_for_user(request, assessment_id)
        audit = None
    form = AuditForm(request.POST or None, request.FILES or None, instance=audit)
    if request.method == "POST" and form.is_valid():
        try:
            saved = services.audit_save(
                assessment=assessment,
                audit=form.save(commit=False),
                user=request.user,
                report=form.cleaned_data.get("checked_report"),
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, f"Audit by {saved.firm} saved.")
            return redirect("audits:list", assessment.pk)
    return render(request, "audits/form.html", {"assessment": assessment, "form": form, "audit": audit})


# A finding or a corrective action, as its form makes it and its service saves it.
Item = TypeVar("Item", bound=Model)


def _child_form_page(
    request: HttpRequest,
    audit: Audit,
    form: forms.ModelForm[Item],
    save: Callable[[Item], object],
    *,
    saved: str,
    heading: str,
    lead: str,
    submit_label: str,
) -> HttpResponse:
    """Save a finding or a corrective action of an audit, or show its form again with what went wrong."""
    if request.method == "POST" and form.is_valid():
        try:
            save(form.save(commit=False))
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, saved)
            return redirect("audits:list", audit.assessment.pk)
    return render(
        request,
        "form_page.html",
        {
            "assessment": audit.assessment,
            "form": form,
            "crumb": "Audits",
            "heading": heading,
            "lead": lead,
            "submit_label": submit_label,
            "cancel_url": reverse("audits:list", args=[audit.assessment.pk]),
        },
    )


@require_role(Role.OFFICER)
def finding_edit(
    request: MemberRequest, assessment_id: int, audit_id: int, finding_id: int | None = None
) -> HttpResponse:
    audit = _audit_for_user(request, assessment_id, audit_id, for_edit=True)
    finding = get_object_or_404(Finding, pk=finding_id, audit=audit) if finding_id else None
    return _child_form_page(
        request,
        audit,
        FindingForm(request.POST or None, instance=finding, assessment=audit.assessment),
        lambda unsaved: services.finding_save(audit=audit, finding=unsaved),
        saved="Finding saved.",
        heading=f"{'Edit' if finding else 'Add'} a finding",
        lead=f"From the audit by {audit.firm}.",
        submit_label="Save finding",
    )


@require_role(Role.OFFICER)
def action_edit(
    request: MemberRequest, assessment_id: int, audit_id: int, finding_id: int, action_id: int | None = None
) -> HttpResponse:
    audit = _audit_for_user(request, assessment_id, audit_id, for_edit=True)
    finding = get_object_or_404(Finding, pk=finding_id, audit=audit)
    finding.audit = audit
    action = get_object_or_404(CorrectiveAction, pk=action_id, finding=finding) if action_id else None
    return _child_form_page(
        request,
        audit,
        CorrectiveActionForm(request.POST or None, instance=action),
        lambda unsaved: services.corrective_action_save(finding=finding, action=unsaved),
        saved="Corrective action saved.",
        heading=f"{'Edit' if action else 'Add'} a corrective action",
        lead=f"For the finding “{finding.description[:120]}”.",
        submit_label="Save action",
    )


@require_member
def report_download(request: MemberRequest, assessment_id: int, audit_id: int) -> FileResponse:
    audit = _audit_for_user(request, assessment_id, audit_id, for_edit=False)
    if not audit.report_file:
        raise Http404("This audit has no report file.")
    return private_download(
        request,
        file=audit.report_file,
        filename=audit.report_name,
        organisation=audit.assessment.organisation,
        subject=f"Audit report {audit.report_name} ({audit.assessment.title})",
    )
