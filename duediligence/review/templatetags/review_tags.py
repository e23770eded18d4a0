from typing import Any

from django import template

from duediligence.assessments.models import Assessment
from duediligence.assessments.workflow import can_edit
from duediligence.review.readiness import open_decision_count

register = template.Library()


@register.filter
def get_list(mapping: dict, key: str) -> list:
    """mapping[key], or an empty list: comments of one question."""
    return mapping.get(key, []) if mapping else []


@register.inclusion_tag("review/includes/open_decisions_link.html", takes_context=True)
def open_decisions_link(context: dict[str, Any], assessment: Assessment) -> dict[str, Any]:
    """On every page of an assessment the officer can still edit: how many decisions stand between it and
    submission, linked to the list of them (the check page), so resolving one leads back to the next."""
    request = context.get("request")
    membership = getattr(request, "membership", None)
    if not can_edit(assessment, membership):
        return {"count": 0}
    return {"count": open_decision_count(assessment), "assessment": assessment}
