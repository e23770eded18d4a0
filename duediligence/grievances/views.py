"""The organisation's side of the mechanism: officers work cases; every member sees their dates and states.

A case's texts are encrypted (sealing.py): only an officer with access to the organisation's case key, unlocked
by their password in this browser session, reads or writes them. Auditors, managers and admins see what the
statistics are made of (dates, issue, status, outcome), never a case's text. Contact details are shown only to
officers, one case at a time and on request, and each reading is logged.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import content_disposition_header, urlencode
from django.views.decorators.http import require_POST

from duediligence.accounts import personal_keys
from duediligence.accounts.access import MemberRequest, require_member, require_role
from duediligence.accounts.models import Role
from duediligence.grievances import keys, sealing, services
from duediligence.grievances.forms import CloseForm, MechanismForm, ReplyForm, criterion_forms
from duediligence.grievances.models import Case, CaseAttachment, CaseStatus
from duediligence.lib import crypto

PAGE_SIZE = 50


def _case_for(request: MemberRequest, case_id: int) -> Case:
    return get_object_or_404(Case, pk=case_id, organisation=request.membership.organisation)


def organisation_key(request: MemberRequest) -> bytes | None:
    """The organisation's case private key as this officer holds it in this session, or None (read once)."""
    if "_case_private_key" not in request.__dict__:
        request.__dict__["_case_private_key"] = (
            keys.organisation_private_key(
                organisation=request.membership.organisation,
                user=request.user,
                personal_private_key=personal_keys.unlocked_private_key(request),
            )
            if request.membership.is_officer
            else None
        )
    return request.__dict__["_case_private_key"]


def _case_key(request: MemberRequest, case: Case) -> bytes | None:
    private_key = organisation_key(request)
    if private_key is None or not case.sealed:
        return None
    try:
        return sealing.case_key_for_organisation(case, private_key)
    except crypto.Undecryptable:
        return None


def _lock(request: MemberRequest, case: Case, key: bytes | None) -> str:
    """Why the page shows the case's texts or not (the template words each reason)."""
    if case.content_deleted_at is not None:
        return "deleted"
    if not case.sealed:
        return "pending"
    if not request.membership.is_officer:
        return "officers_only"
    if key is not None:
        return "open"
    if personal_keys.unlocked_private_key(request) is None:
        return "unlock"
    return "no_access"


def _unlock_url(request: MemberRequest) -> str:
    return f"{reverse('accounts:key_unlock')}?{urlencode({'next': request.get_full_path()})}"


# Why an officer's write to a case's texts is refused, by the reason _lock gives.
REFUSALS = {
    "deleted": "Not saved: this case's texts were deleted at the end of the mechanism's retention period.",
    "pending": "Not saved: this case came in before cases were encrypted; its texts are encrypted once the "
    "organisation admin sets up the case key (see Access to cases).",
    "no_access": "Not saved: you have no access to this organisation's case key (see Access to cases).",
}


def _key_or_refusal(request: MemberRequest, case: Case) -> bytes | HttpResponse:
    """The case's key for an officer's write, or the redirect that says why there is none."""
    key = _case_key(request, case)
    if key is not None:
        return key
    # The same reasons the page gives for not showing the texts (_lock), so the refusal never says "no access"
    # of a case whose texts were deleted or are still waiting for the case key.
    reason = _lock(request, case, None)
    if reason == "unlock":
        messages.error(request, "Not saved: unlock the case texts with your password first.")
        return redirect(_unlock_url(request))
    messages.error(request, REFUSALS.get(reason, REFUSALS["no_access"]))
    return redirect("grievances:detail", case.pk)


@require_member
def case_list(request: MemberRequest) -> HttpResponse:
    organisation = request.membership.organisation
    cases = Case.objects.filter(organisation=organisation)
    status = request.GET.get("status", "")
    if status in CaseStatus.values:
        cases = cases.filter(status=status)
    return render(
        request,
        "grievances/list.html",
        {
            "page": Paginator(cases, PAGE_SIZE).get_page(request.GET.get("page")),
            "status": status,
            "statuses": CaseStatus.choices,
            "overdue": Case.objects.filter(organisation=organisation).acknowledgement_overdue().count(),
            "mechanism": services.mechanism_for(organisation),
            "is_officer": request.membership.is_officer,
            "case_key_ready": keys.case_key_of(organisation) is not None,
            "can_see_access": request.membership.is_officer or request.membership.is_admin,
        },
    )


@require_member
def case_detail(request: MemberRequest, case_id: int) -> HttpResponse:
    case = _case_for(request, case_id)
    return render(request, "grievances/detail.html", _detail_context(request, case))


def _detail_context(request: MemberRequest, case: Case, **forms: CloseForm | ReplyForm) -> dict:
    is_officer = request.membership.is_officer
    key = _case_key(request, case)
    # The risks an officer may link the case to, narrowed by the page's search (none on a form's re-display).
    query = request.GET.get("q", "")[:200]
    every_period = request.GET.get("periods") == "all"
    offered, matched = services.risks_to_offer(case, query=query, every_period=every_period) if is_officer else ([], 0)
    return {
        "case": case,
        "is_officer": is_officer,
        # The texts, opened for this one response only.
        "opened": sealing.case_open(case, key) if key is not None else None,
        "lock": _lock(request, case, key),
        "unlock_url": _unlock_url(request),
        "events": case.events.select_related("actor"),
        "linked": services.linked_risks(case),
        "linked_uids": set(case.risk_uids),
        "risks": offered,
        "risks_matched": matched,
        "risk_query": query,
        "every_period": every_period,
        "moves": services.MOVES[CaseStatus(case.status)] if is_officer else (),
        "close_form": forms.get("close_form") or CloseForm(),
        "reply_form": forms.get("reply_form") or ReplyForm(),
    }


