from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Model
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from duediligence.accounts.access import MemberRequest, require_member, require_role
from duediligence.accounts.models import Role
from duediligence.assessments.access import (
    assessment_child_for_user,
    assessment_for_user,
    editable_assessment_for_user,
)
from duediligence.assessments.models import Assessment
from duediligence.assessments.snapshot import Snapshot
from duediligence.assessments.workflow import can_edit
from duediligence.questionnaires.models import Question
from duediligence.risks import services
from duediligence.risks.forms import (
    DismissForm,
    FirstActionForm,
    IndicatorForm,
    IndicatorResultForm,
    MitigationActionForm,
    RemedyForm,
    RiskForm,
)
from duediligence.risks.models import Indicator, IndicatorResult, MitigationAction, Remedy, Risk
from duediligence.risks.register import decision_subjects, pending_suggestions, register_for, suggestion_for


def _risk_for_user(request: MemberRequest, assessment_id: int, risk_id: int, *, for_edit: bool) -> Risk:
    return assessment_child_for_user(request, assessment_id, Risk, risk_id, for_edit=for_edit)


@require_member
def register(request: MemberRequest, assessment_id: int) -> HttpResponse:
    assessment = assessment_for_user(request, assessment_id)
    editable = can_edit(assessment, request.membership)
    snapshot = Snapshot(assessment)
    return render(
        request,
        "risks/register.html",
        {
            "assessment": assessment,
            "register": register_for(assessment),
            "suggestions": pending_suggestions(snapshot) if editable else [],
            "dismiss_form": DismissForm(),
            "decisions": assessment.suggestion_decisions.select_related("question", "decided_by").order_by(
                "-decided_at"
            ),
            "can_edit": editable,
        },
    )


@require_role(Role.OFFICER)
def risk_new(request: MemberRequest, assessment_id: int) -> HttpResponse:
    assessment = editable_assessment_for_user(request, assessment_id)
    source = None
    initial: dict = {}
    suggested: dict[str, int] = {}
    also_decides: tuple = ()
    subjects: tuple[str, ...] = ()
    suggestion = None
    key = request.GET.get("from") or request.POST.get("from")
    if key:
        suggestion = suggestion_for(Snapshot(assessment), key)
        if suggestion is None:
            messages.error(request, "That suggestion has already been decided or no longer applies.")
            return redirect("risks:register", assessment.pk)
        source = suggestion.first.question
        also_decides = tuple(flag.question for flag in suggestion.flags[1:] if flag.question is not None)
        subjects = decision_subjects(suggestion.flags)
        initial = suggestion.initial()
        suggested = suggestion.scores
    form = RiskForm(request.POST or None, initial=initial, suggested=suggested)
    action_form = FirstActionForm(request.POST or None, prefix="action", assessment=assessment)
    if request.method == "POST" and form.is_valid() and action_form.is_valid():
        form.instance.suggested_scores = suggested or None
        first_action = action_form.save(commit=False) if action_form.given else None
        risk = _save_or_error(
            request,
            form,
            assessment=assessment,
            source_question=source,
            also_decides=also_decides,
            subjects=subjects,
            first_action=first_action,
        )
        if risk is not None:
            added = (
                f"Risk “{risk}” added to the register: severity {risk.severity}, salience {risk.salience} "
                f"({risk.salience_band})"
            )
            if first_action is None and risk.is_salient:
                # Said now, where it can be acted on, rather than found later on the check page.
                messages.warning(
                    request,
                    f"{added}. A {risk.salience_band} risk needs a mitigation action before the assessment can be "
                    "submitted: add it now.",
                )
                return redirect("risks:action_new", assessment.pk, risk.pk)
            messages.success(request, f"{added}." + (" Its first action was saved with it." if first_action else ""))
            return redirect("risks:register", assessment.pk)
    return render(
        request,
        "risks/form.html",
        {
            "assessment": assessment,
            "form": form,
            "action_form": action_form,
            "source": source,
            "key": key,
            "suggestion": suggestion,
        },
    )


