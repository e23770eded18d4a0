"""The REST API's views: thin, as the pages' are. Access goes through the same functions the pages use
(assessment_for_user, editable_assessment_for_user), writes through the same services, so a rule changed for
the pages holds for the API at once.

Status codes follow the pages: 401 without a valid token, 404 for another organisation's objects (ids leak
nothing), 403 for a role that may not act, 409 when the assessment's state refuses the action, 412 for a stale
answer write, 428 when the write does not say which version it changes.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from typing import Any, TypeVar

from django import forms
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, IntegerField, OuterRef, Q, QuerySet, Subquery
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import serializers, status
from rest_framework.generics import GenericAPIView
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response

from duediligence.accounts.access import memberships_of
from duediligence.accounts.models import Membership, Role, User
from duediligence.api import serializers as api
from duediligence.api.authentication import TokenAuthentication
from duediligence.api.pagination import IdCursorPagination
from duediligence.assessments import services as assessment_services
from duediligence.assessments.access import assessment_for_user, editable_assessment_for_user
from duediligence.assessments.models import Answer, Assessment, Status
from duediligence.assessments.snapshot import Snapshot
from duediligence.assessments.workflow import MOVES
from duediligence.audits.models import Audit
from duediligence.lib.parsing import version_number
from duediligence.partners import services as partner_services
from duediligence.partners.importer import partner_upsert
from duediligence.partners.models import Category, MatchStatus, Partner, ScreeningMatch
from duediligence.questionnaires.fields import clean_json
from duediligence.questionnaires.models import Question
from duediligence.questionnaires.structure import outline_of_version
from duediligence.reports import services as report_services
from duediligence.reports import tasks as report_tasks
from duediligence.reports.downloads import check_pdf_role, log_if_internal
from duediligence.reports.forms import SignoffForm
from duediligence.reports.models import Kind, PublishedReport, Purpose, Variant
from duediligence.review import workflow
from duediligence.risks.models import Risk

ERRORS = {
    401: OpenApiResponse(api.ErrorSerializer, description="No token, or a token that is unknown, expired or revoked"),
    403: OpenApiResponse(api.ErrorSerializer, description="Your role may not do this"),
    404: OpenApiResponse(api.ErrorSerializer, description="No such object in your organisation"),
    429: OpenApiResponse(api.ErrorSerializer, description="Too many requests with this token this minute"),
}


# The querysets the list filters narrow and hand back as they came (a model's own queryset class stays itself).
Rows = TypeVar("Rows", bound=QuerySet[Any])
# A view's handler method, which move_schema's decorator returns unchanged.
Handler = TypeVar("Handler", bound=Callable[..., Response])


def errors(*codes: int) -> dict:
    return {code: ERRORS[code] for code in (401, 429, *codes)}


def changed_since(queryset: Rows, request: ApiRequest) -> Rows:
    """The rows changed at or after the `updated_since` query parameter, when it is given; 400 if it is no time."""
    raw = request.query_params.get("updated_since")
    if not raw:
        return queryset
    try:
        value = datetime.datetime.fromisoformat(raw)
        # In UTC: PostgreSQL refuses offsets beyond ±15:59, which Python accepts.
        since = value.replace(tzinfo=datetime.UTC) if value.tzinfo is None else value.astimezone(datetime.UTC)
    except (ValueError, OverflowError):
        raise serializers.ValidationError(
            {"updated_since": "A date and time like 2026-06-30T12:00:00+00:00."}
        ) from None
    return queryset.filter(updated_at__gte=since)


def by_choice(
    queryset: Rows, request: ApiRequest, name: str, values: list[str], as_value: Callable[[str], object] = str
) -> Rows:
    """The rows whose field `name` is the query parameter `name`, when it is given; 400 if it is none of `values`."""
    wanted = request.query_params.get(name)
    if not wanted:
        return queryset
    if wanted not in values:
        raise serializers.ValidationError({name: f"One of {', '.join(values)}."})
    return queryset.filter(**{name: as_value(wanted)})


UPDATED_SINCE = OpenApiParameter(
    "updated_since", OpenApiTypes.DATETIME, description="Only what changed at or after this time (ISO 8601)"
)


class ApiRequest(Request):
    """The request an API view receives once TokenAuthentication accepted it: a real user, acting under the
    token's membership (the same attribute require_role sets on a page request)."""

    user: User
    membership: Membership


