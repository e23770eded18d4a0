"""What the API reads and writes. Serializers only shape data: every write goes through the apps' services."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from rest_framework import serializers

from duediligence.accounts.models import Membership
from duediligence.assessments.models import Assessment
from duediligence.audits.models import Audit, CorrectiveAction, Finding
from duediligence.partners.cleaning import COLUMNS
from duediligence.partners.models import MatchStatus, Partner, ScreeningMatch
from duediligence.questionnaires.models import QuestionType
from duediligence.reports.models import PublishedReport, Variant
from duediligence.risks.models import MitigationAction, Risk


class ErrorSerializer(serializers.Serializer):
    detail = serializers.CharField()


class MembershipSerializer(serializers.ModelSerializer):
    organisation_id = serializers.IntegerField(read_only=True)
    organisation = serializers.CharField(source="organisation.name", read_only=True)
    slug = serializers.CharField(source="organisation.slug", read_only=True)
    token_acts_here = serializers.SerializerMethodField()

    class Meta:
        model = Membership
        fields = ["organisation_id", "organisation", "slug", "role", "token_acts_here"]

    def get_token_acts_here(self, membership: Membership) -> bool:
        return membership.pk == self.context["request"].membership.pk


class AssessmentSerializer(serializers.ModelSerializer):
    questions_total = serializers.IntegerField(read_only=True)
    answers_given = serializers.IntegerField(read_only=True)

    class Meta:
        model = Assessment
        fields = [
            "id", "title", "country", "region", "scope", "period_start", "period_end", "status", "revision",
            "questions_total", "answers_given", "created_at", "updated_at",
        ]  # fmt: skip
        read_only_fields = ["id", "status", "revision", "created_at", "updated_at"]


class AssessmentCreateSerializer(serializers.Serializer):
    title = serializers.CharField(max_length=200)
    country = serializers.CharField(max_length=100)
    region = serializers.CharField(max_length=100, required=False, default="", allow_blank=True)
    scope = serializers.CharField(max_length=5000, required=False, default="", allow_blank=True)
    period_start = serializers.DateField()
    period_end = serializers.DateField()

    def validate(self, data: dict[str, Any]) -> dict[str, Any]:
        if data["period_end"] < data["period_start"]:
            raise serializers.ValidationError(
                {"period_end": "The end of the reporting period must be on or after its start."}
            )
        return data


class AnswerSerializer(serializers.Serializer):
    """A question of the assessment's questionnaire with its answer; version 0 and value null when unanswered."""

    question = serializers.CharField(help_text="The question's key")
    # DRF's metaclass takes declared fields off the class, so "label" does not shadow Field.label at run time.
    label = serializers.CharField()  # type: ignore[assignment]
    type = serializers.ChoiceField(choices=QuestionType.choices)
    value = serializers.JSONField(allow_null=True)
    version = serializers.IntegerField(help_text="Send it back in If-Match to change the answer")
    updated_at = serializers.DateTimeField(allow_null=True)
    updated_by = serializers.EmailField(allow_null=True)


class AnswerWriteSerializer(serializers.Serializer):
    value = serializers.JSONField(allow_null=True, help_text="As stored: see the question's type.")


class AnswerConflictSerializer(serializers.Serializer):
    detail = serializers.CharField()
    value = serializers.JSONField(allow_null=True)
    version = serializers.IntegerField()


class MitigationActionSerializer(serializers.ModelSerializer):
    class Meta:
        model = MitigationAction
        fields = ["id", "description", "owner", "due_date", "status", "updated_at"]


class RiskSerializer(serializers.ModelSerializer):
    actions = MitigationActionSerializer(many=True, read_only=True)
    severity = serializers.IntegerField(
        read_only=True, help_text="The gross severity, from scale, scope and irremediability."
    )
    salience = serializers.IntegerField(read_only=True)
    salience_band = serializers.CharField(read_only=True)

    class Meta:
        model = Risk
        fields = [
            "id", "uid", "title", "category", "rights_affected", "people_affected", "involvement", "impact",
            "scale", "scope", "irremediability", "likelihood", "residual_severity", "residual_likelihood",
            "severity", "salience", "salience_band", "scores_lowered_reason", "actions", "updated_at",
        ]  # fmt: skip


class CorrectiveActionSerializer(serializers.ModelSerializer):
    class Meta:
        model = CorrectiveAction
        fields = ["id", "description", "owner", "due_date", "status", "completion_evidence"]


class FindingSerializer(serializers.ModelSerializer):
    actions = CorrectiveActionSerializer(many=True, read_only=True)

    class Meta:
        model = Finding
        fields = ["id", "severity", "description", "risk", "actions"]


class AuditSerializer(serializers.ModelSerializer):
    findings = FindingSerializer(many=True, read_only=True)

    class Meta:
        model = Audit
        fields = [
            "id", "firm", "lead_auditor", "independence", "methods", "started_on", "ended_on", "restrictions",
            "restrictions_detail", "report_name", "report_sha256", "findings", "updated_at",
        ]  # fmt: skip


