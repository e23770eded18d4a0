from typing import Any

from django import template

from duediligence.questionnaires.fields import display
from duediligence.questionnaires.models import Question

register = template.Library()


@register.simple_tag
def answer_text(question: Question, value: Any, evidence_names: dict[str, str] | None = None) -> str:
    """An answer value as readable text; a dash for no answer."""
    return display(question, value, evidence_names) or "—"
