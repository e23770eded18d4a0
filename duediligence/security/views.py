from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django_otp.plugins.otp_totp.models import TOTPDevice

from duediligence.accounts import services as accounts_services
from duediligence.accounts.access import (
    MemberRequest,
    SignedInRequest,
    membership_for_admin,
    memberships_for_request,
    next_url,
    require_role,
)
from duediligence.accounts.forms import MemberAddForm, MemberRoleForm
from duediligence.accounts.models import Invitation, InvitationStatus, Role
from duediligence.lib.acting import Acting
from duediligence.security import api_tokens, lockout, two_factor
from duediligence.security.forms import ApiTokenForm, CodeForm, EventFilterForm
from duediligence.security.models import ApiToken, SecurityEvent


@login_required
def account(request: SignedInRequest, token_form: ApiTokenForm | None = None) -> HttpResponse:
    """The person's own sign-in security: two-factor status, their recent sign-ins and their API tokens."""
    user = request.user
    memberships = memberships_for_request(request)
    context = {
        "has_device": two_factor.has_device(user),
        "recovery_codes_left": two_factor.recovery_codes_left(user),
        "required": two_factor.is_required_for(user),
        "recent": SecurityEvent.objects.filter(actor=user, organisation__isnull=True)[:15],
        "tokens": ApiToken.objects.filter(membership__user=user, revoked_at__isnull=True)
        .select_related("membership__organisation")
        .order_by("-created_at"),
        "token_form": token_form or (ApiTokenForm(memberships=memberships) if memberships else None),
        "now": timezone.now(),
    }
    return render(request, "security/account.html", context, status=400 if token_form else 200)