class ApiView(GenericAPIView):
    authentication_classes = [TokenAuthentication]
    permission_classes = [IsAuthenticated]
    pagination_class: type[IdCursorPagination] | None = IdCursorPagination
    request: ApiRequest

    def assessment(self) -> Assessment:
        return assessment_for_user(self.request, self.kwargs["assessment_id"])

    def editable_assessment(self) -> Assessment:
        return editable_assessment_for_user(self.request, self.kwargs["assessment_id"])

    def require_role(self, *roles: str) -> None:
        if self.request.membership.role not in roles:
            raise PermissionDenied(f"Only a {' or '.join(Role(role).label.lower() for role in roles)} can do this.")

    def paged(self, queryset: QuerySet[Any], serializer_class: type[serializers.BaseSerializer]) -> Response:
        page = self.paginate_queryset(queryset)
        return self.get_paginated_response(serializer_class(page, many=True, context={"request": self.request}).data)


class OrganisationList(ApiView):
    serializer_class = api.MembershipSerializer
    pagination_class = None

    @extend_schema(
        summary="The organisations you belong to, with your role in each",
        responses={200: api.MembershipSerializer(many=True), **errors()},
    )
    def get(self, request: ApiRequest) -> Response:
        memberships = memberships_of(request.user)
        return Response(self.serializer_class(memberships, many=True, context={"request": request}).data)


def with_progress(queryset: QuerySet[Assessment]) -> QuerySet[Assessment]:
    """Each assessment with its questionnaire's question count and its answers given, in the list's one query."""
    questions = (
        Question.objects.filter(section__step__questionnaire=OuterRef("questionnaire_id"))
        .order_by()
        .values("section__step__questionnaire")
        .annotate(total=Count("id"))
        .values("total")
    )
    return queryset.annotate(
        questions_total=Subquery(questions, output_field=IntegerField()),
        answers_given=Count("answers", filter=~Q(answers__value=None)),
    )


class AssessmentList(ApiView):
    serializer_class = api.AssessmentSerializer

    @extend_schema(
        summary="Assessments of the token's organisation, with progress",
        parameters=[OpenApiParameter("status", str, enum=Status.values), UPDATED_SINCE],
        responses={200: api.AssessmentSerializer(many=True), 400: OpenApiTypes.OBJECT, **errors()},
    )
    def get(self, request: ApiRequest) -> Response:
        assessments = by_choice(Assessment.objects.visible_to(request.membership), request, "status", Status.values)
        assessments = changed_since(assessments, request)
        return self.paged(with_progress(assessments), api.AssessmentSerializer)

    @extend_schema(
        summary="Start an assessment (compliance officers)",
        request=api.AssessmentCreateSerializer,
        responses={201: api.AssessmentSerializer, 400: OpenApiTypes.OBJECT, **errors(403)},
    )
    def post(self, request: ApiRequest) -> Response:
        self.require_role(Role.OFFICER)
        given = api.AssessmentCreateSerializer(data=request.data)
        given.is_valid(raise_exception=True)
        created = assessment_services.assessment_create(membership=request.membership, **given.validated_data)
        shown = with_progress(Assessment.objects.filter(pk=created.pk)).get()
        return Response(api.AssessmentSerializer(shown).data, status=status.HTTP_201_CREATED)


class AssessmentDetail(ApiView):
    serializer_class = api.AssessmentSerializer

    @extend_schema(summary="One assessment, with progress", responses={200: api.AssessmentSerializer, **errors(404)})
    def get(self, request: ApiRequest, assessment_id: int) -> Response:
        assessment = self.assessment()
        shown = with_progress(Assessment.objects.filter(pk=assessment.pk)).get()
        return Response(api.AssessmentSerializer(shown).data)


