from __future__ import annotations

import datetime
from typing import Any

from django import forms
from django.utils.formats import date_format

from duediligence.assessments.models import Assessment
from duediligence.lib.widgets import DatePicker
from duediligence.risks import scoring
from duediligence.risks.models import (
    ActionStatus,
    Impact,
    Indicator,
    IndicatorResult,
    MitigationAction,
    Remedy,
    RemedyKind,
    Risk,
)

SCORE_ERRORS = {
    "min_value": "Give a score from 1 to 5.",
    "max_value": "Give a score from 1 to 5.",
    "invalid": "Give a whole number from 1 to 5.",
}
SCORE_FIELDS = ["scale", "scope", "irremediability", "likelihood", "residual_severity", "residual_likelihood"]


class RiskForm(forms.ModelForm):
    class Meta:
        model = Risk
        fields = [
            "title",
            "category",
            "rights_affected",
            "people_affected",
            "scale",
            "scope",
            "irremediability",
            "likelihood",
            "impact",
            "involvement",
            "leverage",
            "crucial_relationship",
            "residual_severity",
            "residual_likelihood",
            "residual_reason",
            "scores_lowered_reason",
            "potential_reason",
        ]
        widgets = {
            "rights_affected": forms.Textarea(attrs={"rows": 2}),
            "people_affected": forms.Textarea(attrs={"rows": 2}),
            "impact": forms.RadioSelect,
            "residual_reason": forms.Textarea(attrs={"rows": 2}),
            "potential_reason": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args: Any, suggested: dict[str, int] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # The floor the answers suggested: from the suggestion being accepted, or kept on the risk since.
        self.suggested = suggested if suggested is not None else (self.instance.suggested_scores or {})
        if not self.suggested:
            del self.fields["scores_lowered_reason"]
        else:
            self.fields["scores_lowered_reason"].widget = forms.Textarea(attrs={"rows": 2})
        for name in SCORE_FIELDS:
            model_field = self.fields[name]
            self.fields[name] = forms.IntegerField(
                label=model_field.label,
                help_text=model_field.help_text,
                required=model_field.required,
                min_value=1,
                max_value=5,
                error_messages={
                    **SCORE_ERRORS,
                    "required": f"Give a {str(model_field.label).lower()} score from 1 to 5.",
                },
                widget=forms.NumberInput(attrs={"min": 1, "max": 5, "step": 1, "inputmode": "numeric"}),
            )

    def clean(self) -> dict[str, Any]:
        super().clean()
        cleaned = self.cleaned_data
        lowered = [
            name
            for name, floor in self.suggested.items()
            if isinstance(cleaned.get(name), int) and cleaned[name] < floor
        ]
        if lowered and not (cleaned.get("scores_lowered_reason") or "").strip():
            names = ", ".join(f"{name} ({cleaned[name]} for {self.suggested[name]} suggested)" for name in lowered)
            self.add_error(
                "scores_lowered_reason", f"Say why {names} {'is' if len(lowered) == 1 else 'are'} lower than suggested."
            )
        residual = [cleaned.get("residual_severity"), cleaned.get("residual_likelihood")]
        if any(value is not None for value in residual) and None in residual:
            self.add_error(
                "residual_likelihood" if residual[1] is None else "residual_severity",
                "Give both residual severity and residual likelihood, or neither.",
            )
        if cleaned.get("impact") == Impact.ACTUAL and isinstance(cleaned.get("likelihood"), int):
            # An actual harm is certain (UNGP 17: it is happening or has happened); the form says so rather than
            # refusing a likelihood the officer typed before choosing "actual".
            cleaned["likelihood"] = 5
        self._check_residual(cleaned)
        return cleaned

    def _check_residual(self, cleaned: dict[str, Any]) -> None:
        """Residual scores are earned: never above the gross ones, an actual harm keeps what cannot be undone, and
        a lower band needs a reason and a mitigation action already done."""
        names = ("scale", "scope", "irremediability", "likelihood", "residual_severity", "residual_likelihood")
        values = [value for name in names if isinstance(value := cleaned.get(name), int)]
        if len(values) != len(names):
            return
        scale, scope, irremediability, likelihood, residual_severity, residual_likelihood = values
        gross = scoring.severity(scale, scope, irremediability)
        if residual_severity > gross:
            self.add_error(
                "residual_severity",
                f"The residual severity cannot be above the severity before mitigation ({gross}): mitigation does "
                "not make a harm graver.",
            )
        if residual_likelihood > likelihood:
            self.add_error(
                "residual_likelihood", f"The residual likelihood cannot be above the likelihood ({likelihood})."
            )
        if cleaned.get("impact") == Impact.ACTUAL and residual_severity < irremediability:
            self.add_error(
                "residual_severity",
                f"An actual harm keeps its irremediability ({irremediability}): what cannot be undone is not undone "
                "by mitigation, so the residual severity is at least that.",
            )
        if self.errors.get("residual_severity") or self.errors.get("residual_likelihood"):
            return
        if not scoring.lowers_band(gross, likelihood, residual_severity, residual_likelihood):
            return
        if not (cleaned.get("residual_reason") or "").strip():
            self.add_error("residual_reason", "Say why the residual band is lower: what was done that lowers it.")
        done = self.instance.pk is not None and self.instance.actions.filter(status=ActionStatus.DONE).exists()
        if not done:
            self.add_error(
                "residual_severity",
                "The residual scores put the risk in a lower band, which needs at least one mitigation action "
                "done. Record the action as done first, or keep the residual band as high as the gross one.",
            )


class MitigationActionForm(forms.ModelForm):
    class Meta:
        model = MitigationAction
        fields = ["description", "owner", "due_date", "status"]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 2}),
            "due_date": DatePicker(),
        }

    def __init__(self, *args: Any, assessment: Assessment, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.assessment = assessment

    def clean_due_date(self) -> datetime.date | None:
        due = self.cleaned_data["due_date"]
        if due is None:
            return None  # required where the field is (the first action's form leaves it optional)
        start = self.assessment.period_start
        if due < start:
            raise forms.ValidationError(
                f"The due date must be on or after the start of the reporting period ({date_format(start, 'j F Y')})."
            )
        return due


class FirstActionForm(MitigationActionForm):
    """The first mitigation action, given on the risk's own form: a high or critical risk without one keeps the
    assessment from being submitted, so the step that creates such a risk offers to add it at once."""

    class Meta(MitigationActionForm.Meta):
        fields = ["description", "owner", "due_date"]
        labels = {
            "description": "First mitigation action (optional)",
            "owner": "Who is responsible for it",
            "due_date": "Due by",
        }
        help_texts = {
            "description": "A high or critical risk needs at least one mitigation action before the assessment can "
            "be submitted: add the first one here, or later from the risk's page.",
        }
        widgets = MitigationActionForm.Meta.widgets

    def __init__(self, *args: Any, assessment: Assessment, **kwargs: Any) -> None:
        super().__init__(*args, assessment=assessment, **kwargs)
        for field in self.fields.values():
            field.required = False

    @property
    def given(self) -> bool:
        return bool(self.is_bound and any((self.data.get(self.add_prefix(name)) or "").strip() for name in self.fields))

    def clean(self) -> dict[str, Any]:
        super().clean()
        cleaned = self.cleaned_data
        if self.given:
            for name, what in (
                ("description", "what will be done"),
                ("owner", "who is responsible"),
                ("due_date", "by when"),
            ):
                if not cleaned.get(name) and name not in self.errors:
                    self.add_error(name, f"Say {what}, or leave the first action empty.")
        return cleaned


class DismissForm(forms.Form):
    reason = forms.CharField(
        label="Why is this not a risk here?",
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": "Say why you dismiss the suggestion; auditors will read it."},
    )


class RemedyForm(forms.ModelForm):
    class Meta:
        model = Remedy
        fields = ["kind", "provided", "provided_on", "reason_none"]
        widgets = {
            "provided": forms.Textarea(attrs={"rows": 3}),
            "reason_none": forms.Textarea(attrs={"rows": 3}),
            "provided_on": DatePicker(),
        }

    def clean(self) -> dict[str, Any]:
        super().clean()
        cleaned = self.cleaned_data
        if cleaned.get("kind") == RemedyKind.NONE:
            if not (cleaned.get("reason_none") or "").strip():
                self.add_error("reason_none", "Say why no remedy was provided.")
            if (cleaned.get("provided") or "").strip():
                self.add_error("provided", "Leave this empty when no remedy was provided, or choose what was provided.")
        elif cleaned.get("kind"):
            if not (cleaned.get("provided") or "").strip():
                self.add_error("provided", "Say what was provided and for whom.")
            cleaned["reason_none"] = ""
        return cleaned


class IndicatorForm(forms.ModelForm):
    class Meta:
        model = Indicator
        fields = ["name", "kind", "unit", "baseline", "target", "higher_is_better", "source", "review_date"]
        widgets = {"review_date": DatePicker()}


class IndicatorResultForm(forms.ModelForm):
    class Meta:
        model = IndicatorResult
        fields = ["period_end", "value", "note"]
        widgets = {
            "period_end": DatePicker(),
            "note": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args: Any, indicator: Indicator, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.indicator = indicator

    def clean_period_end(self) -> datetime.date:
        period_end = self.cleaned_data["period_end"]
        clash = self.indicator.results.filter(period_end=period_end)
        if self.instance.pk:
            clash = clash.exclude(pk=self.instance.pk)
        if clash.exists():
            raise forms.ValidationError("A result for this period is already recorded; edit that one instead.")
        return period_end
