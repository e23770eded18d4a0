from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from duediligence.lib.widgets import DatePicker
from duediligence.questionnaires.fields import form_field
from duediligence.questionnaires.models import Question, Questionnaire, QuestionType, in_language

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


class CodeForm(forms.Form):
    code = forms.CharField(label=_("Six-digit code from the email"), max_length=12)


class DeclineForm(forms.Form):
    reason = forms.CharField(
        label=_("Why do you decline?"), max_length=TEXT_LIMIT, widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("Say why you decline.")},
    )  # fmt: skip


def answers_form(
    questions: list[Question], answers: dict, language: str, data: Mapping[str, Any] | None = None
) -> forms.Form:
    """A form of the shown questions, worded in the respondent's language."""
    form = forms.Form(data, prefix="q")
    for question in questions:
        field = form_field(question)
        field.label = in_language(question, "label", language)
        field.help_text = in_language(question, "help", language)
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


def stored_values(form: forms.Form, questions: list[Question]) -> dict[str, Any]:
    from duediligence.questionnaires.fields import to_stored

    return {question.key: to_stored(question, form.cleaned_data.get(question.key)) for question in questions}