def answer_data(question: Question, answer: Answer | None, updated_by: str | None) -> dict[str, Any]:
    return {
        "question": question.key,
        "label": question.label,
        "type": question.type,
        "value": answer.value if answer else None,
        "version": answer.version if answer else 0,
        "updated_at": answer.updated_at if answer else None,
        "updated_by": updated_by,
    }


def etag(version: int) -> str:
    return f'"{version}"'


class AnswerList(ApiView):
    serializer_class = api.AnswerSerializer
    pagination_class = None

    @extend_schema(
        summary="Every question of the assessment with its answer (null where none), in the questionnaire's order",
        responses={200: api.AnswerSerializer(many=True), **errors(404)},
    )
    def get(self, request: ApiRequest, assessment_id: int) -> Response:
        snapshot = Snapshot(self.assessment())
        ids = {answer.updated_by_id for answer in snapshot.answers.values() if answer.updated_by_id}
        emails = dict(User.objects.filter(pk__in=ids).values_list("pk", "email")) if ids else {}
        rows = []
        for question in snapshot.questions:
            answer = snapshot.answers.get(question.key)
            rows.append(answer_data(question, answer, emails.get(answer.updated_by_id) if answer else None))
        return Response(api.AnswerSerializer(rows, many=True).data)


IF_MATCH = OpenApiParameter(
    "If-Match",
    str,
    OpenApiParameter.HEADER,
    required=True,
    description='The answer\'s version as read (its ETag, e.g. "3"; "0" for a question not yet answered)',
)


class AnswerDetail(ApiView):
    serializer_class = api.AnswerSerializer

    def question(self, assessment: Assessment) -> Question:
        # The questionnaire's questions are kept per process (questionnaires/structure.py): no query.
        found = outline_of_version(assessment.questionnaire_id).by_key.get(self.kwargs["key"])
        if found is None:
            raise Http404("No such question in this assessment's questionnaire.")
        return found

    def shown(self, assessment: Assessment, question: Question) -> Response:
        """The answer as it stands, with its version as ETag: one query."""
        answer = Answer.objects.filter(assessment=assessment, question=question).select_related("updated_by").first()
        updated_by = answer.updated_by.email if answer and answer.updated_by else None
        response = Response(api.AnswerSerializer(answer_data(question, answer, updated_by)).data)
        response["ETag"] = etag(answer.version if answer else 0)
        return response

    @extend_schema(summary="One answer; its ETag is its version", responses={200: api.AnswerSerializer, **errors(404)})
    def get(self, request: ApiRequest, assessment_id: int, key: str) -> Response:
        assessment = self.assessment()
        return self.shown(assessment, self.question(assessment))

    @extend_schema(
        summary="Change one answer (compliance officers, while the assessment is editable)",
        description="Checked as the page checks it. A write based on an older version than the current one is "
        "refused with 412 and the current value, unless it leaves the answer as it already is.",
        parameters=[IF_MATCH],
        request=api.AnswerWriteSerializer,
        responses={
            200: api.AnswerSerializer,
            400: OpenApiTypes.OBJECT,
            412: api.AnswerConflictSerializer,
            428: api.ErrorSerializer,
            **errors(403, 404),
        },
    )
    def put(self, request: ApiRequest, assessment_id: int, key: str) -> Response:
        assessment = self.editable_assessment()
        question = self.question(assessment)
        raw = request.headers.get("If-Match", "").strip().removeprefix("W/").strip('"')
        if not raw:
            return Response(
                {"detail": "Say which version you change: send If-Match with the answer's ETag."},
                status=status.HTTP_428_PRECONDITION_REQUIRED,
            )
        base = version_number(raw)
        if base is None:
            raise serializers.ValidationError({"If-Match": 'The answer\'s ETag, e.g. "3".'})
        given = api.AnswerWriteSerializer(data=request.data)
        given.is_valid(raise_exception=True)
        try:
            value = clean_json(question, given.validated_data["value"])
        except forms.ValidationError as error:
            raise serializers.ValidationError({"value": error.messages}) from None
        try:
            assessment_services.answers_save(
                assessment=assessment, user=request.user, values={key: value}, base_versions={key: base}
            )
        except assessment_services.AnswerConflict as conflict:
            # The refusal carries the value someone else saved and its version: nothing to read again.
            (theirs,) = conflict.conflicts
            version = conflict.current_versions.get(key, 0)
            response = Response(
                {
                    "detail": "Someone changed this answer since you read it; nothing was saved.",
                    "value": theirs.their_value,
                    "version": version,
                },
                status=status.HTTP_412_PRECONDITION_FAILED,
            )
            response["ETag"] = etag(version)
            return response
        return self.shown(assessment, question)


