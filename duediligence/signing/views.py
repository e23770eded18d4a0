"""The organisation's signing keys: managers see which key signs their publications; admins make or upload one."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from duediligence.accounts.access import MemberRequest, require_role
from duediligence.accounts.models import Role
from duediligence.lib.acting import Acting
from duediligence.signing import keys, services
from duediligence.signing.forms import KeyUploadForm
from duediligence.signing.models import SigningKey


def _page(request: MemberRequest, form: KeyUploadForm | None = None, status: int = 200) -> HttpResponse:
    organisation = request.membership.organisation
    found = services.keys_of(organisation)
    return render(
        request,
        "signing/keys.html",
        {
            "current": next((key for key in found if key.is_current), None),
            "retired": [key for key in found if not key.is_current],
            "form": form or KeyUploadForm(),
            "can_change": request.membership.role == Role.ADMIN,
        },
        status=status,
    )


@require_role(Role.ADMIN, Role.MANAGER)
def keys_page(request: MemberRequest) -> HttpResponse:
    return _page(request)


@require_role(Role.ADMIN)
@require_POST
def key_generate(request: MemberRequest) -> HttpResponse:
    key = services.key_generate(
        organisation=request.membership.organisation, user=request.user, acting=Acting.from_request(request)
    )
    messages.success(request, f"A new key signs your publications from now on: {key.subject}.")
    return redirect("signing:keys")


@require_role(Role.ADMIN)
@require_POST
def key_upload(request: MemberRequest) -> HttpResponse:
    form = KeyUploadForm(request.POST, request.FILES)
    if not form.is_valid():
        return _page(request, form, status=400)
    try:
        key = services.key_upload(
            organisation=request.membership.organisation,
            user=request.user,
            data=form.cleaned_data["file"],
            password=form.cleaned_data["password"],
            acting=Acting.from_request(request),
        )
    except keys.KeyRefused as refusal:
        form.add_error("file", str(refusal))
        return _page(request, form, status=400)
    messages.success(request, f"Your key signs your publications from now on: {key.subject}.")
    return redirect("signing:keys")


@require_role(Role.ADMIN, Role.MANAGER)
def certificate(request: MemberRequest, key_uid: str) -> HttpResponse:
    key = get_object_or_404(SigningKey, uid=key_uid, organisation=request.membership.organisation)
    response = HttpResponse(key.certificate_pem, content_type="application/x-pem-file")
    response["Content-Disposition"] = f'attachment; filename="certificate-{key.fingerprint_sha256[:16]}.pem"'
    return response