class PartnerSerializer(serializers.ModelSerializer):
    class Meta:
        model = Partner
        fields = ["id", "uid", *COLUMNS, "updated_at"]


class PartnerItemSerializer(serializers.ModelSerializer):
    """One partner in a bulk upsert: the partner's fields, checked by the same rules as the partner form and the
    CSV import."""

    since = serializers.CharField(required=False, allow_blank=True, help_text="2021-03-01 or 2021")

    class Meta:
        model = Partner
        fields = COLUMNS


class UpsertErrorSerializer(serializers.Serializer):
    pointer = serializers.CharField(help_text="JSON pointer into the request body, e.g. /3/category")
    message = serializers.CharField()


class UpsertRefusedSerializer(serializers.Serializer):
    detail = serializers.CharField()
    errors = UpsertErrorSerializer(  # type: ignore[assignment]  # a declared field, taken off the class by DRF
        many=True, required=False, help_text="Every problem found in the items; absent when the body is not JSON"
    )


class UpsertResultSerializer(serializers.Serializer):
    created = serializers.IntegerField()
    updated = serializers.IntegerField()
    partners_with_matches = serializers.IntegerField(help_text="Partners of the assessment with a possible match")


class ScreeningMatchSerializer(serializers.ModelSerializer):
    partner = serializers.IntegerField(source="partner_id", read_only=True)
    partner_name = serializers.CharField(source="partner.name", read_only=True)
    listed_entity = serializers.CharField(source="entity.name", read_only=True)
    list = serializers.CharField(source="entity.screening_list.name", read_only=True)
    source = serializers.CharField(source="entity.source", read_only=True)  # type: ignore[assignment]  # as above
    decided_by = serializers.EmailField(source="decided_by.email", read_only=True, allow_null=True, default=None)
    score = serializers.FloatField(read_only=True)

    class Meta:
        model = ScreeningMatch
        fields = [
            "id", "partner", "partner_name", "listed_entity", "list", "source", "score", "exact", "matched_name",
            "explanation", "via_owner", "status", "reason", "decided_by", "decided_at",
        ]  # fmt: skip


class MatchDecisionSerializer(serializers.Serializer):
    decision = serializers.ChoiceField(choices=[MatchStatus.CONFIRMED, MatchStatus.DISMISSED])
    reason = serializers.CharField(max_length=5000, required=False, default="", allow_blank=True)


class MoveSerializer(serializers.Serializer):
    note = serializers.CharField(max_length=2000, required=False, default="", allow_blank=True)


class PublishSerializer(serializers.Serializer):
    signoff_name = serializers.CharField(max_length=200)
    signoff_role = serializers.CharField(max_length=200)
    signoff_date = serializers.DateField()
    variant = serializers.ChoiceField(
        choices=Variant.choices, default=Variant.UNGPRF, help_text="The public report's form, when one is published"
    )
    variants = serializers.ListField(
        child=serializers.ChoiceField(choices=Variant.choices),
        required=False,
        default=list,
        help_text="The public report's forms, each published as its own signed PDF (replaces `variant`)",
    )
    board_approved_on = serializers.DateField(required=False, allow_null=True, default=None)
    director_name = serializers.CharField(max_length=200, required=False, default="", allow_blank=True)
    board_members = serializers.CharField(
        required=False, default="", allow_blank=True, help_text="Norway account: each board member, one per line"
    )
    general_manager = serializers.CharField(max_length=200, required=False, default="", allow_blank=True)
    confirm = serializers.BooleanField(help_text="true: you have read both reports and approve their publication")


class TransitionSerializer(serializers.Serializer):
    status = serializers.CharField()
    note = serializers.CharField(allow_blank=True)


class RenderJobSerializer(serializers.Serializer):
    job = serializers.IntegerField()
    status = serializers.CharField()
    detail = serializers.CharField()


class PublishedReportSerializer(serializers.ModelSerializer):
    download = serializers.SerializerMethodField()

    class Meta:
        model = PublishedReport
        fields = [
            "kind", "variant", "pdf_sha256", "pdf_size", "html_sha256", "published_at", "signoff_name",
            "signoff_role", "signoff_date", "board_approved_on", "director_name", "board_members", "general_manager",
            "signing_certificate_sha256",
            "download",
        ]  # fmt: skip

    signing_certificate_sha256 = serializers.SerializerMethodField()

    def get_signing_certificate_sha256(self, report: PublishedReport) -> str:
        return report.signing_key.fingerprint_sha256 if report.signing_key else ""

    def get_download(self, report: PublishedReport) -> str:
        url = reverse("api:report_pdf", args=[report.assessment_id, report.kind])
        return self.context["request"].build_absolute_uri(f"{url}?variant={report.variant}")
