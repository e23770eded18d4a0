from __future__ import annotations

import hashlib
from collections.abc import Sequence
from typing import TypeVar

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models.fields.files import FieldFile
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, HttpResponseBase, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from duediligence.accounts.access import MemberRequest, require_member, require_role
from duediligence.accounts.models import Role
from duediligence.assessments.access import assessment_for_user
from duediligence.assessments.models import Assessment
from duediligence.assessments.workflow import CORRECTABLE, can_publish
from duediligence.lib.public_languages import PageKind, languages
from duediligence.lib.security_headers import policy_header, style_hash
from duediligence.reports import services, tasks
from duediligence.reports.downloads import PDF_ROLES, check_pdf_role, log_if_internal
from duediligence.reports.forms import SignoffForm, VerifyForm
from duediligence.reports.models import (
    JobStatus,
    Kind,
    PublishedDocument,
    PublishedReport,
    Purpose,
    RenderJob,
    Variant,
)
from duediligence.reports.render import render_html, report_css
from duediligence.signing import pdf as signing_pdf
from duediligence.signing.services import keys_of


def _kind(value: str) -> str:
    if value not in Kind.values:
        raise Http404("No such report.")
    return value


@require_member
def report_home(request: MemberRequest, assessment_id: int) -> HttpResponse:
    assessment = assessment_for_user(request, assessment_id)
    return render(
        request,
        "reports/home.html",
        {
            "assessment": assessment,
            "published": published_by_kind(assessment),
            "jobs": assessment.render_jobs.select_related("requested_by")[:5],
            "can_pdf": {kind: request.membership.role in roles for kind, roles in PDF_ROLES.items()},
            "can_publish": can_publish(assessment, request.membership),
            "public_address": request.build_absolute_uri(reverse("public:page", args=[assessment.public_token])),
            "can_correct": request.membership.is_officer
            and assessment.status in CORRECTABLE
            and not hasattr(assessment, "next_revision"),
        },
    )


@require_member
def preview(request: MemberRequest, assessment_id: int, kind: str) -> HttpResponse:
    assessment = assessment_for_user(request, assessment_id)
    # The public report's form, e.g. ?variant=uk_msa; anything else reads as the default.
    variant = request.GET.get("variant", "")
    html = render_html(
        assessment,
        _kind(kind),
        variant=variant if variant in Variant.values else Variant.UNGPRF,
        preview_back_url=reverse("reports:home", args=[assessment.pk]),
    )
    log_if_internal(request, assessment, kind, "Draft HTML preview")
    return _with_report_policy(HttpResponse(html))


@require_member
@require_POST
def pdf_request(request: MemberRequest, assessment_id: int, kind: str) -> HttpResponse:
    assessment = assessment_for_user(request, assessment_id)
    check_pdf_role(request.membership, _kind(kind))
    job = tasks.render_job_request(assessment=assessment, user=request.user, purpose=Purpose.PREVIEW, kind=kind)
    return redirect("reports:job", assessment.pk, job.pk)


def _job_for_user(request: MemberRequest, assessment_id: int, job_id: int) -> RenderJob:
    """The person's own render job, if their role today still allows what it renders.

    The role is checked again at every look, not only when the job was queued: someone moved to another role
    since loses the job's PDF with it.
    """
    assessment = assessment_for_user(request, assessment_id)
    render_job = get_object_or_404(RenderJob, pk=job_id, assessment=assessment, requested_by=request.user)
    if render_job.status in (JobStatus.QUEUED, JobStatus.RUNNING) and services.render_jobs_sweep(job_ids=[job_id]):
        render_job.refresh_from_db()
    if render_job.purpose == Purpose.PREVIEW:
        check_pdf_role(request.membership, render_job.kind)
    elif request.membership.role != Role.MANAGER:
        raise PermissionDenied("Publication is followed by managers.")
    return render_job


@require_member
def job(request: MemberRequest, assessment_id: int, job_id: int) -> HttpResponse:
    render_job = _job_for_user(request, assessment_id, job_id)
    return render(request, "reports/job.html", {"assessment": render_job.assessment, "job": render_job})


@require_member
def job_status(request: MemberRequest, assessment_id: int, job_id: int) -> JsonResponse:
    render_job = _job_for_user(request, assessment_id, job_id)
    return JsonResponse(
        {"status": render_job.status, "label": render_job.get_status_display(), "error": render_job.error}
    )


@require_member
def job_download(request: MemberRequest, assessment_id: int, job_id: int) -> FileResponse:
    render_job = _job_for_user(request, assessment_id, job_id)
    if render_job.status != JobStatus.DONE or not render_job.pdf:
        raise Http404("This PDF is not ready.")
    name = f"{render_job.kind}-report-preview-{render_job.assessment_id}.pdf"
    log_if_internal(request, render_job.assessment, render_job.kind, "Draft PDF")
    return _file(render_job.pdf, name, "application/pdf")


@require_role(Role.MANAGER)
def publish(request: MemberRequest, assessment_id: int) -> HttpResponse:
    assessment = assessment_for_user(request, assessment_id)
    try:
        services.publication_check(assessment=assessment, membership=request.membership)
    except services.PublishRefused as refusal:
        messages.error(request, str(refusal))
        return redirect("reports:home", assessment.pk)
    initial = {"signoff_name": request.user.full_name, "signoff_date": timezone.localdate()}
    form = SignoffForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        job = tasks.render_job_request(
            assessment=assessment, user=request.user, purpose=Purpose.PUBLISH, signoff=form.signoff()
        )
        return redirect("reports:job", assessment.pk, job.pk)
    return render(
        request, "reports/publish.html", {"assessment": assessment, "form": form, "variants": Variant.choices}
    )


