"""Writes to the engagement and request logs. Each checks that the assessment is still open for editing."""

from __future__ import annotations

from django.db import transaction

from duediligence.assessments.models import Assessment
from duediligence.assessments.services import lock_editable
from duediligence.engagement.models import Engagement, EngagementRisk, InformationRequest
from duediligence.risks.models import Risk


@transaction.atomic
def engagement_save(*, assessment: Assessment, engagement: Engagement, risks: list[Risk]) -> Engagement:
    locked = lock_editable(assessment)
    engagement.assessment = locked
    engagement.save()
    wanted = {risk.pk for risk in risks if risk.assessment_id == locked.pk}
    engagement.risk_links.exclude(risk_id__in=wanted).delete()
    have = set(engagement.risk_links.values_list("risk_id", flat=True))
    EngagementRisk.objects.bulk_create(
        [EngagementRisk(engagement=engagement, risk_id=risk_id) for risk_id in sorted(wanted - have)]
    )
    return engagement


@transaction.atomic
def request_save(*, assessment: Assessment, request: InformationRequest) -> InformationRequest:
    request.assessment = lock_editable(assessment)
    request.save()
    return request


@transaction.atomic
def item_delete(*, item: Engagement | InformationRequest, assessment: Assessment) -> None:
    lock_editable(assessment)
    item.delete()