class RiskList(ApiView):
    serializer_class = api.RiskSerializer

    @extend_schema(
        summary="The risk register, with each risk's mitigation actions",
        parameters=[UPDATED_SINCE],
        responses={200: api.RiskSerializer(many=True), 400: OpenApiTypes.OBJECT, **errors(404)},
    )
    def get(self, request: ApiRequest, assessment_id: int) -> Response:
        risks = changed_since(Risk.objects.filter(assessment=self.assessment()), request)
        return self.paged(risks.prefetch_related("actions"), api.RiskSerializer)


class AuditList(ApiView):
    serializer_class = api.AuditSerializer

    @extend_schema(
        summary="Audits, with their findings and corrective actions",
        responses={200: api.AuditSerializer(many=True), 400: OpenApiTypes.OBJECT, **errors(404)},
    )
    def get(self, request: ApiRequest, assessment_id: int) -> Response:
        audits = Audit.objects.filter(assessment=self.assessment()).prefetch_related("findings__actions")
        return self.paged(audits, api.AuditSerializer)


class PartnerList(ApiView):
    serializer_class = api.PartnerSerializer

    @extend_schema(
        summary="Partners, suppliers and collaborators",
        parameters=[
            OpenApiParameter("category", str, enum=Category.values),
            OpenApiParameter("disclosed", bool),
            UPDATED_SINCE,
        ],
        responses={200: api.PartnerSerializer(many=True), 400: OpenApiTypes.OBJECT, **errors(404)},
    )
    def get(self, request: ApiRequest, assessment_id: int) -> Response:
        partners = by_choice(Partner.objects.filter(assessment=self.assessment()), request, "category", Category.values)
        partners = by_choice(
            partners, request, "disclosed", ["true", "false"], as_value=lambda wanted: wanted == "true"
        )
        partners = changed_since(partners, request)
        return self.paged(partners, api.PartnerSerializer)


class PartnerUpsert(ApiView):
    serializer_class = api.PartnerItemSerializer

    @extend_schema(
        summary="Create or update partners from a list, all or nothing (compliance officers)",
        description="Each item has the CSV template's columns and is checked by the CSV import's rules. A partner "
        "with the same normalised name and location is updated in the fields the item gives; others are created. "
        "If any item is refused, nothing is written and every error is listed with a JSON pointer to its item and "
        "field. The partners are screened afterwards.",
        request=api.PartnerItemSerializer(many=True),
        responses={200: api.UpsertResultSerializer, 400: api.UpsertRefusedSerializer, **errors(403, 404)},
    )
    def post(self, request: ApiRequest, assessment_id: int) -> Response:
        assessment = self.editable_assessment()
        try:
            report = partner_upsert(assessment=assessment, items=request.data)
        except ValidationError as error:
            return Response({"detail": " ".join(error.messages), "errors": []}, status=status.HTTP_409_CONFLICT)
        if report.errors:
            return Response(
                {
                    "detail": f"{len(report.errors)} problem(s); nothing was saved.",
                    "errors": [{"pointer": pointer, "message": message} for pointer, message in report.errors],
                },
                status=status.HTTP_400_BAD_REQUEST,
            )
        screening = report.screening
        return Response(
            {
                "created": report.created,
                "updated": report.updated,
                "partners_with_matches": len(screening.matched_partner_ids) if screening else 0,
            }
        )


