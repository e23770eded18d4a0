from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from duediligence.accounts.access import next_url, require_role
from duediligence.accounts.models import Role
from duediligence.security import two_factor
from duediligence.security.forms import CodeForm, EventFilterForm
from duediligence.security.models import SecurityEvent


@login_required
def account(request: HttpRequest) -> HttpResponse:
    """The person's own sign-in security: two-factor status and their recent sign-ins."""
    user = request.user
    context = {
        "has_device": two_factor.has_device(user),
        "required": two_factor.is_required_for(user),
        "recent": SecurityEvent.objects.filter(actor=user, organisation__isnull=True)[:15],
    }
    return render(request, "security/account.html", context)


@login_required
def two_factor_setup(request: HttpRequest) -> HttpResponse:
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
            return redirect(next_url(request))
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
def two_factor_verify(request: HttpRequest) -> HttpResponse:
    if request.user.is_verified() or not two_factor.has_device(request.user):
        return redirect(next_url(request))
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        refusal = two_factor.verify(request, form.cleaned_data["code"])
        if refusal is None:
            return redirect(next_url(request))
        form.add_error("code", refusal)
    return render(request, "security/two_factor_verify.html", {"form": form, "next": request.GET.get("next", "")})


@login_required
@require_POST
def two_factor_remove(request: HttpRequest) -> HttpResponse:
    if two_factor.is_required_for(request.user):
        messages.error(request, "Your role requires two-factor sign-in, so it cannot be turned off.")
    elif two_factor.remove(request.user, request=request):
        messages.success(request, "Two-factor sign-in is off. Only your password is asked for from now on.")
    return redirect("security:account")


@require_role(Role.ADMIN)
def events(request: HttpRequest) -> HttpResponse:
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
