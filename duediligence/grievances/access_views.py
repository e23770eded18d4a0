"""Access to the encrypted cases: the admin sets up the organisation's case key (and keeps its recovery key), an
officer who reads cases gives access to a colleague, the admin restores access with the recovery key."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_POST

from duediligence.accounts.access import MemberRequest, require_role
from duediligence.accounts.models import Membership, Role
from duediligence.grievances import keys
from duediligence.grievances.views import organisation_key
from duediligence.lib.acting import Acting


class RecoverForm(forms.Form):
    recovery_key = forms.CharField(
        label="Recovery key", max_length=80, help_text="The 52 letters and digits you were shown at set-up."
    )
    officers = forms.MultipleChoiceField(label="Give access to", widget=forms.CheckboxSelectMultiple)

    def __init__(self, *args: object, choices: list[tuple[str, str]], **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        officers = self.fields["officers"]
        assert isinstance(officers, forms.MultipleChoiceField)
        officers.choices = choices


def _recover_choices(found: list[keys.OfficerAccess]) -> list[tuple[str, str]]:
    return [(str(row.membership.pk), str(row.membership.user)) for row in found if row.can_receive]


@require_role(Role.OFFICER, Role.ADMIN)
def access(request: MemberRequest, recover_form: RecoverForm | None = None, status: int = 200) -> HttpResponse:
    organisation = request.membership.organisation
    case_key = keys.case_key_of(organisation)
    found = keys.officers_access(organisation) if case_key else []
    return render(
        request,
        "grievances/access.html",
        {
            "case_key": case_key,
            "officers": found,
            "holds_key": organisation_key(request) is not None,
            "is_admin": request.membership.is_admin,
            "is_officer": request.membership.is_officer,
            "recover_form": recover_form or RecoverForm(choices=_recover_choices(found)),
        },
        status=status,
    )


@require_role(Role.ADMIN)
@require_POST
def key_set_up(request: MemberRequest) -> HttpResponse:
    try:
        recovery_key = keys.case_key_set_up(
            organisation=request.membership.organisation, acting=Acting.from_request(request)
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("grievances:access")
    # Shown in this one response and never again: nothing keeps it but the admin.
    response = render(request, "grievances/recovery_key.html", {"recovery_key": recovery_key})
    response["Cache-Control"] = "private, no-store"
    return response


@require_role(Role.OFFICER)
@require_POST
def access_give(request: MemberRequest, membership_id: int) -> HttpResponse:
    organisation = request.membership.organisation
    membership = get_object_or_404(
        Membership.objects.select_related("user"), pk=membership_id, organisation=organisation
    )
    private_key = organisation_key(request)
    if private_key is None:
        messages.error(request, "Not given: you need access yourself, unlocked with your password in this session.")
        return redirect("grievances:access")
    try:
        keys.access_give(
            organisation=organisation, to=membership.user, private_key=private_key, acting=Acting.from_request(request)
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, f"{membership.user} can now read the organisation's grievance cases.")
    return redirect("grievances:access")


@sensitive_post_parameters("recovery_key")
@require_role(Role.ADMIN)
@require_POST
def access_recover(request: MemberRequest) -> HttpResponse:
    organisation = request.membership.organisation
    found = keys.officers_access(organisation)
    form = RecoverForm(request.POST, choices=_recover_choices(found))
    if form.is_valid():
        chosen = Membership.objects.select_related("user").filter(
            organisation=organisation, pk__in=form.cleaned_data["officers"]
        )
        try:
            count = keys.access_recover(
                organisation=organisation,
                recovery_key=form.cleaned_data["recovery_key"],
                to=[membership.user for membership in chosen],
                acting=Acting.from_request(request),
            )
        except ValidationError as error:
            form.add_error("recovery_key", error)
        else:
            messages.success(request, f"Access given to {count} officer{'s' if count != 1 else ''}.")
            return redirect("grievances:access")
    return access(request, recover_form=form, status=400)