@require_role(Role.OFFICER)
def risk_edit(request: MemberRequest, assessment_id: int, risk_id: int) -> HttpResponse:
    risk = _risk_for_user(request, assessment_id, risk_id, for_edit=True)
    form = RiskForm(request.POST or None, instance=risk)
    if request.method == "POST" and form.is_valid() and _save_or_error(request, form, assessment=risk.assessment):
        messages.success(request, f"Risk “{risk}” saved.")
        return redirect("risks:register", risk.assessment.pk)
    return render(
        request,
        "risks/form.html",
        {
            "assessment": risk.assessment,
            "form": form,
            "risk": risk,
            "actions": risk.actions.all(),
            "remedies": risk.remedies.all(),
            "indicators": risk.indicators.prefetch_related("results"),
            "action_form": MitigationActionForm(assessment=risk.assessment),
        },
    )


def _save_or_error(
    request: MemberRequest,
    form: RiskForm,
    *,
    assessment: Assessment,
    source_question: Question | None = None,
    also_decides: tuple[Question, ...] = (),
    subjects: tuple[str, ...] = (),
    first_action: MitigationAction | None = None,
) -> Risk | None:
    try:
        return services.risk_save(
            assessment=assessment,
            risk=form.save(commit=False),
            user=request.user,
            source_question=source_question,
            also_decides=also_decides,
            subjects=subjects,
            first_action=first_action,
        )
    except ValidationError as error:
        form.add_error(None, error)
        return None


@require_role(Role.OFFICER)
@require_POST
def risk_delete(request: MemberRequest, assessment_id: int, risk_id: int) -> HttpResponse:
    risk = _risk_for_user(request, assessment_id, risk_id, for_edit=True)
    try:
        services.risk_delete(risk=risk)
    except ValidationError as error:  # the status changed since the page was loaded
        messages.error(request, f"Not removed: {error.message}")
    else:
        messages.success(request, f"Risk “{risk}” removed from the register.")
    return redirect("risks:register", assessment_id)


@require_role(Role.OFFICER)
@require_POST
def suggestion_dismiss(request: MemberRequest, assessment_id: int, question_key: str) -> HttpResponse:
    assessment = editable_assessment_for_user(request, assessment_id)
    suggestion = suggestion_for(Snapshot(assessment), question_key)
    if suggestion is None:
        messages.error(request, "That suggestion has already been decided or no longer applies.")
        return redirect("risks:register", assessment.pk)
    form = DismissForm(request.POST)
    if not form.is_valid():
        messages.error(request, f"Not dismissed: {form.errors['reason'][0]}")
        return redirect("risks:register", assessment.pk)
    try:
        services.suggestion_dismiss(
            assessment=assessment,
            question=suggestion.first.question,
            also_decides=tuple(flag.question for flag in suggestion.flags[1:] if flag.question is not None),
            subjects=decision_subjects(suggestion.flags),
            reason=form.cleaned_data["reason"],
            user=request.user,
        )
    except ValidationError as error:  # the status changed since the page was loaded
        messages.error(request, f"Not dismissed: {error.message}")
        return redirect("risks:register", assessment.pk)
    messages.success(request, f"Suggestion “{suggestion.title}” dismissed; the reason is recorded.")
    return redirect("risks:register", assessment.pk)


@require_role(Role.OFFICER)
def action_edit(request: MemberRequest, assessment_id: int, risk_id: int, action_id: int | None = None) -> HttpResponse:
    risk = _risk_for_user(request, assessment_id, risk_id, for_edit=True)
    action = get_object_or_404(MitigationAction, pk=action_id, risk=risk) if action_id else None
    form = MitigationActionForm(request.POST or None, instance=action, assessment=risk.assessment)
    if request.method == "POST" and form.is_valid():
        try:
            services.action_save(action=form.save(commit=False), risk=risk)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, "Mitigation action saved.")
            return redirect("risks:edit", risk.assessment.pk, risk.pk)
    return render(
        request,
        "form_page.html",
        {
            "assessment": risk.assessment,
            "form": form,
            "crumb": "Risk register",
            "heading": f"{'Edit' if action else 'Add'} a mitigation action",
            "lead": f"For the risk “{risk}”.",
            "submit_label": "Save action",
            "cancel_url": reverse("risks:edit", args=[risk.assessment.pk, risk.pk]),
        },
    )


