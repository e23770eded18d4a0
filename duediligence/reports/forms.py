import datetime
from typing import Any

from django import forms
from django.core.files.uploadedfile import UploadedFile
from django.utils import timezone

from duediligence.lib.limits import LONG_TEXT_MAX
from duediligence.lib.widgets import DatePicker
from duediligence.reports.models import Variant
from duediligence.reports.services import Signoff


class SignoffForm(forms.Form):
    variants = forms.MultipleChoiceField(
        label="Publish the public report as",
        choices=Variant.choices,
        initial=[Variant.UNGPRF],
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="The same data in each form; each is published as its own signed PDF with its own fingerprint.",
    )
    signoff_name = forms.CharField(label="Your name as it appears in the report", max_length=200)
    signoff_role = forms.CharField(label="Your role", max_length=200, help_text="For example: Chief Executive Officer.")
    signoff_date = forms.DateField(label="Date of sign-off", widget=DatePicker())
    board_approved_on = forms.DateField(
        label="Date the board approved the statement",
        required=False,
        widget=DatePicker(),
        help_text="Needed for a Modern Slavery Act statement (section 54(6)).",
    )
    director_name = forms.CharField(
        label="Director who signs the statement",
        max_length=200,
        required=False,
        help_text="Needed for a Modern Slavery Act statement.",
    )
    board_members = forms.CharField(
        label="Board members who sign the account",
        max_length=LONG_TEXT_MAX,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Needed for a Transparency Act account, which every board member signs (Accounting Act "
        "section 3-5): one name per line.",
    )
    general_manager = forms.CharField(
        label="General manager who signs the account",
        max_length=200,
        required=False,
        help_text="Needed for a Transparency Act account.",
    )
    confirm = forms.BooleanField(
        label="I have read both reports and approve their publication. I understand they cannot be changed afterwards.",
        error_messages={"required": "Confirm that you approve the publication."},
    )

    def clean_variants(self) -> tuple[str, ...]:
        chosen = self.cleaned_data["variants"] or [Variant.UNGPRF]
        # In the order of the choices, whatever order they came in: the publication's record reads the same.
        return tuple(variant for variant in Variant.values if variant in chosen)

    def clean_signoff_date(self) -> datetime.date:
        date = self.cleaned_data["signoff_date"]
        if date > timezone.localdate():
            raise forms.ValidationError("The sign-off date cannot be in the future.")
        return date

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if Variant.UK_MSA in data.get("variants", ()):
            if not data.get("board_approved_on"):
                self.add_error(
                    "board_approved_on", "A Modern Slavery Act statement needs the date the board approved it."
                )
            elif data["board_approved_on"] > timezone.localdate():
                self.add_error("board_approved_on", "The board's approval cannot be in the future.")
            if not data.get("director_name"):  # CharField strips: blanks are empty
                self.add_error(
                    "director_name", "A Modern Slavery Act statement is signed by a director: give their name."
                )
        else:
            # The board's approval and the director belong to an MSA statement only; other variants ignore them.
            data["board_approved_on"], data["director_name"] = None, ""
        if Variant.NORWAY in data.get("variants", ()):
            names = [line.strip() for line in data.get("board_members", "").splitlines() if line.strip()]
            if not names:
                self.add_error("board_members", "A Transparency Act account is signed by the board: name each member.")
            data["board_members"] = "\n".join(names)
            if not data.get("general_manager"):
                self.add_error(
                    "general_manager", "A Transparency Act account is signed by the general manager: give their name."
                )
        else:
            data["board_members"], data["general_manager"] = "", ""
        return data

    def signoff(self) -> Signoff:
        data = self.cleaned_data
        return Signoff(
            signoff_name=data["signoff_name"],
            signoff_role=data["signoff_role"],
            signoff_date=data["signoff_date"],
            variants=data["variants"],
            board_approved_on=data["board_approved_on"],
            director_name=data["director_name"],
            board_members=data["board_members"],
            general_manager=data["general_manager"],
        )


class VerifyForm(forms.Form):
    pdf = forms.FileField(label="A PDF you were given as this report")

    def __init__(self, *args: Any, max_bytes: int, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.max_bytes = max_bytes

    def clean_pdf(self) -> UploadedFile:
        upload = self.cleaned_data["pdf"]
        if upload.size > self.max_bytes:
            raise forms.ValidationError(
                f"This file ({upload.size / 1_048_576:.1f} MB) is larger than every published revision of this "
                "report, so it is none of them."
            )
        return upload
