from __future__ import annotations

import datetime
from urllib.parse import urlencode

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from duediligence.accounts.access import MemberRequest, require_member, require_role
from duediligence.accounts.models import Role
from duediligence.assessments.access import (
    assessment_child_for_user,
    assessment_for_user,
    editable_assessment_for_user,
)
from duediligence.assessments.page_cache import page_number, part_key
from duediligence.assessments.workflow import can_edit
from duediligence.lib.fragments import lazily
from duediligence.partners import export, importer, screening, services
from duediligence.partners.forms import ImportForm, MatchDecisionForm, PartnerFilterForm, PartnerForm
from duediligence.partners.lists import new_matches_for
from duediligence.partners.models import Partner, ScreeningList, ScreeningMatch
from duediligence.partners.selectors import list_editions, rescreenings_running
from duediligence.questionnaires.selectors import latest_partner_questionnaires

# The import result names at most this many resembling partners; the filtered list shows them all.
IMPORT_MATCHES_SHOWN = 100

PAGE_SIZE = 50


def _partner_for_user(request: MemberRequest, assessment_id: int, partner_id: int, *, for_edit: bool) -> Partner:
    return assessment_child_for_user(request, assessment_id, Partner, partner_id, for_edit=for_edit)


@require_member
def partner_list(request: MemberRequest, assessment_id: int) -> HttpResponse:
    assessment = assessment_for_user(request, assessment_id)
    filters = PartnerFilterForm(request.GET or None)
    chosen = filters.chosen()
    page = page_number(request.GET.get("page"))
    # The part is keyed on what the list reads; a free-text search, or what it cannot read, is drawn afresh.
    params = None if chosen is None or page is None or "q" in chosen else {**chosen, "page": page}

    def build() -> dict:
        # Only when the cached part is missing (lib/fragments.py).
        partners = (
            filters.apply(assessment.partners.with_screening()).order_by("name", "id").prefetch_related("invitations")
        )
        return {
            "filters": filters,
            "page": Paginator(partners, PAGE_SIZE).get_page(request.GET.get("page")),
            # The page links carry the filters the list read, and nothing else that was in the address.
            "query": urlencode(chosen or {}),
            "total": assessment.partners.count(),
            "confirmed": ScreeningMatch.objects.filter(partner__assessment=assessment, status="confirmed").count(),
            "lists": ScreeningList.objects.all(),
            "new_matches": new_matches_for([assessment.pk]).get(assessment.pk, []),
            # The partner questionnaires one may send from here (defined in questionnaires, below this app).
            "partner_questionnaires": latest_partner_questionnaires(),
            "invite_due": timezone.localdate() + datetime.timedelta(days=30),
            "import_form": ImportForm(),
        }

    return render(
        request,
        "partners/list.html",
        {
            "assessment": assessment,
            "can_edit": can_edit(assessment, request.membership),
            "part_key": part_key(request, assessment, "partners", params),
            # Outside the cached part: it changes with every batch of a list import's screening.
            "rescreenings": rescreenings_running(),
            **lazily(build, *PARTNER_LIST_PARTS),
        },
    )


PARTNER_LIST_PARTS = (
    "filters",
    "page",
    "query",
    "total",
    "confirmed",
    "lists",
    "new_matches",
    "partner_questionnaires",
    "invite_due",
    "import_form",
)


@require_role(Role.OFFICER)
def partner_edit(request: MemberRequest, assessment_id: int, partner_id: int | None = None) -> HttpResponse:
    if partner_id:
        partner = _partner_for_user(request, assessment_id, partner_id, for_edit=True)
        assessment = partner.assessment
    else:
        assessment, partner = editable_assessment_for_user(request, assessment_id), None
    form = PartnerForm(request.POST or None, instance=partner, assessment=assessment)
    if request.method == "POST" and form.is_valid():
        try:
            saved, screening = services.partner_save(assessment=assessment, partner=form.save(commit=False))
        except ValidationError as error:
            form.add_error(None, error)
        else:
            if saved.pk in screening.matched_partner_ids:
                messages.warning(request, f"“{saved}” resembles a listed entity: review the match below.")
                return redirect("partners:detail", assessment.pk, saved.pk)
            messages.success(request, f"“{saved}” saved; no match on the screening lists.")
            return redirect("partners:list", assessment.pk)
    return render(request, "partners/form.html", {"assessment": assessment, "form": form, "partner": partner})


