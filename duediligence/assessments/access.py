"""The one way views fetch an assessment: visible to the member, else 404; editable by them, else 403."""

from typing import Protocol, TypeVar, cast

from django.core.exceptions import PermissionDenied
from django.db.models import Model
from django.shortcuts import get_object_or_404

from duediligence.accounts.models import Membership
from duediligence.assessments import workflow
from duediligence.assessments.models import Assessment
from duediligence.questionnaires.structure import questionnaire_of_version


class ActingMember(Protocol):
    """What these functions need of a request: the membership it acts under (a page's, or an API token's)."""

    membership: Membership


# A model whose rows belong to one assessment (through a foreign key named `assessment`).
Child = TypeVar("Child", bound=Model)


class OfAnAssessment(Protocol):
    """What assessment_child_for_user sets on the row it found: the assessment it already loaded."""

    assessment: Assessment


def assessment_for_user(request: ActingMember, assessment_id: int) -> Assessment:
    """An assessment the active membership may see; any other id answers 404, so ids leak nothing."""
    membership = request.membership
    assessment = get_object_or_404(Assessment.objects.visible_to(membership), pk=assessment_id)
    # No joins: visible_to holds it to the member's organisation, already loaded with the membership, and the
    # questionnaire version never changes, so each process reads it once.
    assessment.organisation = membership.organisation
    assessment.questionnaire = questionnaire_of_version(assessment.questionnaire_id)
    return assessment


def assessment_child_for_user(
    request: ActingMember, assessment_id: int, model: type[Child], object_id: int, *, for_edit: bool
) -> Child:
    """A row of `model` (a risk, audit, partner...) that belongs to an assessment the member may see.

    Another assessment's or organisation's id answers 404; `for_edit` adds the officer-and-editable check. The
    loaded assessment is attached, so callers do not fetch it twice.
    """
    loader = editable_assessment_for_user if for_edit else assessment_for_user
    assessment = loader(request, assessment_id)
    found = get_object_or_404(model, pk=object_id, assessment=assessment)
    cast(OfAnAssessment, found).assessment = assessment
    return found


def editable_assessment_for_user(request: ActingMember, assessment_id: int) -> Assessment:
    """As assessment_for_user, and the member is a compliance officer and the assessment is open for editing."""
    assessment = assessment_for_user(request, assessment_id)
    if not request.membership.is_officer:
        raise PermissionDenied("Only compliance officers change answers.")
    if not workflow.is_editable(assessment):
        raise PermissionDenied(
            f"This assessment is {assessment.get_status_display().lower()}: answers can no longer be changed."
        )
    return assessment