class ScreeningMatchList(ApiView):
    serializer_class = api.ScreeningMatchSerializer

    @extend_schema(
        summary="Screening results: each partner's possible matches on the entity lists, with decisions",
        parameters=[OpenApiParameter("status", str, enum=MatchStatus.values)],
        responses={200: api.ScreeningMatchSerializer(many=True), 400: OpenApiTypes.OBJECT, **errors(404)},
    )
    def get(self, request: ApiRequest, assessment_id: int) -> Response:
        matches = ScreeningMatch.objects.filter(partner__assessment=self.assessment()).select_related(
            "partner", "entity__screening_list", "decided_by"
        )
        matches = by_choice(matches, request, "status", MatchStatus.values)
        return self.paged(matches, api.ScreeningMatchSerializer)


class MatchDecision(ApiView):
    serializer_class = api.MatchDecisionSerializer

    @extend_schema(
        summary="Confirm or dismiss a possible match (compliance officers); a dismissal needs a reason",
        request=api.MatchDecisionSerializer,
        responses={200: api.ScreeningMatchSerializer, 400: OpenApiTypes.OBJECT, **errors(403, 404)},
    )
    def post(self, request: ApiRequest, assessment_id: int, match_id: int) -> Response:
        assessment = self.editable_assessment()
        match = get_object_or_404(
            ScreeningMatch.objects.select_related("partner", "entity__screening_list"),
            pk=match_id,
            partner__assessment=assessment,
        )
        match.partner.assessment = assessment
        given = api.MatchDecisionSerializer(data=request.data)
        given.is_valid(raise_exception=True)
        try:
            decided = partner_services.match_decide(match=match, user=request.user, **given.validated_data)
        except ValidationError as error:
            raise serializers.ValidationError({"detail": error.messages}) from None
        return Response(api.ScreeningMatchSerializer(decided).data)


class MoveView(ApiView):
    """A workflow move as a POST action, with the checks and the record the review pages make."""

    serializer_class = api.MoveSerializer
    move_name = ""

    def post(self, request: ApiRequest, assessment_id: int) -> Response:
        assessment = self.assessment()
        self.require_role(MOVES[self.move_name].role)
        given = api.MoveSerializer(data=request.data)
        given.is_valid(raise_exception=True)
        try:
            record = workflow.transition_apply(
                assessment=assessment,
                move_name=self.move_name,
                membership=request.membership,
                note=given.validated_data["note"],
            )
        except workflow.TransitionRefused as refusal:
            return Response({"detail": refusal.message}, status=status.HTTP_409_CONFLICT)
        return Response({"status": record.to_status, "note": record.note})


def move_schema(summary: str, description: str) -> Callable[[Handler], Handler]:
    return extend_schema(
        summary=summary,
        description=description,
        request=api.MoveSerializer,
        responses={
            200: api.TransitionSerializer,
            400: OpenApiTypes.OBJECT,
            409: api.ErrorSerializer,
            **errors(403, 404),
        },
    )


class Submit(MoveView):
    move_name = "submit"

    @move_schema(
        "Submit for audit review (compliance officers)",
        "Refused (409) while a required answer is missing, a decision is open or a review comment is unanswered.",
    )
    def post(self, request: ApiRequest, assessment_id: int) -> Response:
        return super().post(request, assessment_id)


class RequestChanges(MoveView):
    move_name = "request_changes"

    @move_schema("Send back for changes (auditors)", "Refused (409) unless a comment says what must change.")
    def post(self, request: ApiRequest, assessment_id: int) -> Response:
        return super().post(request, assessment_id)


class Approve(MoveView):
    move_name = "approve"

    @move_schema("Approve the assessment (auditors)", "Refused (409) unless the assessment is under review.")
    def post(self, request: ApiRequest, assessment_id: int) -> Response:
        return super().post(request, assessment_id)


