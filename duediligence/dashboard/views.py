from django.core.paginator import Paginator
from django.db import DatabaseError, connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from duediligence.accounts.access import require_member
from duediligence.accounts.models import Role
from duediligence.assessments.models import EDITABLE_STATUSES, Assessment, Status
from duediligence.dashboard.selectors import ROWS_PER_PAGE, management_page
from duediligence.risks.models import MitigationAction

# The longest-overdue actions are listed; the rest are counted (each register lists all of its own).
OVERDUE_SHOWN = 10


@require_member
def home(request: HttpRequest) -> HttpResponse:
    membership = request.membership
    assessments = Assessment.objects.visible_to(membership).select_related("questionnaire")
    if membership.is_officer:
        assessments = assessments.filter(status__in=EDITABLE_STATUSES)
    elif membership.is_auditor:
        assessments = assessments.filter(status__in=[Status.SUBMITTED, Status.IN_REVIEW])
    context = {"membership": membership, "overdue": [], "overdue_total": 0}
    if not membership.is_auditor:
        overdue = (
            MitigationAction.objects.filter(risk__assessment__organisation=membership.organisation)
            .overdue()
            .select_related("risk__assessment")
            .order_by("due_date", "pk")
        )
        context["overdue"] = list(overdue[:OVERDUE_SHOWN])
        context["overdue_total"] = (
            overdue.count() if len(context["overdue"]) == OVERDUE_SHOWN else len(context["overdue"])
        )
    page_number = request.GET.get("page")
    if membership.is_manager:
        context["page"], context["management_rows"], context["combined_map"] = management_page(
            membership.organisation, page_number
        )
    else:
        context["page"] = Paginator(assessments.order_by("-updated_at", "-pk"), ROWS_PER_PAGE).get_page(page_number)
    return render(request, "dashboard/home.html", context)


@require_member
def review_queue(request: HttpRequest) -> HttpResponse:
    """Submitted assessments of every organisation the user audits, so an external auditor sees all work at once."""
    audited = request.user.memberships.filter(role=Role.AUDITOR).values_list("organisation_id", flat=True)
    waiting = (
        Assessment.objects.filter(organisation_id__in=audited, status__in=[Status.SUBMITTED, Status.IN_REVIEW])
        .select_related("organisation")
        .order_by("updated_at")
    )
    return render(request, "dashboard/queue.html", {"waiting": waiting})


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
