from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST
from django_otp.plugins.otp_totp.models import TOTPDevice

from duediligence.accounts import services
from duediligence.accounts.access import membership_for_request, next_url, require_role, switch_organisation
from duediligence.accounts.forms import EmailAuthenticationForm, MemberAddForm, MemberRoleForm
from duediligence.accounts.models import Membership, Role
from duediligence.security import lockout, two_factor


class LoginView(auth_views.LoginView):
    form_class = EmailAuthenticationForm
    template_name = "accounts/login.html"
    redirect_authenticated_user = True


@login_required
def no_membership(request: HttpRequest) -> HttpResponse:
    if membership_for_request(request) is not None:
        return redirect("dashboard:home")
    return render(request, "accounts/no_membership.html")


@login_required
@require_POST
def organisation_switch(request: HttpRequest) -> HttpResponse:
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


def _membership_for_admin(request: HttpRequest, membership_id: int) -> Membership:
    """A membership of the admin's own organisation; any other id is a 404."""
    return get_object_or_404(
        Membership.objects.select_related("user"),
        pk=membership_id,
        organisation=request.membership.organisation,
    )


@require_role(Role.ADMIN)
def members(request: HttpRequest) -> HttpResponse:
    organisation = request.membership.organisation
    form = MemberAddForm(request.POST or None, organisation=organisation)
    if request.method == "POST" and form.is_valid():
        membership, created = services.member_add(organisation=organisation, request=request, **form.cleaned_data)
        if created:
            services.member_invite_send(user=membership.user, base_url=request.build_absolute_uri("/"))
        messages.success(request, f"{membership.user} joined {organisation} as {membership.get_role_display()}.")
        return redirect("accounts:members")
    memberships = list(organisation.memberships.select_related("user").order_by("user__full_name"))
    locked = lockout.locked_out_emails([membership.user.email for membership in memberships])
    with_device = set(
        TOTPDevice.objects.filter(user__in=[m.user for m in memberships], confirmed=True).values_list(
            "user_id", flat=True
        )
    )
    rows = [
        {
            "membership": membership,
            "role_form": MemberRoleForm(instance=membership, prefix=f"m{membership.pk}"),
            "locked_out": membership.user.email in locked,
            "two_factor": membership.user_id in with_device,
        }
        for membership in memberships
    ]
    return render(request, "accounts/members.html", {"form": form, "rows": rows})


@require_role(Role.ADMIN)
@require_POST
def member_role(request: HttpRequest, membership_id: int) -> HttpResponse:
    membership = _membership_for_admin(request, membership_id)
    form = MemberRoleForm(request.POST, instance=Membership(role=membership.role), prefix=f"m{membership.pk}")
    if not form.is_valid():
        messages.error(request, "Choose one of the listed roles.")
        return redirect("accounts:members")
    try:
        services.member_change_role(membership=membership, role=form.cleaned_data["role"], request=request)
    except ValidationError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, f"{membership.user} is now {Role(form.cleaned_data['role']).label}.")
    return redirect("accounts:members")


@require_role(Role.ADMIN)
@require_POST
def member_remove(request: HttpRequest, membership_id: int) -> HttpResponse:
    membership = _membership_for_admin(request, membership_id)
    try:
        services.member_remove(membership=membership, request=request)
    except ValidationError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, f"{membership.user} no longer belongs to {membership.organisation}.")
    return redirect("accounts:members")


@require_role(Role.ADMIN)
@require_POST
def member_unlock(request: HttpRequest, membership_id: int) -> HttpResponse:
    membership = _membership_for_admin(request, membership_id)
    lockout.unlock(membership.user.email, request=request, organisation=membership.organisation)
    messages.success(request, f"{membership.user} can log in again straight away.")
    return redirect("accounts:members")


@require_role(Role.ADMIN)
@require_POST
def member_two_factor_reset(request: HttpRequest, membership_id: int) -> HttpResponse:
    membership = _membership_for_admin(request, membership_id)
    two_factor.remove(membership.user, request=request, by=request.user, organisation=membership.organisation)
    messages.success(
        request, f"{membership.user}'s two-factor sign-in was reset; they will set it up again at their next login."
    )
    return redirect("accounts:members")
