from __future__ import annotations

import datetime
from typing import Any

from django import forms
from django.conf import settings

from duediligence.assessments.models import Assessment
from duediligence.engagement.models import Engagement, InformationRequest, RequestStatus
from duediligence.lib.widgets import DatePicker
from duediligence.risks.models import Risk


class EngagementForm(forms.ModelForm):
    risks: forms.ModelMultipleChoiceField = forms.ModelMultipleChoiceField(
        label="Risks it concerned",
        queryset=Risk.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="The risks of this assessment the engagement was about.",
    )

    class Meta:
        model = Engagement
        fields = ["held_on", "group", "method", "participants", "safety", "protection", "topics", "outcome"]
        widgets = {
            "held_on": DatePicker(),
            "protection": forms.Textarea(attrs={"rows": 2}),
            "topics": forms.Textarea(attrs={"rows": 3}),
            "outcome": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args: Any, assessment: Assessment, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        risks = self.fields["risks"]
        assert isinstance(risks, forms.ModelMultipleChoiceField)
        risks.queryset = assessment.risks.order_by("title")
        if self.instance.pk:
            self.initial["risks"] = [link.risk_id for link in self.instance.risk_links.all()]


class InformationRequestForm(forms.ModelForm):
    class Meta:
        model = InformationRequest
        fields = ["received_on", "requester_kind", "requester", "topic", "due_on", "status", "closed_on", "summary"]
        widgets = {
            "received_on": DatePicker(),
            "due_on": DatePicker(),
            "closed_on": DatePicker(),
            "topic": forms.Textarea(attrs={"rows": 2}),
            "summary": forms.Textarea(attrs={"rows": 3}),
        }
        help_texts = {
            "due_on": f"Left empty, it is {settings.INFORMATION_REQUEST_RESPONSE_DAYS} days after receipt.",
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["due_on"].required = False

    def clean(self) -> dict[str, Any]:
        super().clean()
        cleaned = self.cleaned_data
        received = cleaned.get("received_on")
        if received and not cleaned.get("due_on"):
            cleaned["due_on"] = received + datetime.timedelta(days=settings.INFORMATION_REQUEST_RESPONSE_DAYS)
        if received and cleaned.get("due_on") and cleaned["due_on"] < received:
            self.add_error("due_on", "The due date cannot be before the request was received.")
        status = cleaned.get("status")
        if status in (RequestStatus.ANSWERED, RequestStatus.DECLINED):
            if not cleaned.get("closed_on"):
                self.add_error("closed_on", "Give the date it was answered or declined.")
            elif received and cleaned["closed_on"] < received:
                self.add_error("closed_on", "It cannot be closed before it was received.")
            if not (cleaned.get("summary") or "").strip():
                word = "answer" if status == RequestStatus.ANSWERED else "reason for declining"
                self.add_error("summary", f"Summarise the {word}.")
        elif status == RequestStatus.OPEN:
            cleaned["closed_on"] = None
        return cleaned
