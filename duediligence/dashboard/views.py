from django.core.paginator import Paginator
from django.db import DatabaseError, connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from duediligence.accounts.access import MemberRequest, require_member
from duediligence.accounts.models import Role
from duediligence.assessments.models import Assessment
from duediligence.assessments.page_cache import organisation_part_key, page_number
from duediligence.assessments.workflow import UNDER_REVIEW
from duediligence.dashboard.selectors import ROWS_PER_PAGE, assessments_to_work_on, management_page, overdue_actions
from duediligence.grievances.models import Case
from duediligence.lib.fragments import lazily
from duediligence.partners.lists import list_notices_for
from duediligence.statements import workflow as statements_workflow
from duediligence.statements.models import Statement


@require_member
def home(request: MemberRequest) -> HttpResponse:
    membership = request.membership
    raw_page = request.GET.get("page")
    # The part is keyed on the page number it shows; a page number it cannot read is drawn, not cached.
    page = page_number(raw_page)

    def build() -> dict:
        # Only when the cached part is missing (lib/fragments.py): it changes with any of the assessments.
        built: dict = {"overdue": [], "overdue_total": 0}
        # Frozen revisions a list change would flag: told here, never re-screened (partners/lists.py).
        built["list_notices"] = list_notices_for(Assessment.objects.visible_to(membership).values("pk"))
        if not membership.is_auditor:
            built["overdue"], built["overdue_total"] = overdue_actions(membership.organisation)
        if membership.is_manager:
            built["page"], built["management_rows"], built["combined_map"] = management_page(
                membership.organisation, raw_page
            )
        else:
            built["page"] = Paginator(assessments_to_work_on(membership), ROWS_PER_PAGE).get_page(raw_page)
            built["management_rows"], built["combined_map"] = [], None
        return built

    context = {
        "membership": membership,
        "part_key": organisation_part_key(request, "dashboard", None if page is None else {"page": page}),
        **lazily(build, "overdue", "overdue_total", "page", "management_rows", "combined_map", "list_notices"),
    }
    if not membership.is_auditor:
        # Grievance cases are the organisation's, not an assessment's: counted on every view.
        context["cases_overdue"] = (
            Case.objects.filter(organisation=membership.organisation).acknowledgement_overdue().count()
        )
    return render(request, "dashboard/home.html", context)


@require_member
def review_queue(request: MemberRequest) -> HttpResponse:
    """Submitted assessments and annual statements of every organisation the user audits, so an external auditor
    sees all work at once."""
    audited = request.user.memberships.filter(role=Role.AUDITOR).values_list("organisation_id", flat=True)
    waiting = (
        Assessment.objects.filter(organisation_id__in=audited, status__in=UNDER_REVIEW)
        .select_related("organisation")
        .order_by("updated_at")
    )
    statements = (
        Statement.objects.filter(organisation_id__in=audited, status__in=statements_workflow.UNDER_REVIEW)
        .select_related("organisation")
        .order_by("updated_at")
    )
    return render(request, "dashboard/queue.html", {"waiting": waiting, "statements": statements})


@never_cache
@require_GET
def healthz(request: HttpRequest) -> JsonResponse:
    """For load balancers and monitors: 200 while PostgreSQL answers, 503 when it does not."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        return JsonResponse({"database": "unavailable"}, status=503)
    return JsonResponse({"database": "ok"})
