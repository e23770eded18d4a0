from __future__ import annotations

from typing import Any

from django import forms

from duediligence.assessments.evidence import check_upload
from duediligence.assessments.models import Assessment
from duediligence.audits.models import Audit, CorrectiveAction, Finding, Method, Restriction
from duediligence.lib.widgets import DatePicker


class AuditForm(forms.ModelForm):
    methods = forms.MultipleChoiceField(
        label="Methods",
        choices=Method.choices,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "Choose at least one method the auditor used."},
    )
    restrictions = forms.MultipleChoiceField(
        label="Restrictions on access the auditor met",
        choices=Restriction.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text="Record every restriction; they limit what the audit can show (UNGP 18, UNGP 21).",
    )
    report = forms.FileField(
        label="Audit report", required=False, help_text="PDF, Word or text; at most 20 MB. Replaces any earlier file."
    )

    class Meta:
        model = Audit
        fields = [
            "firm",
            "lead_auditor",
            "independence",
            "methods",
            "started_on",
            "ended_on",
            "scope_sites",
            "scope_suppliers",
            "scope_products",
            "restrictions",
            "restrictions_detail",
        ]
        widgets = {
            "started_on": DatePicker(),
            "ended_on": DatePicker(),
            "independence": forms.Textarea(attrs={"rows": 3}),
            "scope_sites": forms.Textarea(attrs={"rows": 2}),
            "scope_suppliers": forms.Textarea(attrs={"rows": 2}),
            "scope_products": forms.Textarea(attrs={"rows": 2}),
            "restrictions_detail": forms.Textarea(attrs={"rows": 3}),
        }

    def clean(self) -> dict[str, Any]:
        super().clean()
        cleaned = self.cleaned_data
        start, end = cleaned.get("started_on"), cleaned.get("ended_on")
        if start and end and end < start:
            self.add_error("ended_on", "The audit cannot end before it started.")
        if cleaned.get("restrictions") and not (cleaned.get("restrictions_detail") or "").strip():
            self.add_error(
                "restrictions_detail", "Describe the restrictions you ticked: who imposed them and their effect."
            )
        upload = cleaned.get("report")
        if upload:
            try:
                cleaned["checked_report"] = check_upload(upload)
            except forms.ValidationError as error:
                self.add_error("report", error)
        return cleaned


class FindingForm(forms.ModelForm):
    class Meta:
        model = Finding
        fields = ["severity", "description", "risk"]
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args: Any, assessment: Assessment, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Only risks of this assessment can be linked: a foreign id is simply not a valid choice.
        risk_field = self.fields["risk"]
        assert isinstance(risk_field, forms.ModelChoiceField)
        risk_field.queryset = assessment.risks.all()
        self.fields["risk"].required = False


class CorrectiveActionForm(forms.ModelForm):
    class Meta:
        model = CorrectiveAction
        fields = ["description", "owner", "due_date", "status", "completion_evidence"]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 2}),
            "due_date": DatePicker(),
            "completion_evidence": forms.Textarea(attrs={"rows": 2}),
        }

    def clean(self) -> dict[str, Any]:
        super().clean()
        cleaned = self.cleaned_data
        if cleaned.get("status") == "done" and not (cleaned.get("completion_evidence") or "").strip():
            self.add_error("completion_evidence", "Say what shows the action is done before marking it done.")
        return cleaned