@require_role(Role.OFFICER)
@require_POST
def case_move(request: MemberRequest, case_id: int) -> HttpResponse:
    case = _case_for(request, case_id)
    to = request.POST.get("to", "")
    form = CloseForm(request.POST) if to == CaseStatus.CLOSED else None
    if form is not None and not form.is_valid():
        return _detail_with(request, case, close_form=form)
    # Only closing writes the case's texts (the outcome), so only closing needs the case key.
    key = None
    if form is not None:
        key_or_refusal = _key_or_refusal(request, case)
        if isinstance(key_or_refusal, HttpResponse):
            return key_or_refusal
        key = key_or_refusal
    try:
        services.case_move(case=case, to=to, user=request.user, key=key, **(form.cleaned_data if form else {}))
    except ValidationError as error:
        messages.error(request, f"Not changed: {' '.join(error.messages)}")
    else:
        messages.success(request, f"Case {case.code} is now {CaseStatus(to).label.lower()}.")
    return redirect("grievances:detail", case.pk)


def _detail_with(request: MemberRequest, case: Case, **forms: CloseForm | ReplyForm) -> HttpResponse:
    # Rendered again with the refused form, so what the officer typed stays on the page.
    return render(request, "grievances/detail.html", _detail_context(request, case, **forms), status=400)


@require_role(Role.OFFICER)
@require_POST
def case_reply(request: MemberRequest, case_id: int) -> HttpResponse:
    case = _case_for(request, case_id)
    form = ReplyForm(request.POST)
    if not form.is_valid():
        return _detail_with(request, case, reply_form=form)
    key = _key_or_refusal(request, case)
    if isinstance(key, HttpResponse):
        return key
    services.case_reply(case=case, key=key, user=request.user, text=form.cleaned_data["text"])
    messages.success(request, "Reply sent: the person reads it when they come back with their code.")
    return redirect("grievances:detail", case.pk)


@require_role(Role.OFFICER)
@require_POST
def case_risks(request: MemberRequest, case_id: int) -> HttpResponse:
    case = _case_for(request, case_id)
    wanted = [value for value in request.POST.getlist("risk") if value.isdigit()]
    shown_ids = [value for value in request.POST.getlist("shown") if value.isdigit()]
    risks = list(services.risks_for_linking(case.organisation).filter(pk__in=wanted))
    shown = list(services.risks_for_linking(case.organisation).filter(pk__in=shown_ids))
    services.case_link_risks(case=case, risks=risks, user=request.user, shown=shown)
    messages.success(request, f"{len(risks)} risk{'s' if len(risks) != 1 else ''} linked.")
    return redirect("grievances:detail", case.pk)


@require_role(Role.OFFICER)
@require_POST
def case_contact(request: MemberRequest, case_id: int) -> HttpResponse:
    case = _case_for(request, case_id)
    key = _key_or_refusal(request, case)
    if isinstance(key, HttpResponse):
        return key
    contact = services.contact_read(case=case, key=key, user=request.user)
    response = render(request, "grievances/contact.html", {"case": case, "contact": contact})
    response["Cache-Control"] = "no-store"
    return response


@require_role(Role.OFFICER)
def attachment_download(request: MemberRequest, case_id: int, token: str) -> HttpResponse:
    case = _case_for(request, case_id)
    attachment = get_object_or_404(CaseAttachment, case=case, token=token, sealed_meta__isnull=False)
    key = _key_or_refusal(request, case)
    if isinstance(key, HttpResponse):
        return key
    meta = sealing.file_meta(attachment, key)
    response = HttpResponse(sealing.file_content(attachment, key), content_type=meta.content_type)
    response["Content-Disposition"] = content_disposition_header(True, meta.name) or "attachment"
    response["Cache-Control"] = "private, no-store"
    return response


@require_member
def mechanism(request: MemberRequest) -> HttpResponse:
    organisation = request.membership.organisation
    record = services.mechanism_for(organisation)
    editable = request.membership.is_officer
    if request.method == "POST" and not editable:
        raise PermissionDenied("Only compliance officers change the mechanism's record.")
    form = MechanismForm(request.POST or None, instance=record)
    criteria = criterion_forms(request.POST or None, record)
    if request.method == "POST" and form.is_valid() and all(c.is_valid() for c in criteria):
        services.mechanism_save(
            mechanism=form.save(commit=False),
            ratings=[(c.criterion, c.cleaned_data["rating"], c.cleaned_data["evidence"]) for c in criteria],
        )
        messages.success(request, "The mechanism's record is saved.")
        return redirect("grievances:mechanism")
    status = 400 if request.method == "POST" else 200
    return render(
        request,
        "grievances/mechanism.html",
        {
            "form": form,
            "criteria": criteria,
            "editable": editable,
            "mechanism": record,
            "organisation": organisation,
            "self_assessment": services.self_assessment(record),
        },
        status=status,
    )
