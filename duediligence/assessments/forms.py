from __future__ import annotations

from typing import Any

from django import forms
from django.http import QueryDict

from duediligence.assessments.evidence import check_upload
from duediligence.assessments.models import Assessment
from duediligence.lib.parsing import version_number
from duediligence.lib.widgets import DatePicker
from duediligence.questionnaires.fields import form_field, to_initial, to_stored
from duediligence.questionnaires.models import Question, QuestionType


class AssessmentForm(forms.ModelForm):
    class Meta:
        model = Assessment
        fields = ["title", "country", "region", "scope", "period_start", "period_end"]
        widgets = {
            "period_start": DatePicker(),
            "period_end": DatePicker(),
            "scope": forms.Textarea(attrs={"rows": 3}),
        }
        help_texts = {
            "title": "For example: Human rights due diligence, Xinjiang operations 2026.",
            "region": "The province or autonomous region, if the assessment covers one part of the country.",
        }

    def clean(self) -> dict[str, Any]:
        super().clean()
        cleaned = self.cleaned_data
        start, end = cleaned.get("period_start"), cleaned.get("period_end")
        if start and end and end < start:
            self.add_error("period_end", "The end of the reporting period must be on or after its start.")
        return cleaned


GROUP_TYPES = (QuestionType.YES_NO, QuestionType.SINGLE_CHOICE, QuestionType.MULTIPLE_CHOICE, QuestionType.SCALE)


class SectionForm(forms.Form):
    """The questions of one section, each a field named by its question key.

    Each field also carries a hidden `version__<key>`: the answer's version when the page was drawn, which
    the save compares with the database to detect that someone else changed the answer meanwhile.
    """

    def __init__(
        self, *args: Any, questions: list[Question], values: dict[str, Any], versions: dict[str, int], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.questions = questions
        self.evidence_questions = [question for question in questions if question.type == QuestionType.EVIDENCE]
        for question in questions:
            if question.type != QuestionType.EVIDENCE:
                self.fields[question.key] = form_field(question)
                self.initial[question.key] = to_initial(question, values.get(question.key))
            else:
                self.fields[question.key] = form_field(question)
            widget = self.fields[question.key].widget
            if question.type not in GROUP_TYPES:
                widget.attrs["class"] = "form-control"
            if question.help:
                widget.attrs["aria-describedby"] = f"help-{question.key}"
            self.fields[f"version__{question.key}"] = forms.IntegerField(
                widget=forms.HiddenInput, required=False, initial=versions.get(question.key, 0)
            )

    def full_clean(self) -> None:
        super().full_clean()
        for key in self.errors:
            if key in self.fields:
                attrs = self.fields[key].widget.attrs
                attrs["aria-invalid"] = "true"
                attrs["aria-describedby"] = f"{attrs.get('aria-describedby', '')} error-{key}".strip()
                attrs["class"] = f"{attrs.get('class', '')} is-invalid".strip()

    def clean(self) -> dict[str, Any]:
        super().clean()
        cleaned = self.cleaned_data
        for question in self.evidence_questions:
            files = self.files.getlist(question.key) if self.files else []
            checked = []
            for upload in files:
                try:
                    checked.append(check_upload(upload))
                except forms.ValidationError as error:
                    self.add_error(question.key, error)
            cleaned[f"uploads__{question.key}"] = checked
        return cleaned

    def answer_values(self) -> dict[str, Any]:
        """The stored values of the valid, non-file fields (all of them after is_valid())."""
        cleaned = getattr(self, "cleaned_data", {})
        return {
            question.key: to_stored(question, cleaned[question.key])
            for question in self.questions
            if question.type != QuestionType.EVIDENCE and question.key in cleaned
        }

    def base_versions(self) -> dict[str, int]:
        versions = {}
        for question in self.questions:
            raw = self.data.get(f"version__{question.key}", "0")
            # A version that is none (too long, not digits) reads as "never saved": a conflict if there is one.
            versions[question.key] = version_number(raw) or 0
        return versions

    def uploads(self) -> dict[str, list]:
        cleaned = getattr(self, "cleaned_data", {})
        return {
            question.key: cleaned[f"uploads__{question.key}"]
            for question in self.evidence_questions
            if cleaned.get(f"uploads__{question.key}")
        }

    def removals(self) -> dict[str, list[str]]:
        data = self.data
        assert isinstance(data, QueryDict), "a section form is bound to POST data"
        return {
            question.key: data.getlist(f"remove__{question.key}")
            for question in self.evidence_questions
            if data.getlist(f"remove__{question.key}")
        }
