"""The organisation's records: every member sees them; officers and admins keep them. Each save is a version."""

from __future__ import annotations

import uuid

from django.contrib import messages
from django.forms import ModelForm
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from duediligence.accounts.access import MemberRequest, require_member, require_role
from duediligence.accounts.models import Role
from duediligence.records import services
from duediligence.records.forms import PolicyForm, ProfileForm, TrainingForm
from duediligence.records.models import Policy, Training, Versioned

KEEPERS = (Role.OFFICER, Role.ADMIN)


@require_member
def home(request: MemberRequest) -> HttpResponse:
    organisation = request.membership.organisation
    return render(
        request,
        "records/home.html",
        {
            "profile": services.current_profile(organisation),
            "policies": services.current_policies(organisation),
            "training": services.current_training(organisation),
            "can_change": request.membership.role in KEEPERS,
        },
    )


def _form_page(request: MemberRequest, form: ModelForm, heading: str, lead: str, submit: str) -> HttpResponse:
    return render(
        request,
        "records/form.html",
        {"form": form, "heading": heading, "lead": lead, "submit_label": submit, "cancel_url": reverse("records:home")},
        status=400 if form.errors else 200,
    )


def _values(form: ModelForm) -> dict:
    return {name: form.cleaned_data[name] for name in form.Meta.fields}  # type: ignore[attr-defined]


@require_role(*KEEPERS)
def profile_edit(request: MemberRequest) -> HttpResponse:
    organisation = request.membership.organisation
    current = services.current_profile(organisation)
    form = ProfileForm(request.POST or None, instance=current)
    if request.method == "POST" and form.is_valid():
        profile = services.profile_save(organisation=organisation, user=request.user, data=_values(form))
        messages.success(request, f"Profile saved (version {profile.version}).")
        return redirect("records:home")
    lead = "What the annual statements say about who the organisation is. Saving keeps the earlier versions."
    return _form_page(request, form, "Organisation profile", lead, "Save the profile")


def _entry(model: type[Versioned], request: MemberRequest, uid: uuid.UUID | None) -> Versioned | None:
    if uid is None:
        return None
    entry = services.latest_version(model, request.membership.organisation, uid)
    if entry is None or entry.withdrawn:
        raise Http404("No such entry in your organisation's records.")
    return entry


def _entry_edit(
    request: MemberRequest,
    uid: uuid.UUID | None,
    model: type[Policy] | type[Training],
    form_class: type[ModelForm],
    noun: str,
    name: str,
    lead: str,
) -> HttpResponse:
    """A policy or a training record, new or as a new version: the two registers share one page."""
    entry = _entry(model, request, uid)
    form = form_class(request.POST or None, instance=entry)
    if request.method == "POST" and form.is_valid():
        saved = services.entry_save(
            model=model, organisation=request.membership.organisation, user=request.user, data=_values(form), uid=uid
        )
        messages.success(request, f"{name} “{saved}” saved (version {saved.version}).")
        return redirect("records:home")
    heading = f"New {noun}" if entry is None else f"{name}: {entry}"
    return _form_page(request, form, heading, lead, f"Save the {noun}")


@require_role(*KEEPERS)
def policy_edit(request: MemberRequest, uid: uuid.UUID | None = None) -> HttpResponse:
    lead = "A policy of the register: what it covers, who approved it and where it can be read."
    return _entry_edit(request, uid, Policy, PolicyForm, "policy", "Policy", lead)


@require_role(*KEEPERS)
def training_edit(request: MemberRequest, uid: uuid.UUID | None = None) -> HttpResponse:
    lead = "Training that took place: its topic, whom it reached and when."
    return _entry_edit(request, uid, Training, TrainingForm, "training record", "Training", lead)


def _withdraw(model: type[Policy] | type[Training], request: MemberRequest, uid: uuid.UUID) -> HttpResponse:
    entry = _entry(model, request, uid)
    services.entry_withdraw(model=model, organisation=request.membership.organisation, user=request.user, uid=uid)
    messages.success(request, f"“{entry}” withdrawn; statements made earlier still name it.")
    return redirect("records:home")


@require_role(*KEEPERS)
@require_POST
def policy_withdraw(request: MemberRequest, uid: uuid.UUID) -> HttpResponse:
    return _withdraw(Policy, request, uid)


@require_role(*KEEPERS)
@require_POST
def training_withdraw(request: MemberRequest, uid: uuid.UUID) -> HttpResponse:
    return _withdraw(Training, request, uid)