@login_required
@require_POST
def api_token_create(request: SignedInRequest) -> HttpResponse:
    """Make a token and show it this once; a refused form goes back to the Account page with what was typed."""
    form = ApiTokenForm(request.POST, memberships=memberships_for_request(request))
    if form.is_valid():
        try:
            issued = api_tokens.token_create(
                membership=form.memberships[form.cleaned_data["membership"]],
                name=form.cleaned_data["name"],
                days=form.cleaned_data["days"],
                acting=Acting.from_request(request),
                verified=request.user.is_verified(),
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            response = render(request, "security/api_token_made.html", {"issued": issued})
            response["Cache-Control"] = "no-store"
            return response
    return account(request, token_form=form)


@login_required
@require_POST
def api_token_revoke(request: SignedInRequest, token_id: int) -> HttpResponse:
    mine = ApiToken.objects.select_related("membership__organisation").filter(membership__user=request.user)
    token = get_object_or_404(mine, pk=token_id)
    api_tokens.token_revoke(token=token, acting=Acting.from_request(request))
    messages.success(request, f"The token “{token.name}” is revoked: requests made with it are refused from now on.")
    return redirect("security:account")


@login_required
def two_factor_setup(request: SignedInRequest) -> HttpResponse:
    user = request.user
    if two_factor.has_device(user) and not user.is_verified():
        # Replacing a device needs the old one first; otherwise a stolen password could swap it.
        return redirect("security:two_factor_verify")
    device = two_factor.pending_device(user)
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        refusal = two_factor.confirm(request, device, form.cleaned_data["code"])
        if refusal is None:
            messages.success(request, "Two-factor sign-in is on. You will be asked for a code each time you log in.")
            codes = two_factor.recovery_codes_issue(user, acting=Acting.from_request(request))
            return _recovery_codes_page(request, codes, next_url(request))
        form.add_error("code", refusal)
    context = {
        "form": form,
        "required": two_factor.is_required_for(user),
        "qr_code": two_factor.qr_code_data_uri(device),
        "key": two_factor.key_for_typing(device),
        "next": next_url(request) if request.GET.get("next") or request.POST.get("next") else "",
    }
    return render(request, "security/two_factor_setup.html", context)


@login_required
def two_factor_verify(request: SignedInRequest) -> HttpResponse:
    if request.user.is_verified() or not two_factor.has_device(request.user):
        return redirect(next_url(request))
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        refusal, used_recovery = two_factor.verify(request, form.cleaned_data["code"])
        if refusal is None:
            if used_recovery:
                left = two_factor.recovery_codes_left(request.user)
                messages.warning(
                    request,
                    f"You signed in with a recovery code; {left} left. If your phone is lost, set up the app on a "
                    "new one and make new codes on your Sign-in security page.",
                )
            return redirect(next_url(request))
        form.add_error("code", refusal)
    return render(request, "security/two_factor_verify.html", {"form": form, "next": request.GET.get("next", "")})


def _recovery_codes_page(request: SignedInRequest, codes: list[str], next_page: str) -> HttpResponse:
    # Never cached: the codes are shown this once and kept nowhere but in django-otp's table.
    response = render(request, "security/recovery_codes.html", {"codes": codes, "next": next_page})
    response["Cache-Control"] = "no-store"
    return response


@login_required
@require_POST
def recovery_codes_renew(request: SignedInRequest) -> HttpResponse:
    """New recovery codes replace the old ones; only a session that passed the second step may make them."""
    if not two_factor.has_device(request.user) or not request.user.is_verified():
        messages.error(request, "Set up two-factor sign-in first; recovery codes back up your authenticator app.")
        return redirect("security:account")
    codes = two_factor.recovery_codes_issue(request.user, acting=Acting.from_request(request))
    return _recovery_codes_page(request, codes, reverse("security:account"))


@login_required
@require_POST
def two_factor_remove(request: SignedInRequest) -> HttpResponse:
    if two_factor.is_required_for(request.user):
        messages.error(request, "Your role requires two-factor sign-in, so it cannot be turned off.")
    elif two_factor.remove(request.user, acting=Acting.from_request(request)):
        messages.success(request, "Two-factor sign-in is off. Only your password is asked for from now on.")
    return redirect("security:account")


@require_role(Role.ADMIN)
def events(request: MemberRequest) -> HttpResponse:
    """The organisation's security log, newest first, for its admins."""
    organisation = request.membership.organisation
    form = EventFilterForm(request.GET or None)
    rows = SecurityEvent.objects.visible_to_admins_of(organisation).select_related("actor", "organisation")
    if form.is_valid():
        if form.cleaned_data["kind"]:
            rows = rows.filter(kind=form.cleaned_data["kind"])
        if form.cleaned_data["email"]:
            rows = rows.filter(actor_email__icontains=form.cleaned_data["email"])
    page = Paginator(rows, 50).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(request, "security/events.html", {"form": form, "page": page, "query": query.urlencode()})


# The members page and the two admin actions on a person's sign-in. Their URLs stay under /accounts/members/
# in the "accounts" namespace (see duediligence/urls.py); role changes and removal are the accounts app's.


@require_role(Role.ADMIN)
def members(request: MemberRequest) -> HttpResponse:
    organisation = request.membership.organisation
    form = MemberAddForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            invitation = accounts_services.invitation_create(
                organisation=organisation,
                acting=Acting.from_request(request),
                base_url=request.build_absolute_uri("/"),
                **form.cleaned_data,
            )
        except ValidationError as error:
            form.add_error("email", error)
        else:
            # The same words whether or not the address has an account: nothing of it shows before it accepts.
            messages.success(
                request,
                _(
                    "Invitation to %(email)s made: they join %(organisation)s as %(role)s once they accept it. "
                    "The list below says when its email went out."
                )
                % {"email": invitation.email, "organisation": organisation, "role": invitation.get_role_display()},
            )
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
    pending = organisation.invitations.filter(status=InvitationStatus.PENDING).order_by("email")
    return render(request, "accounts/members.html", {"form": form, "rows": rows, "invitations": pending})


@require_role(Role.ADMIN)
@require_POST
def member_unlock(request: MemberRequest, membership_id: int) -> HttpResponse:
    membership = membership_for_admin(request, membership_id)
    lockout.unlock(membership.user.email, acting=Acting.from_request(request), organisation=membership.organisation)
    messages.success(request, f"{membership.user} can log in again straight away.")
    return redirect("accounts:members")


@require_role(Role.ADMIN)
@require_POST
def member_two_factor_reset(request: MemberRequest, membership_id: int) -> HttpResponse:
    membership = membership_for_admin(request, membership_id)
    two_factor.remove(membership.user, acting=Acting.from_request(request), organisation=membership.organisation)
    messages.success(
        request, f"{membership.user}'s two-factor sign-in was reset; they will set it up again at their next login."
    )
    return redirect("accounts:members")


@require_role(Role.ADMIN)
@require_POST
def invitation_revoke(request: MemberRequest, invitation_id: int) -> HttpResponse:
    invitation = get_object_or_404(Invitation, pk=invitation_id, organisation=request.membership.organisation)
    try:
        accounts_services.invitation_revoke(invitation=invitation, acting=Acting.from_request(request))
    except ValidationError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, f"The invitation to {invitation.email} is withdrawn.")
    return redirect("accounts:members")
