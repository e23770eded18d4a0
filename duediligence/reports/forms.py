from django import forms
from django.utils import timezone


class SignoffForm(forms.Form):
    signoff_name = forms.CharField(label="Your name as it appears in the report", max_length=200)
    signoff_role = forms.CharField(label="Your role", max_length=200, help_text="For example: Chief Executive Officer.")
    signoff_date = forms.DateField(
        label="Date of sign-off", widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    confirm = forms.BooleanField(
        label="I have read both reports and approve their publication. I understand they cannot be changed afterwards.",
        error_messages={"required": "Confirm that you approve the publication."},
    )

    def clean_signoff_date(self):
        date = self.cleaned_data["signoff_date"]
        if date > timezone.localdate():
            raise forms.ValidationError("The sign-off date cannot be in the future.")
        return date


class VerifyForm(forms.Form):
    pdf = forms.FileField(label="A PDF you were given as this report")

    def __init__(self, *args, max_bytes: int, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.max_bytes = max_bytes

    def clean_pdf(self):
        upload = self.cleaned_data["pdf"]
        if upload.size > self.max_bytes:
            raise forms.ValidationError(
                f"This file ({upload.size / 1_048_576:.1f} MB) is larger than every published revision of this "
                "report, so it is none of them."
            )
        return upload
