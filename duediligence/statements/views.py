"""The organisation's annual statements: every member reads them; officers write them, auditors review them,
managers sign them off and publish them. Another organisation's statement is not found (404); a wrong role is a
403; a write the statement's status refuses is a 409 page that says why."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models.fields.files import FieldFile
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from duediligence.accounts.access import MemberRequest, require_member, require_role
from duediligence.accounts.models import Role
from duediligence.reports.forms import VerifyForm
from duediligence.reports.models import JobStatus
from duediligence.reports.views import _with_report_policy, verify_upload
from duediligence.signing.services import keys_of
from duediligence.statements import services, tasks, workflow
from duediligence.statements.forms import (
    MoveForm,
    RegistryForm,
    StatementCreateForm,
    StatementSignoffForm,
    StatementTextsForm,
)
from duediligence.statements.models import PublishedStatement, PublishJob, Regime, Statement
from duediligence.statements.readiness import missing_parts
from duediligence.statements.render import render_statement_html
from duediligence.statements.sources import TEXT_FIELDS, assessments_of_year, records_of


def _statement_for_user(request: MemberRequest, statement_id: int) -> Statement:
    """A statement of the member's organisation; any other id is not found."""
    statement = get_object_or_404(Statement, pk=statement_id, organisation=request.membership.organisation)
    statement.organisation = request.membership.organisation
    return statement


def _latest_job(request: MemberRequest, statement: Statement) -> PublishJob | None:
    """The manager's latest publication of this statement, its outcome brought up to date (a worker that died)."""
    if request.membership.role != Role.MANAGER:
        return None
    job = statement.publish_jobs.first()
    waiting = job is not None and job.status in (JobStatus.QUEUED, JobStatus.RUNNING)
    if job is not None and waiting and services.publish_jobs_sweep(statement=statement):
        job.refresh_from_db()
    return job


def _refused(request: HttpRequest, refusal: services.StatementRefused) -> HttpResponse:
    if refusal.role:
        raise PermissionDenied(refusal.message)
    return HttpResponse(render_to_string("409.html", {"message": refusal.message}, request=request), status=409)


@require_member
def statement_list(request: MemberRequest) -> HttpResponse:
    statements = Statement.objects.filter(organisation=request.membership.organisation)
    return render(
        request,
        "statements/list.html",
        {"statements": statements, "can_start": request.membership.role == Role.OFFICER},
    )


@require_role(Role.OFFICER)
def statement_new(request: MemberRequest) -> HttpResponse:
    initial = {"ending_in": timezone.localdate().year, "regimes": list(Regime.values)}
    form = StatementCreateForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            statement = services.statement_create(
                membership=request.membership,
                ending_in=form.cleaned_data["ending_in"],
                regimes=form.cleaned_data["regimes"],
            )
        except services.StatementRefused as refusal:
            form.add_error(None, refusal.message)
        else:
            return redirect("statements:detail", statement.pk)
    return render(
        request,
        "statements/form.html",
        {
            "form": form,
            "heading": _("Start an annual statement"),
            "lead": _("One statement per financial year, drawing on every assessment of that year."),
            "submit_label": _("Start the statement"),
            "cancel_url": reverse("statements:list"),
        },
        status=400 if form.errors else 200,
    )


@require_member
def statement_detail(request: MemberRequest, statement_id: int) -> HttpResponse:
    statement = _statement_for_user(request, statement_id)
    membership = request.membership
    return render(
        request,
        "statements/detail.html",
        {
            "statement": statement,
            "assessments": assessments_of_year(statement),
            "records": records_of(statement),
            "texts": [(StatementTextsForm.base_fields[name].label, getattr(statement, name)) for name in TEXT_FIELDS],
            "missing": missing_parts(statement) if statement.is_editable else [],
            "moves": workflow.allowed_moves(statement, membership),
            "move_form": MoveForm(),
            "can_edit": workflow.can_edit(statement, membership),
            "can_publish": workflow.can_publish(statement, membership),
            "can_record_registry": workflow.can_record_registry(statement, membership),
            "registry_form": RegistryForm(initial={"submitted_on": statement.registry_submitted_on}),
            "transitions": statement.transitions.select_related("by"),
            "publications": statement.publications.select_related("signing_key"),
            "job": _latest_job(request, statement),
            "public_address": request.build_absolute_uri(
                reverse("statement_public:page", args=[statement.public_token])
            ),
        },
    )


@require_role(Role.OFFICER)
def statement_edit(request: MemberRequest, statement_id: int) -> HttpResponse:
    statement = _statement_for_user(request, statement_id)
    if not workflow.can_edit(statement, request.membership):
        return _refused(
            request,
            services.StatementRefused(
                _("The statement is %(status)s: its texts can no longer change.")
                % {"status": statement.get_status_display().lower()}
            ),
        )
    form = StatementTextsForm(request.POST or None, instance=statement)
    if request.method == "POST" and form.is_valid():
        try:
            services.statement_texts_save(statement=statement, membership=request.membership, data=form.cleaned_data)
        except services.StatementRefused as refusal:
            return _refused(request, refusal)
        messages.success(request, _("Statement saved."))
        return redirect("statements:detail", statement.pk)
    return render(
        request,
        "statements/form.html",
        {
            "form": form,
            "heading": _("The statement's texts"),
            "lead": _("The company's own words, printed beside what the records and the assessments say."),
            "submit_label": _("Save"),
            "cancel_url": reverse("statements:detail", args=[statement.pk]),
        },
        status=400 if form.errors else 200,
    )


