from django.core.paginator import Paginator
from django.db import DatabaseError, connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from duediligence.accounts.access import MemberRequest, require_member
from duediligence.accounts.models import Role
from duediligence.assessments.models import Assessment
from duediligence.assessments.workflow import UNDER_REVIEW
from duediligence.dashboard.selectors import ROWS_PER_PAGE, assessments_to_work_on, management_page, overdue_actions
from duediligence.grievances.models import Case


@require_member
def home(request: MemberRequest) -> HttpResponse:
    membership = request.membership
    page_number = request.GET.get("page")
    context = {"membership": membership, "overdue": [], "overdue_total": 0}
    if not membership.is_auditor:
        context["overdue"], context["overdue_total"] = overdue_actions(membership.organisation)
        context["cases_overdue"] = (
            Case.objects.filter(organisation=membership.organisation).acknowledgement_overdue().count()
        )
    if membership.is_manager:
        context["page"], context["management_rows"], context["combined_map"] = management_page(
            membership.organisation, page_number
        )
    else:
        context["page"] = Paginator(assessments_to_work_on(membership), ROWS_PER_PAGE).get_page(page_number)
    return render(request, "dashboard/home.html", context)


@require_member
def review_queue(request: MemberRequest) -> HttpResponse:
    """Submitted assessments of every organisation the user audits, so an external auditor sees all work at once."""
    audited = request.user.memberships.filter(role=Role.AUDITOR).values_list("organisation_id", flat=True)
    waiting = (
        Assessment.objects.filter(organisation_id__in=audited, status__in=UNDER_REVIEW)
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