# A remedy, an indicator or a result, as its form makes it and its service saves it.
Item = TypeVar("Item", bound=Model)


def _item_page(
    request: HttpRequest,
    *,
    risk: Risk,
    form: forms.ModelForm[Item],
    save: Callable[[Item], object],
    saved: str,
    heading: str,
    submit_label: str,
) -> HttpResponse:
    """One item of a risk (a remedy, an indicator, a result): `save(item)` it when the form is valid, else show
    the form again with what was typed and why it was refused."""
    if request.method == "POST" and form.is_valid():
        try:
            save(form.save(commit=False))
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, saved)
            return redirect("risks:edit", risk.assessment.pk, risk.pk)
    return render(
        request,
        "form_page.html",
        {
            "assessment": risk.assessment,
            "form": form,
            "crumb": "Risk register",
            "heading": heading,
            "lead": f"For the risk “{risk}”.",
            "submit_label": submit_label,
            "cancel_url": reverse("risks:edit", args=[risk.assessment.pk, risk.pk]),
        },
    )


@require_role(Role.OFFICER)
def remedy_edit(request: MemberRequest, assessment_id: int, risk_id: int, remedy_id: int | None = None) -> HttpResponse:
    risk = _risk_for_user(request, assessment_id, risk_id, for_edit=True)
    remedy = get_object_or_404(Remedy, pk=remedy_id, risk=risk) if remedy_id else None
    return _item_page(
        request,
        risk=risk,
        form=RemedyForm(request.POST or None, instance=remedy),
        save=lambda item: services.remedy_save(remedy=item, risk=risk),
        saved="Remedy saved.",
        heading=f"{'Edit' if remedy else 'Record'} a remedy",
        submit_label="Save remedy",
    )


@require_role(Role.OFFICER)
def indicator_edit(
    request: MemberRequest, assessment_id: int, risk_id: int, indicator_id: int | None = None
) -> HttpResponse:
    risk = _risk_for_user(request, assessment_id, risk_id, for_edit=True)
    indicator = get_object_or_404(Indicator, pk=indicator_id, risk=risk) if indicator_id else None
    return _item_page(
        request,
        risk=risk,
        form=IndicatorForm(request.POST or None, instance=indicator),
        save=lambda item: services.indicator_save(indicator=item, risk=risk),
        saved="Indicator saved.",
        heading=f"{'Edit' if indicator else 'Add'} an indicator",
        submit_label="Save indicator",
    )


@require_role(Role.OFFICER)
def result_edit(
    request: MemberRequest, assessment_id: int, risk_id: int, indicator_id: int, result_id: int | None = None
) -> HttpResponse:
    risk = _risk_for_user(request, assessment_id, risk_id, for_edit=True)
    indicator = get_object_or_404(Indicator, pk=indicator_id, risk=risk)
    result = get_object_or_404(IndicatorResult, pk=result_id, indicator=indicator) if result_id else None
    return _item_page(
        request,
        risk=risk,
        form=IndicatorResultForm(request.POST or None, instance=result, indicator=indicator),
        save=lambda item: services.indicator_result_save(result=item, indicator=indicator),
        saved=f"Result for “{indicator}” saved.",
        heading=f"{'Edit the' if result else 'Record a'} result of “{indicator}”",
        submit_label="Save result",
    )


@require_role(Role.OFFICER)
@require_POST
def item_delete(request: MemberRequest, assessment_id: int, risk_id: int, kind: str, item_id: int) -> HttpResponse:
    risk = _risk_for_user(request, assessment_id, risk_id, for_edit=True)
    item: Remedy | Indicator = (
        get_object_or_404(Remedy, pk=item_id, risk=risk)
        if kind == "remedy"
        else get_object_or_404(Indicator, pk=item_id, risk=risk)
    )
    try:
        services.item_delete(item=item, assessment=risk.assessment)
    except ValidationError as error:
        messages.error(request, f"Not removed: {error.message}")
    else:
        messages.success(request, f"{'Remedy' if kind == 'remedy' else 'Indicator'} removed.")
    return redirect("risks:edit", risk.assessment.pk, risk.pk)