def _check_page(request: MemberRequest, statement: Statement, *, status: int = 200, message: str = "") -> HttpResponse:
    return render(
        request,
        "statements/check.html",
        {"statement": statement, "missing": missing_parts(statement), "message": message},
        status=status,
    )


@require_member
def statement_check(request: MemberRequest, statement_id: int) -> HttpResponse:
    return _check_page(request, _statement_for_user(request, statement_id))


@require_member
@require_POST
def statement_move(request: MemberRequest, statement_id: int, move_name: str) -> HttpResponse:
    statement = _statement_for_user(request, statement_id)
    if move_name not in workflow.BUTTON_MOVES:
        raise Http404("No such move.")
    form = MoveForm(request.POST)
    note = form.cleaned_data["note"] if form.is_valid() else ""
    try:
        services.statement_move(statement=statement, move_name=move_name, membership=request.membership, note=note)
    except services.StatementRefused as refusal:
        if refusal.missing:
            # The check page, saying why: each missing part with where to put it right.
            return _check_page(request, statement, status=409, message=refusal.message)
        return _refused(request, refusal)
    messages.success(request, _("Done: the statement is now %(status)s.") % {"status": _status_now(statement)})
    return redirect("statements:detail", statement.pk)


def _status_now(statement: Statement) -> str:
    statement.refresh_from_db(fields=["status"])
    return statement.get_status_display().lower()


@require_member
def statement_preview(request: MemberRequest, statement_id: int, regime: str) -> HttpResponse:
    statement = _statement_for_user(request, statement_id)
    if regime not in statement.regimes:
        raise Http404("The statement is not made under this law.")
    html = render_statement_html(statement, regime, preview_back_url=reverse("statements:detail", args=[statement.pk]))
    return _with_report_policy(HttpResponse(html))


@require_role(Role.MANAGER)
def statement_publish(request: MemberRequest, statement_id: int) -> HttpResponse:
    statement = _statement_for_user(request, statement_id)
    try:
        services.publication_check(statement=statement, membership=request.membership)
    except services.StatementRefused as refusal:
        return _refused(request, refusal)
    initial = {"signoff_name": request.user.full_name, "signoff_date": timezone.localdate()}
    form = StatementSignoffForm(request.POST or None, initial=initial, regimes=statement.regimes)
    if request.method == "POST" and form.is_valid():
        tasks.publish_job_request(statement=statement, user=request.user, signoff=form.signoff())
        messages.info(request, _("Signed off: the worker renders, signs and publishes each PDF; this page says when."))
        return redirect("statements:detail", statement.pk)
    return render(
        request,
        "statements/publish.html",
        {"statement": statement, "form": form},
        status=400 if form.errors else 200,
    )


@require_role(Role.OFFICER, Role.MANAGER)
@require_POST
def registry_record(request: MemberRequest, statement_id: int) -> HttpResponse:
    statement = _statement_for_user(request, statement_id)
    form = RegistryForm(request.POST)
    if not form.is_valid():
        messages.error(request, " ".join(str(error) for error in form.errors.get("submitted_on", [])))
        return redirect("statements:detail", statement.pk)
    try:
        services.registry_submission_record(
            statement=statement, membership=request.membership, submitted_on=form.cleaned_data["submitted_on"]
        )
    except services.StatementRefused as refusal:
        return _refused(request, refusal)
    messages.success(request, _("Registry submission recorded."))
    return redirect("statements:detail", statement.pk)


def _publication(statement: Statement, regime: str) -> PublishedStatement:
    found = statement.publications.filter(variant=regime).first()
    if found is None:
        raise Http404("Not published under this law.")
    return found


def _file(field: FieldFile, name: str) -> FileResponse:
    response = FileResponse(field.open("rb"), as_attachment=True, filename=name, content_type="application/pdf")
    response["X-Content-Type-Options"] = "nosniff"
    return response


@require_member
def published_pdf(request: MemberRequest, statement_id: int, regime: str) -> FileResponse:
    statement = _statement_for_user(request, statement_id)
    document = _publication(statement, regime)
    return _file(document.pdf, f"statement-{statement.year_end:%Y}-{regime}.pdf")


# The public page: no login, the statement's unguessable token, nothing but what was published.


def _published_statement(token: str) -> Statement:
    statement = get_object_or_404(Statement.objects.select_related("organisation"), public_token=token)
    if not statement.publications.exists():
        raise Http404("No statement is published at this address.")
    return statement


def public_page(request: HttpRequest, token: str) -> HttpResponse:
    statement = _published_statement(token)
    publications = list(statement.publications.select_related("signing_key"))
    form = VerifyForm(request.POST or None, request.FILES or None, max_bytes=max(p.pdf_size for p in publications))
    verdict = None
    if request.method == "POST" and form.is_valid():
        verdict = verify_upload(form, publications, keys_of(statement.organisation))
        if verdict["match"] is not None:
            match = verdict["match"]
            verdict["match_text"] = (
                f"the {match.get_variant_display()} for the year to {statement.year_end:%d %B %Y}, published "
                f"{match.published_at:%d %B %Y}"
            )
    response = render(
        request,
        "statements/public.html",
        {"statement": statement, "publications": publications, "form": form, "verdict": verdict, "token": token},
    )
    response["X-Robots-Tag"] = "noindex"
    return response


def public_pdf(request: HttpRequest, token: str, regime: str) -> FileResponse:
    statement = _published_statement(token)
    return _file(_publication(statement, regime).pdf, f"statement-{statement.year_end:%Y}-{regime}.pdf")