@require_member
def partner_detail(request: MemberRequest, assessment_id: int, partner_id: int) -> HttpResponse:
    partner = _partner_for_user(request, assessment_id, partner_id, for_edit=False)
    matches = partner.matches.select_related("entity__screening_list", "decided_by", "found_in__replaced")
    return render(
        request,
        "partners/detail.html",
        {
            "assessment": partner.assessment,
            "partner": partner,
            "matches": screening.evidences_for(list(matches)),
            "alternatives": screening.alternatives_for(partner),
            "threshold": screening.THRESHOLD,
            # Questionnaires sent to the partner (respondents app, above this one: read through the relation).
            "invitations": partner.invitations.select_related("questionnaire", "late_response"),
            "lists": ScreeningList.objects.all(),
            "can_edit": can_edit(partner.assessment, request.membership),
        },
    )


@require_member
def how_scores(request: MemberRequest, assessment_id: int) -> HttpResponse:
    """How screening scores a name, for the people who decide on its matches."""
    assessment = assessment_for_user(request, assessment_id)
    return render(
        request,
        "partners/how_scores.html",
        {
            "assessment": assessment,
            "threshold": screening.THRESHOLD,
            "alternative_floor": screening.ALTERNATIVE_FLOOR,
        },
    )


@require_member
def screening_lists(request: MemberRequest, assessment_id: int) -> HttpResponse:
    """The lists partners are screened against, each edition imported, and how far its screening has come."""
    assessment = assessment_for_user(request, assessment_id)
    running = rescreenings_running()
    return render(
        request,
        "partners/screening_lists.html",
        {"assessment": assessment, "editions": list_editions(), "rescreenings": running},
    )


@require_role(Role.OFFICER)
@require_POST
def partner_delete(request: MemberRequest, assessment_id: int, partner_id: int) -> HttpResponse:
    partner = _partner_for_user(request, assessment_id, partner_id, for_edit=True)
    try:
        services.partner_delete(partner=partner)
    except ValidationError as error:  # the status changed since the page was loaded
        messages.error(request, f"Not removed: {error.message}")
        return redirect("partners:detail", assessment_id, partner.pk)
    messages.success(request, f"“{partner}” removed.")
    return redirect("partners:list", assessment_id)


@require_role(Role.OFFICER)
@require_POST
def match_decide(request: MemberRequest, assessment_id: int, partner_id: int, match_id: int) -> HttpResponse:
    partner = _partner_for_user(request, assessment_id, partner_id, for_edit=True)
    match = get_object_or_404(ScreeningMatch, pk=match_id, partner=partner)
    match.partner = partner
    form = MatchDecisionForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Not recorded: " + " ".join(str(e) for errors in form.errors.values() for e in errors))
    else:
        try:
            services.match_decide(
                match=match,
                decision=form.cleaned_data["decision"],
                reason=form.cleaned_data["reason"],
                user=request.user,
            )
        except ValidationError as error:  # the status changed since the page was loaded
            messages.error(request, f"Not recorded: {error.message}")
        else:
            messages.success(request, f"Match with “{match.entity}” {match.get_status_display().lower()}.")
    return redirect("partners:detail", assessment_id, partner.pk)


@require_role(Role.OFFICER)
@require_POST
def partner_import(request: MemberRequest, assessment_id: int) -> HttpResponse:
    assessment = editable_assessment_for_user(request, assessment_id)
    form = ImportForm(request.POST, request.FILES)
    report = None
    if form.is_valid():
        try:
            report = importer.partner_import(assessment=assessment, raw=form.cleaned_data["file"].read())
        except ValidationError as error:
            form.add_error(None, error)
    status = 200 if report is not None and report.ok else 400
    resembling = []
    if report is not None and report.ok and report.screening:
        # Named, each with a link to decide it: these are the partners that need a look first.
        resembling = list(
            Partner.objects.filter(pk__in=report.screening.matched_partner_ids)
            .with_screening()
            .order_by("-has_confirmed", "name")[:IMPORT_MATCHES_SHOWN]
        )
    return render(
        request,
        "partners/import_result.html",
        {
            "assessment": assessment,
            "form": form,
            "report": report,
            "resembling": resembling,
            "shown": IMPORT_MATCHES_SHOWN,
            "lists": ScreeningList.objects.all(),
        },
        status=status,
    )


@require_member
def import_template(request: MemberRequest, assessment_id: int) -> HttpResponse:
    assessment_for_user(request, assessment_id)
    response = HttpResponse(importer.template_csv(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="partners-template.csv"'
    return response


@require_member
def partner_export(request: MemberRequest, assessment_id: int, fmt: str) -> HttpResponse:
    assessment = assessment_for_user(request, assessment_id)
    partners = export.partners_for_export(assessment)
    if fmt == "xlsx":
        body = export.to_xlsx(partners)
        content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    else:
        body, content_type = export.to_csv(partners), "text/csv; charset=utf-8"
    response = HttpResponse(body, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="partners-{assessment.pk}.{fmt}"'
    response["Cache-Control"] = "private, no-store"
    return response
