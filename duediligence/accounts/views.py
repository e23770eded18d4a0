from typing import Any

from django.contrib import messages
from django.contrib.auth import authenticate
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.contrib.auth.forms import AuthenticationForm
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_POST

from duediligence.accounts import personal_keys, services
from duediligence.accounts.access import (
    MemberRequest,
    SignedInRequest,
    membership_for_admin,
    membership_for_request,
    next_url,
    require_role,
    switch_organisation,
)
from duediligence.accounts.forms import EmailAuthenticationForm, KeyUnlockForm, MemberRoleForm
from duediligence.accounts.models import Membership, Role
from duediligence.lib.acting import Acting


class LoginView(auth_views.LoginView):
    form_class = EmailAuthenticationForm
    template_name = "accounts/login.html"
    redirect_authenticated_user = True

    def form_valid(self, form: AuthenticationForm) -> HttpResponse:
        # The password is at hand only now: it unlocks the person's key for this browser session (what they may
        # read of grievance cases is sealed to it), or makes their key pair on their first sign-in.
        response = super().form_valid(form)
        user = form.get_user()
        private_key = personal_keys.personal_key_open_or_replace(user, form.cleaned_data["password"])
        personal_keys.personal_key_hold(self.request, response, private_key)
        return response


class LogoutView(auth_views.LogoutView):
    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        # Signing out deletes the session, and with it the half of the unlocked key kept there; the cookie goes too.
        response = super().post(request, *args, **kwargs)
        personal_keys.personal_key_forget(request, response)
        return response


class PasswordChangeView(auth_views.PasswordChangeView):
    template_name = "accounts/password_change.html"

    def form_valid(self, form: Any) -> HttpResponse:
        # The same private key, wrapped again under the new password: nothing sealed to the person is lost.
        with transaction.atomic():
            personal_keys.personal_key_rewrap(
                form.user, form.cleaned_data["old_password"], form.cleaned_data["new_password1"]
            )
            return super().form_valid(form)


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    template_name = "accounts/password_reset_confirm.html"

    def form_valid(self, form: Any) -> HttpResponse:
        # The old password is lost, and with it the old private key: a new key pair under the new one. What was
        # sealed to the old key (access to grievance cases) must be given again (docs/grievances.md).
        with transaction.atomic():
            response = super().form_valid(form)
            personal_keys.personal_key_replace(form.user, form.cleaned_data["new_password1"])
            return response


@sensitive_post_parameters("password")
@login_required
def key_unlock(request: SignedInRequest) -> HttpResponse:
    """Unlock the person's key again with their password, without signing out: after the browser was closed, or
    in a session begun before keys existed. The password goes through the same throttled check as signing in."""
    form = KeyUnlockForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        checked = authenticate(request, username=request.user.email, password=form.cleaned_data["password"])
        if checked is not None and checked.pk == request.user.pk:
            response = redirect(next_url(request))
            private_key = personal_keys.personal_key_open_or_replace(request.user, form.cleaned_data["password"])
            personal_keys.personal_key_hold(request, response, private_key)
            return response
        form.add_error("password", "That is not your password. Check it and try again.")
    return render(
        request,
        "accounts/key_unlock.html",
        {"form": form, "next": next_url(request, default="")},
        status=400 if request.method == "POST" else 200,
    )


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
