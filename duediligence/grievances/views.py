"""The organisation's side of the mechanism: officers work cases; auditors and managers read them.

Contact details are shown only to officers, one case at a time and on request, and each reading is logged.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from duediligence.accounts.access import MemberRequest, require_member, require_role
from duediligence.accounts.models import Role
from duediligence.grievances import services
from duediligence.grievances.forms import CloseForm, MechanismForm, ReplyForm, criterion_forms
from duediligence.grievances.models import Case, CaseAttachment, CaseStatus

PAGE_SIZE = 50


def _case_for(request: MemberRequest, case_id: int) -> Case:
    return get_object_or_404(Case, pk=case_id, organisation=request.membership.organisation)


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
        },
    )


@require_member
def case_detail(request: MemberRequest, case_id: int) -> HttpResponse:
    case = _case_for(request, case_id)
    context = _detail_context(case, is_officer=request.membership.is_officer)
    if request.membership.is_officer:
        query = request.GET.get("q", "")[:200]
        every_period = request.GET.get("periods") == "all"
        offered, matched = services.risks_to_offer(case, query=query, every_period=every_period)
        context.update(risks=offered, risks_matched=matched, risk_query=query, every_period=every_period)
    return render(request, "grievances/detail.html", context)


def _detail_context(case: Case, *, is_officer: bool, **forms: CloseForm | ReplyForm) -> dict:
    return {
        "case": case,
        "is_officer": is_officer,
        "messages_of_case": case.messages.select_related("author"),
        "events": case.events.select_related("actor"),
        "attachments": case.attachments.all(),
        "linked": services.linked_risks(case),
        "linked_uids": set(case.risk_uids),
        "risks": services.risks_to_offer(case)[0] if is_officer else [],
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
    try:
        services.case_move(case=case, to=to, user=request.user, **(form.cleaned_data if form else {}))
    except ValidationError as error:
        messages.error(request, f"Not changed: {' '.join(error.messages)}")
    else:
        messages.success(request, f"Case {case.code} is now {CaseStatus(to).label.lower()}.")
    return redirect("grievances:detail", case.pk)


def _detail_with(request: MemberRequest, case: Case, **forms: CloseForm | ReplyForm) -> HttpResponse:
    # Rendered again with the refused form, so what the officer typed stays on the page.
    return render(request, "grievances/detail.html", _detail_context(case, is_officer=True, **forms), status=400)


@require_role(Role.OFFICER)
@require_POST
def case_reply(request: MemberRequest, case_id: int) -> HttpResponse:
    case = _case_for(request, case_id)
    form = ReplyForm(request.POST)
    if not form.is_valid():
        return _detail_with(request, case, reply_form=form)
    services.case_reply(case=case, user=request.user, text=form.cleaned_data["text"])
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
    contact = services.contact_read(case=case, user=request.user)
    response = render(request, "grievances/contact.html", {"case": case, "contact": contact})
    response["Cache-Control"] = "no-store"
    return response


@require_member
def attachment_download(request: MemberRequest, case_id: int, token: str) -> FileResponse:
    case = _case_for(request, case_id)
    attachment = get_object_or_404(CaseAttachment, case=case, token=token)
    response = FileResponse(
        attachment.file.open("rb"), as_attachment=True, filename=attachment.original_name,
        content_type=attachment.content_type,
    )  # fmt: skip
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
        {"form": form, "criteria": criteria, "editable": editable, "mechanism": record, "organisation": organisation},
        status=status,
    )
