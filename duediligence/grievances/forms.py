from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from duediligence.grievances.models import Criterion, CriterionAssessment, Issue, Mechanism, Outcome, Rating

TEXT_LIMIT = 10_000
FILE_HELP = _(
    "PDF, images (PNG, JPEG), Word, Excel or text files, up to 20 MB. Before we store a file we remove its hidden "
    "details, such as where and with which camera a photo was taken or who wrote a document. What the file itself "
    "shows, such as faces or names in the text, stays: remove it yourself if it could identify you."
)
SEND_UNCLEANED = _("Send my file as it is, even though its hidden details could not be removed")


class OffersUncleaned:
    """A form with a file: the box to send a file whose hidden details could not be removed is shown only after
    such a file was refused, so the reporter decides knowing it (uploads.py)."""

    offer_uncleaned = False

    def fields_to_show(self) -> list:
        return [field for field in self if field.name != "send_uncleaned" or self.offer_uncleaned]  # type: ignore[attr-defined]


class IntakeForm(OffersUncleaned, forms.Form):
    issue = forms.ChoiceField(label=_("What is the concern about?"), choices=[("", "—"), *Issue.choices])
    description = forms.CharField(
        label=_("What happened?"),
        max_length=TEXT_LIMIT,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("Describe what happened, to whom, and who was involved, as far as you can."),
        error_messages={"required": _("Describe what happened.")},
    )
    place = forms.CharField(label=_("Where did it happen?"), max_length=200, required=False)
    happened = forms.CharField(
        label=_("When did it happen?"), max_length=200, required=False, help_text=_("A date, or roughly.")
    )
    attachment = forms.FileField(
        label=_("A file that shows it (optional)"),
        required=False,
        help_text=FILE_HELP,
    )
    send_uncleaned = forms.BooleanField(label=SEND_UNCLEANED, required=False)
    contact_name = forms.CharField(label=_("Your name (optional)"), max_length=200, required=False)
    contact_email = forms.EmailField(label=_("Your email address (optional)"), required=False)
    contact_phone = forms.CharField(label=_("Your phone number (optional)"), max_length=50, required=False)

    def clean_description(self) -> str:
        text = self.cleaned_data["description"].strip()
        if not text:
            raise forms.ValidationError(_("Describe what happened."))
        return text


class FollowUpForm(forms.Form):
    code = forms.CharField(label=_("Case code"), max_length=30, help_text=_("For example GR-7KQM-2XPA."))
    passphrase = forms.CharField(label=_("Passphrase"), max_length=40, widget=forms.PasswordInput(render_value=True))


class ReporterMessageForm(OffersUncleaned, forms.Form):
    text = forms.CharField(
        label=_("Add information"), max_length=TEXT_LIMIT, required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
    attachment = forms.FileField(label=_("Add a file (optional)"), required=False, help_text=FILE_HELP)
    send_uncleaned = forms.BooleanField(label=SEND_UNCLEANED, required=False)

    def clean(self) -> dict[str, Any]:
        super().clean()
        if not (self.cleaned_data.get("text") or "").strip() and not self.cleaned_data.get("attachment"):
            raise forms.ValidationError(_("Write something or choose a file to add."))
        return self.cleaned_data


class FeedbackForm(forms.Form):
    accepted = forms.TypedChoiceField(
        label=_("Is the outcome acceptable to you?"),
        choices=[("yes", _("Yes")), ("no", _("No"))],
        coerce=lambda value: value == "yes",
        widget=forms.RadioSelect,
    )
    text = forms.CharField(
        label=_("Anything you want to add (optional)"),
        max_length=TEXT_LIMIT,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class CloseForm(forms.Form):
    outcome = forms.ChoiceField(label="Outcome", choices=[("", "—"), *Outcome.choices])
    remedy = forms.CharField(
        label="Remedy provided", max_length=TEXT_LIMIT, required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    no_remedy_reason = forms.CharField(
        label="Or: why no remedy was provided",
        max_length=TEXT_LIMIT,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def clean(self) -> dict[str, Any]:
        super().clean()
        cleaned = self.cleaned_data
        if not (cleaned.get("remedy") or "").strip() and not (cleaned.get("no_remedy_reason") or "").strip():
            self.add_error("remedy", "Say what remedy was provided, or why none was.")
        return cleaned


class ReplyForm(forms.Form):
    text = forms.CharField(
        label="Reply to the person who raised it", max_length=TEXT_LIMIT, widget=forms.Textarea(attrs={"rows": 3})
    )


class MechanismForm(forms.ModelForm):
    class Meta:
        model = Mechanism
        fields = [
            "open_for_cases",
            "who_may_use",
            "channels",
            "languages",
            "retaliation_protection",
            "acknowledge_within_days",
            "retention_months",
            "escalation_body",
            "onion_address",
        ]
        widgets = {
            name: forms.Textarea(attrs={"rows": 2})
            for name in ("who_may_use", "channels", "languages", "retaliation_protection", "escalation_body")
        }


class CriterionForm(forms.Form):
    """One UNGP 31 criterion's rating and evidence; the form's prefix is the criterion."""

    rating = forms.ChoiceField(choices=[("", "Not assessed yet"), *Rating.choices], required=False)
    evidence = forms.CharField(max_length=TEXT_LIMIT, required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, data: Mapping[str, Any] | None = None, *, criterion: str, initial: dict | None = None) -> None:
        super().__init__(data, prefix=criterion, initial=initial)
        self.criterion = criterion
        label = Criterion(criterion).label
        self.fields["rating"].label = f"{label}: rating"
        self.fields["evidence"].label = f"{label}: evidence"

    def clean(self) -> dict[str, Any]:
        super().clean()
        if self.cleaned_data.get("rating") and not (self.cleaned_data.get("evidence") or "").strip():
            self.add_error("evidence", "Give the evidence for this rating.")
        return self.cleaned_data


def criterion_forms(data: Mapping[str, Any] | None, mechanism: Mechanism) -> list[CriterionForm]:
    saved = {row.criterion: row for row in CriterionAssessment.objects.filter(mechanism=mechanism)}
    return [
        CriterionForm(
            data,
            criterion=criterion,
            initial={"rating": saved[criterion].rating, "evidence": saved[criterion].evidence}
            if criterion in saved
            else None,
        )
        for criterion in Criterion.values
    ]