class Publish(ApiView):
    serializer_class = api.PublishSerializer

    @extend_schema(
        summary="Sign off and publish (managers)",
        description="Checked as the publish page checks it (a UK Modern Slavery Act statement needs the board's "
        "approval date and a director). Both reports are queued for rendering (202); the assessment is published "
        "once the worker has rendered them, and the reports then appear under /reports/.",
        request=api.PublishSerializer,
        responses={
            202: api.RenderJobSerializer,
            400: OpenApiTypes.OBJECT,
            409: api.ErrorSerializer,
            **errors(403, 404),
        },
    )
    def post(self, request: ApiRequest, assessment_id: int) -> Response:
        assessment = self.assessment()
        self.require_role(MOVES["publish"].role)
        try:
            report_services.publication_check(assessment=assessment, membership=request.membership)
        except report_services.PublishRefused as refusal:
            return Response({"detail": str(refusal)}, status=status.HTTP_409_CONFLICT)
        given = api.PublishSerializer(data=request.data)
        given.is_valid(raise_exception=True)
        data = {key: "" if value is None else value for key, value in given.validated_data.items()}
        variant = data.pop("variant")
        data["variants"] = data["variants"] or [variant]
        form = SignoffForm({**data, "confirm": "on" if data.pop("confirm") else ""})
        if not form.is_valid():
            raise serializers.ValidationError(
                {name: [str(message) for message in messages] for name, messages in form.errors.items()}
            )
        job = report_tasks.render_job_request(
            assessment=assessment, user=request.user, purpose=Purpose.PUBLISH, signoff=form.signoff()
        )
        return Response(
            {
                "job": job.pk,
                "status": job.status,
                "detail": "Both reports are queued; the assessment is published once they are rendered.",
            },
            status=status.HTTP_202_ACCEPTED,
        )


class PublishedReportList(ApiView):
    serializer_class = api.PublishedReportSerializer
    pagination_class = None

    @extend_schema(
        summary="The published reports of this revision: metadata, SHA-256 and download link",
        responses={200: api.PublishedReportSerializer(many=True), **errors(404)},
    )
    def get(self, request: ApiRequest, assessment_id: int) -> Response:
        reports = PublishedReport.objects.filter(assessment=self.assessment())
        return Response(api.PublishedReportSerializer(reports, many=True, context={"request": request}).data)


class PublishedReportPdf(ApiView):
    pagination_class = None

    @extend_schema(
        summary="Download a published report's PDF, byte for byte as published",
        parameters=[
            OpenApiParameter("kind", str, OpenApiParameter.PATH, enum=Kind.values),
            OpenApiParameter(
                "variant",
                str,
                OpenApiParameter.QUERY,
                enum=Variant.values,
                required=False,
                description="The public report's form; the first published (UNGPRF when it is) by default",
            ),
        ],
        responses={(200, "application/pdf"): OpenApiTypes.BINARY, **errors(403, 404)},
    )
    def get(self, request: ApiRequest, assessment_id: int, kind: str) -> FileResponse:
        assessment = self.assessment()
        if kind not in Kind.values:
            raise Http404("No such report.")
        check_pdf_role(request.membership, kind)
        variant = request.query_params.get("variant", "")
        reports = sorted(
            PublishedReport.objects.filter(assessment=assessment, kind=kind),
            key=lambda report: Variant.values.index(report.variant),
        )
        report = next((r for r in reports if r.variant == variant), None) if variant else next(iter(reports), None)
        if report is None:
            raise Http404("No such published report.")
        log_if_internal(request._request, assessment, kind, "Published PDF, through the API")
        response = FileResponse(
            report.pdf.open("rb"),
            as_attachment=True,
            filename=f"{kind}-report-r{assessment.revision}.pdf",
            content_type="application/pdf",
        )
        response["X-Content-Type-Options"] = "nosniff"
        return response
