from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from duediligence.accounts import services
from duediligence.accounts.access import (
    MemberRequest,
    SignedInRequest,
    membership_for_admin,
    membership_for_request,
    next_url,
    require_role,
    switch_organisation,
)
from duediligence.accounts.forms import EmailAuthenticationForm, MemberRoleForm
from duediligence.accounts.models import Membership, Role
from duediligence.lib.acting import Acting


class LoginView(auth_views.LoginView):
    form_class = EmailAuthenticationForm
    template_name = "accounts/login.html"
    redirect_authenticated_user = True


@login_required
def no_membership(request: SignedInRequest) -> HttpResponse:
    if membership_for_request(request) is not None:
        return redirect("dashboard:home")
    return render(request, "accounts/no_membership.html", {"invitations": services.invitations_for(request.user)})


@login_required
@require_POST
def organisation_switch(request: SignedInRequest) -> HttpResponse:
    try:
        organisation_id = int(request.POST.get("organisation", ""))
    except ValueError:
        organisation_id = 0
    membership = switch_organisation(request, organisation_id)
    if membership is None:
        messages.error(request, "You are not a member of that organisation.")
    else:
        messages.success(
            request, f"You are now working in {membership.organisation} as {membership.get_role_display()}."
        )
    # Pages of the previous organisation would answer 404 now, so go home unless told where.
    return redirect(next_url(request))


@require_role(Role.ADMIN)
@require_POST
def member_role(request: MemberRequest, membership_id: int) -> HttpResponse:
    membership = membership_for_admin(request, membership_id)
    form = MemberRoleForm(request.POST, instance=Membership(role=membership.role), prefix=f"m{membership.pk}")
    if not form.is_valid():
        messages.error(request, "Choose one of the listed roles.")
        return redirect("accounts:members")
    try:
        services.member_change_role(
            membership=membership, role=form.cleaned_data["role"], acting=Acting.from_request(request)
        )
    except ValidationError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, f"{membership.user} is now {Role(form.cleaned_data['role']).label}.")
    return redirect("accounts:members")


@require_role(Role.ADMIN)
@require_POST
def member_remove(request: MemberRequest, membership_id: int) -> HttpResponse:
    membership = membership_for_admin(request, membership_id)
    try:
        services.member_remove(membership=membership, acting=Acting.from_request(request))
    except ValidationError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, f"{membership.user} no longer belongs to {membership.organisation}.")
    return redirect("accounts:members")


@login_required
def invitations(request: SignedInRequest) -> HttpResponse:
    """The invitations waiting for the signed-in person's email address, to accept or decline."""
    return render(request, "accounts/invitations.html", {"invitations": services.invitations_for(request.user)})


@login_required
@require_POST
def invitation_answer(request: SignedInRequest, invitation_id: int) -> HttpResponse:
    # Another address's invitation answers 404, as if it did not exist.
    invitation = get_object_or_404(services.invitations_for(request.user), pk=invitation_id)
    accept = request.POST.get("answer") == "accept"
    try:
        membership = services.invitation_answer(
            invitation=invitation, user=request.user, accept=accept, acting=Acting.from_request(request)
        )
    except ValidationError as error:
        messages.error(request, error.message)
        return redirect("accounts:invitations")
    if membership is None:
        messages.success(request, f"You declined the invitation to {invitation.organisation}.")
        return redirect("accounts:invitations")
    switch_organisation(request, membership.organisation_id)
    messages.success(
        request, f"You joined {membership.organisation} as {membership.get_role_display()}; you are working there now."
    )
    return redirect("dashboard:home")
