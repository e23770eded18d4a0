import datetime
from typing import Any

from django import forms
from django.utils import timezone

from duediligence.lib.widgets import DatePicker
from duediligence.records.models import Area, Policy, Profile, Training


def areas_choice(help_text: str) -> forms.MultipleChoiceField:
    return forms.MultipleChoiceField(
        label="What it covers",
        choices=Area.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=help_text,
    )


def address(label: str, help_text: str, *, required: bool, max_length: int) -> forms.URLField:
    """An address field that reads an address typed without a scheme as https."""
    return forms.URLField(
        label=label, help_text=help_text, max_length=max_length, required=required, assume_scheme="https"
    )


class ProfileForm(forms.ModelForm):
    website = address("Website", "Its homepage, where the statements are linked from.", required=False, max_length=200)

    class Meta:
        model = Profile
        fields = [
            "legal_name",
            "structure",
            "group_entities",
            "sector",
            "countries",
            "year_end_month",
            "year_end_day",
            "turnover_basis",
            "website",
        ]
        widgets = {
            "structure": forms.Textarea(attrs={"rows": 4}),
            "group_entities": forms.Textarea(attrs={"rows": 4}),
            "countries": forms.Textarea(attrs={"rows": 4}),
        }

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        month, day = data.get("year_end_month"), data.get("year_end_day")
        if month and day:
            try:
                datetime.date(2001, month, day)  # not a leap year: a year end must exist every year
            except ValueError:
                self.add_error("year_end_day", "This day does not exist in that month every year.")
        return data


class PolicyForm(forms.ModelForm):
    areas = areas_choice("The statements list a policy under each law's heading it covers.")
    link = address(
        "Link to the policy", "Where the policy can be read: its page or its document.", required=True, max_length=500
    )

    class Meta:
        model = Policy
        fields = ["title", "scope", "areas", "approved_by", "approved_on", "link"]
        widgets = {"scope": forms.Textarea(attrs={"rows": 3}), "approved_on": DatePicker()}

    def clean_approved_on(self) -> datetime.date:
        date = self.cleaned_data["approved_on"]
        if date > timezone.localdate():
            raise forms.ValidationError("The approval date cannot be in the future.")
        return date


class TrainingForm(forms.ModelForm):
    areas = areas_choice("The statements count training under each law's heading it covers.")

    class Meta:
        model = Training
        fields = ["topic", "areas", "audience", "people", "held_on"]
        widgets = {"held_on": DatePicker()}

    def clean_people(self) -> int:
        people = self.cleaned_data["people"]
        if people < 1:
            raise forms.ValidationError("Give the number of people who took part (at least one).")
        return people

    def clean_held_on(self) -> datetime.date:
        date = self.cleaned_data["held_on"]
        if date > timezone.localdate():
            raise forms.ValidationError("Record training once it has taken place: the date is in the future.")
        return date
