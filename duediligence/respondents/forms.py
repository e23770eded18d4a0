from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from duediligence.lib.translations import translated
from duediligence.lib.widgets import DatePicker
from duediligence.partners.models import Category, Partner
from duediligence.questionnaires.fields import form_field
from duediligence.questionnaires.models import Question, Questionnaire, QuestionType

TEXT_LIMIT = 10_000


class InviteForm(forms.Form):
    questionnaire: forms.ModelChoiceField = forms.ModelChoiceField(
        queryset=Questionnaire.objects.none(), label="Questionnaire to send", empty_label=None
    )
    email = forms.EmailField(label="Contact email", required=False, help_text="Needed when inviting one partner.")
    due_on = forms.DateField(label="Answers due by", widget=DatePicker())
    message = forms.CharField(
        label="Message to the partner (optional)",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args: Any, questionnaires: QuerySet[Questionnaire], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["questionnaire"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = questionnaires
        self.fields["due_on"].initial = datetime.date.today() + datetime.timedelta(days=30)


# The questionnaire an invitation offers first, by the partner's category: suppliers are asked about labour and
# inputs, those who sell on, use or research with the technology about end use and data. Any may still be chosen.
QUESTIONNAIRE_BY_CATEGORY: dict[str, str] = {
    Category.SUPPLIER: "partner-supplier",
    Category.JOINT_VENTURE: "partner-supplier",
    Category.XPCC: "partner-supplier",
    Category.DISTRIBUTOR: "partner-technology",
    Category.CUSTOMER: "partner-technology",
    Category.RESEARCH: "partner-technology",
    Category.GOVERNMENT: "partner-technology",
    Category.PSB: "partner-technology",
    Category.PSB_LAB: "partner-technology",
}


def questionnaire_for(partner: Partner, questionnaires: QuerySet[Questionnaire]) -> Questionnaire | None:
    slug = QUESTIONNAIRE_BY_CATEGORY.get(partner.category)
    return next((questionnaire for questionnaire in questionnaires if questionnaire.slug == slug), None)


class CodeForm(forms.Form):
    code = forms.CharField(
        label=_("Six-digit code from the email"),
        max_length=12,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "one-time-code", "dir": "ltr"}),
        error_messages={
            "required": _("Enter the six-digit code from the email."),
            "max_length": _("The code has six digits: enter only those."),
        },
    )


class DeclineForm(forms.Form):
    reason = forms.CharField(
        label=_("Why do you decline?"), max_length=TEXT_LIMIT, widget=forms.Textarea(attrs={"rows": 3, "dir": "auto"}),
        error_messages={
            "required": _("Say why you decline."),
            "max_length": _("This text can be at most %(limit_value)d characters long; it has %(show_value)d."),
        },
    )  # fmt: skip


# Our own message for every error an answer can have, in the respondent's language: never Django's generic ones. The
# error summary names the question above each.
ANSWER_MESSAGES: dict[str, Any] = {
    "required": _("Answer this question."),
    "invalid_choice": _("Choose one of the answers given."),
    "invalid_list": _("Choose one or more of the answers given."),
    "invalid": _("Enter a number such as 120 or 2.5."),
    "min_value": _("Enter a number of at least %(limit_value)s."),
    "max_value": _("Enter a number of at most %(limit_value)s."),
    "max_digits": _("Enter a number of at most %(max)s digits."),
    "max_decimal_places": _("Enter a number with at most %(max)s digits after the decimal point."),
    "max_whole_digits": _("Enter a number of at most %(max)s digits before the decimal point."),
    "step_size": _("Enter a number in steps of %(limit_value)s."),
    "max_length": _("This text can be at most %(limit_value)d characters long; it has %(show_value)d."),
}
DATE_MESSAGES = {**ANSWER_MESSAGES, "invalid": _("Enter a date such as 2026-06-30.")}


def condition_text(question: Question, by_key: Mapping[str, Question], language: str) -> str:
    """When a follow-up applies, in the respondent's words: every question is on the page from the start (no
    script needed), and a follow-up says which answer asks for it."""
    condition = question.show_if or {}
    asked = by_key.get(condition.get("question", ""))
    if asked is None or "equals" not in condition:
        return str(_("Answer this only if it applies to you."))
    value = condition["equals"]
    if asked.type == QuestionType.YES_NO:
        answer = str(_("Yes")) if value == "yes" else str(_("No"))
    else:
        answer = asked.choice_labels_in(language).get(value, str(value))
    return str(_("Answer this if your answer to “%(question)s” is “%(answer)s”.")) % {
        "question": translated(asked, "label", language),
        "answer": answer,
    }


def answers_form(
    questions: list[Question], answers: dict, language: str, data: Mapping[str, Any] | None = None
) -> forms.Form:
    """A form of every question, worded in the respondent's language: follow-ups say when they apply, optional
    questions say they are optional. Which answers are required is decided once they are saved (services)."""
    form = forms.Form(data, prefix="q")
    by_key = {question.key: question for question in questions}
    for question in questions:
        field = form_field(question)
        field.error_messages.update(DATE_MESSAGES if question.type == QuestionType.DATE else ANSWER_MESSAGES)
        field.label = translated(question, "label", language)
        if not question.required:
            field.label = str(_("%(label)s (optional)")) % {"label": field.label}
        if question.type in (QuestionType.SHORT_TEXT, QuestionType.LONG_TEXT):
            field.widget.attrs["dir"] = "auto"
        help_text = translated(question, "help", language)
        if question.show_if:
            help_text = " ".join(part for part in (condition_text(question, by_key, language), help_text) if part)
        field.help_text = help_text
        if question.type == QuestionType.YES_NO:
            field.choices = [("yes", _("Yes")), ("no", _("No"))]  # type: ignore[attr-defined]
        elif question.type in (QuestionType.SINGLE_CHOICE, QuestionType.MULTIPLE_CHOICE):
            labels = question.choice_labels_in(language)
            field.choices = [(value, label) for value, label in labels.items()]  # type: ignore[attr-defined]
        form.fields[question.key] = field
        value = answers.get(question.key)
        if value is not None:
            form.initial[question.key] = value
    return form


def error_links(form: forms.Form, questions: list[Question], language: str) -> list[tuple[str, str]]:
    """(label, the id of the input to jump to) for each question named in an error summary: a radio group's
    first button, or the input itself (a number or a text has no "_0")."""
    links = []
    for question in questions:
        anchor = ""
        if question.key in form.fields:
            bound = form[question.key]
            # Django gives a group of radio buttons or boxes no label id of its own: its first input has "_0".
            grouped = isinstance(bound.field.widget, forms.RadioSelect | forms.CheckboxSelectMultiple)
            anchor = f"{bound.auto_id}_0" if grouped else bound.id_for_label
        links.append((translated(question, "label", language), anchor))
    return links


def stored_values(form: forms.Form, questions: list[Question]) -> dict[str, Any]:
    from duediligence.questionnaires.fields import to_stored

    return {question.key: to_stored(question, form.cleaned_data.get(question.key)) for question in questions}