def published_by_kind(assessment: Assessment) -> dict[str, list[PublishedReport]]:
    """The assessment's published reports by kind, each kind's variants in the order of the choices."""
    found: dict[str, list[PublishedReport]] = {}
    for report in sorted(assessment.published_reports.all(), key=lambda r: Variant.values.index(r.variant)):
        found.setdefault(report.kind, []).append(report)
    return found


def chosen_variant(reports: list[PublishedReport], asked: str) -> PublishedReport | None:
    """The report of the variant asked for (?variant=), or the first published (the UNGPRF one, when it is)."""
    if asked:
        return next((report for report in reports if report.variant == asked), None)
    return reports[0] if reports else None


@require_member
def published_file(request: MemberRequest, assessment_id: int, kind: str, fmt: str) -> FileResponse:
    assessment = assessment_for_user(request, assessment_id)
    report = chosen_variant(published_by_kind(assessment).get(_kind(kind), []), request.GET.get("variant", ""))
    if report is None:
        raise Http404("No such published report.")
    if fmt == "pdf":
        check_pdf_role(request.membership, kind)
    log_if_internal(request, assessment, kind, f"Published {fmt.upper()}")
    name = f"{kind}-report-r{assessment.revision}" + ("" if kind == Kind.INTERNAL else f"-{report.variant}")
    if fmt == "pdf":
        return _file(report.pdf, f"{name}.pdf", "application/pdf")
    return _file(report.html, f"{name}.html", "text/html; charset=utf-8", inline=True)


@require_role(Role.OFFICER)
@require_POST
def correction(request: MemberRequest, assessment_id: int) -> HttpResponse:
    assessment = assessment_for_user(request, assessment_id)
    try:
        copy = services.correction_start(assessment=assessment, user=request.user)
    except services.PublishRefused as refusal:
        messages.error(request, str(refusal))
        return redirect("reports:home", assessment.pk)
    messages.success(request, f"Revision {copy.revision} started as a draft. The published revision stays as it is.")
    return redirect("assessments:overview", copy.pk)


# A response that leaves _with_report_policy as it came, with the policy header added.
Response = TypeVar("Response", bound=HttpResponseBase)


def _file(field: FieldFile, name: str, content_type: str, inline: bool = False) -> FileResponse:
    response = FileResponse(field.open("rb"), as_attachment=not inline, filename=name, content_type=content_type)
    response["X-Content-Type-Options"] = "nosniff"
    return _with_report_policy(response) if inline else response


def _with_report_policy(response: Response) -> Response:
    """Reports carry their stylesheet inline (a saved report stands alone): allow exactly that one by hash."""
    response["Content-Security-Policy"] = policy_header([style_hash(report_css())])
    return response


# The public page: no login, an unguessable token, and nothing but the public report's revisions.


def _public_revisions(token: str) -> list[PublishedReport]:
    """Every public report published at this address: each revision's variants, newest revision first."""
    reports = sorted(
        PublishedReport.objects.filter(assessment__public_token=token, kind=Kind.PUBLIC).select_related(
            "assessment__organisation", "signing_key"
        ),
        key=lambda report: (-report.assessment.revision, Variant.values.index(report.variant)),
    )
    if not reports:
        raise Http404("No published report at this address.")
    return reports


def verify_upload(form: VerifyForm, published: Sequence[PublishedDocument], keys: list) -> dict:
    """What a public page says of a PDF someone was given: whether it is one of the published files (its
    SHA-256), and what its signature says, checked against the organisation's keys (current and retired)."""
    digest = hashlib.sha256()
    data = bytearray()
    for chunk in form.cleaned_data["pdf"].chunks():
        digest.update(chunk)
        data += chunk
    found = next((report for report in published if report.pdf_sha256 == digest.hexdigest()), None)
    return {"match": found, "sha256": digest.hexdigest(), "signature": signing_pdf.check(bytes(data), keys)}


def public_page(request: HttpRequest, token: str) -> HttpResponse:
    published = _public_revisions(token)
    # No file larger than every published revision can be one of them: it is refused unread, unhashed.
    largest = max(report.pdf_size for report in published)
    form = VerifyForm(request.POST or None, request.FILES or None, max_bytes=largest)
    verdict = None
    if request.method == "POST" and form.is_valid():
        verdict = verify_upload(form, published, keys_of(published[0].assessment.organisation))
        if verdict["match"] is not None:
            match = verdict["match"]
            verdict["match_text"] = (
                f"revision {match.assessment.revision} as the {match.get_variant_display()}, published "
                f"{match.published_at:%d %B %Y}"
            )
    latest_revision = published[0].assessment.revision
    response = render(
        request,
        "reports/public.html",
        {
            "latest": published[0],
            "latest_variants": [report for report in published if report.assessment.revision == latest_revision],
            "revisions": published,
            "form": form,
            "verdict": verdict,
            "token": token,
            "grievance_languages": languages(PageKind.GRIEVANCE),
        },
    )
    response["X-Robots-Tag"] = "noindex"
    return response


def public_file(request: HttpRequest, token: str, revision: int, fmt: str) -> FileResponse:
    of_revision = [r for r in _public_revisions(token) if r.assessment.revision == revision]
    report = chosen_variant(of_revision, request.GET.get("variant", ""))
    if report is None:
        raise Http404("No such revision.")
    name = f"human-rights-report-r{revision}-{report.variant}.{fmt}"
    if fmt == "pdf":
        return _file(report.pdf, name, "application/pdf")
    return _file(report.html, name, "text/html; charset=utf-8", inline=True)
