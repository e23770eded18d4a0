from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.db.models import Q

from duediligence.assessments.models import Assessment
from duediligence.lib.widgets import DatePicker
from duediligence.partners.cleaning import COLUMNS, partner_clean
from duediligence.partners.models import Category, Partner, PartnerQuerySet


class PartnerForm(forms.ModelForm):
    class Meta:
        model = Partner
        fields = COLUMNS
        widgets = {
            "since": DatePicker(),
            "relationship": forms.Textarea(attrs={"rows": 2}),
            "products": forms.Textarea(attrs={"rows": 2}),
        }
        help_texts = {
            "name_local": "As the partner writes it, e.g. in Chinese; it is screened too.",
            "withheld_reason": "Needed when the name is withheld; the public report counts withheld names by reason.",
            "owner": "Its parent company or main owner, in any script. Screened too: blocking sanctions reach "
            "companies owned 50% or more by a listed party.",
        }

    def __init__(self, *args: Any, assessment: Assessment, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.assessment = assessment

    def clean(self) -> dict[str, Any]:
        super().clean()
        cleaned = self.cleaned_data
        if self.errors:
            return cleaned  # each field's own problem first; the rules between fields once they are readable
        # The one door every partner takes (cleaning.partner_clean), with the form's typed values.
        values, errors = partner_clean({name: cleaned.get(name) for name in COLUMNS})
        for error in errors:
            self.add_error(error.field or None, error.message)
        if values is None:
            return cleaned
        cleaned.update({name: getattr(values, name) for name in COLUMNS})
        probe = values.apply(Partner())
        clash = self.assessment.partners.filter(name_norm=probe.name_norm, location_norm=probe.location_norm)
        if self.instance.pk:
            clash = clash.exclude(pk=self.instance.pk)
        if (existing := clash.first()) is not None:
            self.add_error("name", f"“{existing.name}” at the same location is already listed.")
        return cleaned


class PartnerFilterForm(forms.Form):
    q = forms.CharField(label="Search names", required=False, max_length=200)
    category = forms.ChoiceField(label="Category", required=False, choices=[("", "Any category"), *Category.choices])
    disclosure = forms.ChoiceField(
        label="Disclosure",
        required=False,
        choices=[("", "Disclosed or withheld"), ("disclosed", "Disclosed"), ("withheld", "Withheld")],
    )
    screening = forms.ChoiceField(
        label="Screening",
        required=False,
        choices=[
            ("", "Any result"),
            ("confirmed", "Confirmed match"),
            ("potential", "Potential match"),
            ("clear", "No open match"),
        ],
    )

    def chosen(self) -> dict[str, str] | None:
        """The filters set, as the list reads them (for its links and its cache key); None if one is not valid."""
        if not self.is_bound:
            return {}
        if not self.is_valid():
            return None
        return {name: value for name, value in self.cleaned_data.items() if value}

    def apply(self, queryset: PartnerQuerySet) -> PartnerQuerySet:
        if not self.is_valid():
            return queryset
        data = self.cleaned_data
        if data["q"]:
            queryset = queryset.filter(Q(name__icontains=data["q"]) | Q(name_local__icontains=data["q"]))
        if data["category"]:
            queryset = queryset.filter(category=data["category"])
        if data["disclosure"]:
            queryset = queryset.filter(disclosed=data["disclosure"] == "disclosed")
        if data["screening"] == "confirmed":
            queryset = queryset.filter(has_confirmed=True)
        elif data["screening"] == "potential":
            queryset = queryset.filter(has_potential=True)
        elif data["screening"] == "clear":
            queryset = queryset.filter(has_confirmed=False, has_potential=False)
        return queryset


class ImportForm(forms.Form):
    file = forms.FileField(
        label="Partner list (CSV, UTF-8)", help_text="Use the template's columns. Chinese names are fine."
    )

    def clean_file(self) -> UploadedFile:
        upload = self.cleaned_data["file"]
        if upload.size > settings.PARTNER_IMPORT_MAX_BYTES:
            raise forms.ValidationError(
                f"The file is {upload.size / 1_048_576:.1f} MB; the limit is "
                f"{settings.PARTNER_IMPORT_MAX_BYTES / 1_048_576:.0f} MB. Split it into smaller files."
            )
        if upload.size == 0:
            raise forms.ValidationError("The file is empty.")
        return upload


class MatchDecisionForm(forms.Form):
    decision = forms.ChoiceField(choices=[("confirmed", "Confirm"), ("dismissed", "Dismiss")])
    reason = forms.CharField(required=False, max_length=2000, label="Reason")

    def clean(self) -> dict[str, Any]:
        super().clean()
        cleaned = self.cleaned_data
        if cleaned.get("decision") == "dismissed" and not (cleaned.get("reason") or "").strip():
            self.add_error("reason", "Say why this is not the listed entity (e.g. a different city or owner).")
        return cleaned
