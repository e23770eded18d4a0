"""How each question type becomes a form field, a stored JSON value, and readable text.

Stored values are plain JSON: "yes"/"no", a choice value, a list of choice values, an integer 1-5, a number,
an ISO date, text, or a list of evidence tokens. Required-ness is not enforced here: an officer may save a
half-finished section and come back; completeness is checked on the overview and at submit.
"""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

from django import forms
from django.utils.formats import date_format

from duediligence.lib.limits import LONG_TEXT_MAX, SHORT_TEXT_MAX
from duediligence.lib.widgets import DatePicker
from duediligence.questionnaires.models import Question, QuestionType

YES_NO_CHOICES = [("yes", "Yes"), ("no", "No")]


def form_field(question: Question) -> forms.Field:
    common: dict[str, Any] = {"label": question.label, "required": False, "help_text": question.help}
    kind = question.type
    if kind == QuestionType.YES_NO:
        return forms.ChoiceField(choices=YES_NO_CHOICES, widget=forms.RadioSelect, **common)
    if kind == QuestionType.SINGLE_CHOICE:
        return forms.ChoiceField(choices=_choices(question), widget=forms.RadioSelect, **common)
    if kind == QuestionType.MULTIPLE_CHOICE:
        return forms.MultipleChoiceField(choices=_choices(question), widget=forms.CheckboxSelectMultiple, **common)
    if kind == QuestionType.SCALE:
        low, high = question.options["low"], question.options["high"]
        choices = [(str(n), f"{n}" + (f" – {low}" if n == 1 else f" – {high}" if n == 5 else "")) for n in range(1, 6)]
        return forms.TypedChoiceField(choices=choices, coerce=int, widget=forms.RadioSelect, **common)
    if kind == QuestionType.NUMBER:
        options = question.options
        return forms.DecimalField(
            min_value=options.get("min"),
            max_value=options.get("max"),
            max_digits=15,
            decimal_places=4,
            widget=forms.NumberInput(attrs={"step": "any", "inputmode": "decimal"}),
            **common,
        )
    if kind == QuestionType.DATE:
        return forms.DateField(widget=DatePicker(), **common)
    if kind == QuestionType.SHORT_TEXT:
        return forms.CharField(max_length=SHORT_TEXT_MAX, **common)
    if kind == QuestionType.LONG_TEXT:
        return forms.CharField(max_length=LONG_TEXT_MAX, widget=forms.Textarea(attrs={"rows": 5}), **common)
    if kind == QuestionType.EVIDENCE:
        return forms.FileField(**common)
    raise ValueError(f"unknown question type {kind!r}")


# The JSON types each question type's value may arrive as through the API (null always clears the answer).
JSON_TYPES: dict[str, tuple[type, ...]] = {
    QuestionType.YES_NO: (str,),
    QuestionType.SINGLE_CHOICE: (str,),
    QuestionType.MULTIPLE_CHOICE: (list,),
    QuestionType.SCALE: (int, str),
    QuestionType.NUMBER: (int, float, str),
    QuestionType.DATE: (str,),
    QuestionType.SHORT_TEXT: (str,),
    QuestionType.LONG_TEXT: (str,),
}


def clean_json(question: Question, value: Any) -> Any:
    """A value sent as JSON, checked by the same form field the page uses, as it would be stored.

    Raises forms.ValidationError with a message for the sender. Evidence is files, uploaded on the page.
    """
    if question.type == QuestionType.EVIDENCE:
        raise forms.ValidationError("Evidence files are uploaded on the assessment's page, not through the API.")
    if value is None:
        return None
    allowed = JSON_TYPES[question.type]
    if isinstance(value, bool) or not isinstance(value, allowed):
        names = {str: "text", list: "a list of choice values", int: "a whole number", float: "a number"}
        wanted = " or ".join(names[kind] for kind in allowed)
        raise forms.ValidationError(f"This question ({question.get_type_display().lower()}) takes {wanted}.")
    if isinstance(value, list) and not all(isinstance(item, str) for item in value):
        raise forms.ValidationError("Each choice is given by its value, as text.")
    field = form_field(question)
    return to_stored(question, field.clean(str(value) if question.type == QuestionType.SCALE else value))


def _choices(question: Question) -> list[tuple[str, str]]:
    return [(choice["value"], choice["label"]) for choice in question.choices]


def to_stored(question: Question, cleaned: Any) -> Any:
    """The JSON value to store for a cleaned form value; None for an empty answer."""
    if cleaned in (None, "", []):
        return None
    if isinstance(cleaned, Decimal):
        return int(cleaned) if cleaned == cleaned.to_integral_value() else float(cleaned)
    if isinstance(cleaned, datetime.date):
        return cleaned.isoformat()
    if isinstance(cleaned, str):
        return cleaned.strip() or None
    return cleaned


def to_initial(question: Question, value: Any) -> Any:
    if value is None:
        return None
    if question.type == QuestionType.SCALE:
        return str(value)
    return value


def display(question: Question, value: Any, evidence_names: dict[str, str] | None = None) -> str:
    """The answer as a reader should see it, e.g. on the check-your-answers page and in reports."""
    if value in (None, "", []):
        return ""
    kind = question.type
    if kind == QuestionType.YES_NO:
        return dict(YES_NO_CHOICES).get(value, str(value))
    if kind == QuestionType.SINGLE_CHOICE:
        return question.choice_labels.get(value, str(value))
    if kind == QuestionType.MULTIPLE_CHOICE:
        return "; ".join(question.choice_labels.get(item, str(item)) for item in value)
    if kind == QuestionType.SCALE:
        ends = {1: question.options.get("low"), 5: question.options.get("high")}
        return f"{value} of 5" + (f" ({ends[value]})" if ends.get(value) else "")
    if kind == QuestionType.NUMBER:
        unit = question.options.get("unit", "")
        return f"{value:,}{' ' + unit if unit else ''}"
    if kind == QuestionType.DATE:
        return date_format(datetime.date.fromisoformat(value), "j F Y")
    if kind == QuestionType.EVIDENCE:
        names = evidence_names or {}
        return "; ".join(names.get(token, "file") for token in value)
    return str(value)
