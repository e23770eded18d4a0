from django import template

from duediligence.questionnaires.fields import display

register = template.Library()


@register.simple_tag
def answer_text(question, value, evidence_names=None) -> str:
    """An answer value as readable text; a dash for no answer."""
    return display(question, value, evidence_names) or "—"
