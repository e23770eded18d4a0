from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django import forms
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from duediligence.grievances.models import Criterion, CriterionAssessment, Issue, Mechanism, Outcome, Rating
from duediligence.lib.public_languages import PageKind, PublicLanguage, translated_languages
from duediligence.lib.translations import translated_only, with_translation

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


# Every message the public forms can show is ours, naming what to do about the field it stands under: Django's own
# ("This field is required", and worse in some languages) never reaches a person raising a concern.
def _text_messages(required: str | Promise = "") -> dict[str, Any]:
    messages: dict[str, Any] = {
        "max_length": _("This text can be at most %(limit_value)d characters long; it has %(show_value)d."),
    }
    if required:
        messages["required"] = required
    return messages


FILE_MESSAGES = {
    "invalid": _("No file was received. Choose the file again."),
    "missing": _("No file was received. Choose the file again."),
    "empty": _("The file is empty. Choose a file that has content."),
    "max_length": _("The file's name can be at most %(max)d characters long. Rename the file and choose it again."),
    "contradiction": _("Choose a file, or none."),
}
# Codes, passphrases, email addresses and phone numbers read left to right in every language; free text follows
# whatever the person writes in, whichever page they are on.
LEFT_TO_RIGHT = {"dir": "ltr"}
FREE_TEXT = {"dir": "auto"}


class IntakeForm(OffersUncleaned, forms.Form):
    issue = forms.ChoiceField(
        label=_("What is the concern about?"),
        choices=[("", "—"), *Issue.choices],
        error_messages={
            "required": _("Choose what the concern is about."),
            "invalid_choice": _("Choose one of the kinds of concern in the list."),
        },
    )
    description = forms.CharField(
        label=_("What happened?"),
        max_length=TEXT_LIMIT,
        widget=forms.Textarea(attrs={"rows": 6, **FREE_TEXT}),
        help_text=_("Describe what happened, to whom, and who was involved, as far as you can."),
        error_messages=_text_messages(required=_("Describe what happened.")),
    )
    place = forms.CharField(
        label=_("Where did it happen?"),
        max_length=200,
        required=False,
        widget=forms.TextInput(attrs=FREE_TEXT),
        error_messages=_text_messages(),
    )
    happened = forms.CharField(
        label=_("When did it happen?"),
        max_length=200,
        required=False,
        help_text=_("A date, or roughly."),
        widget=forms.TextInput(attrs=FREE_TEXT),
        error_messages=_text_messages(),
    )
    attachment = forms.FileField(
        label=_("A file that shows it (optional)"),
        required=False,
        help_text=FILE_HELP,
        error_messages=FILE_MESSAGES,
    )
    send_uncleaned = forms.BooleanField(label=SEND_UNCLEANED, required=False)
    contact_name = forms.CharField(
        label=_("Your name (optional)"),
        max_length=200,
        required=False,
        widget=forms.TextInput(attrs=FREE_TEXT),
        error_messages=_text_messages(),
    )
    contact_email = forms.EmailField(
        label=_("Your email address (optional)"),
        required=False,
        widget=forms.EmailInput(attrs=LEFT_TO_RIGHT),
        error_messages={
            "invalid": _("Enter an email address such as name@example.com, or leave it empty."),
            **_text_messages(),
        },
    )
    contact_phone = forms.CharField(
        label=_("Your phone number (optional)"),
        max_length=50,
        required=False,
        widget=forms.TextInput(attrs={"inputmode": "tel", **LEFT_TO_RIGHT}),
        error_messages=_text_messages(),
    )

    def clean_description(self) -> str:
        text = self.cleaned_data["description"].strip()
        if not text:
            raise forms.ValidationError(_("Describe what happened."))
        return text


class FollowUpForm(forms.Form):
    code = forms.CharField(
        label=_("Case code"),
        max_length=30,
        help_text=_("For example GR-7KQM-2XPA."),
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false", **LEFT_TO_RIGHT}),
        error_messages={
            "required": _("Enter the case code."),
            "max_length": _("A case code is shorter: it looks like GR-7KQM-2XPA."),
        },
    )
    passphrase = forms.CharField(
        label=_("Passphrase"),
        max_length=40,
        widget=forms.PasswordInput(render_value=True, attrs={"autocomplete": "off", **LEFT_TO_RIGHT}),
        error_messages={
            "required": _("Enter the passphrase."),
            "max_length": _("A passphrase is shorter: four groups of four letters and digits."),
        },
    )


class ReporterMessageForm(OffersUncleaned, forms.Form):
    text = forms.CharField(
        label=_("What you want to add"),
        max_length=TEXT_LIMIT,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4, **FREE_TEXT}),
        error_messages=_text_messages(),
    )
    attachment = forms.FileField(
        label=_("Add a file (optional)"), required=False, help_text=FILE_HELP, error_messages=FILE_MESSAGES
    )
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
        error_messages={
            "required": _("Say whether the outcome is acceptable to you."),
            "invalid_choice": _("Say whether the outcome is acceptable to you."),
        },
    )
    text = forms.CharField(
        label=_("Anything you want to add (optional)"),
        max_length=TEXT_LIMIT,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3, **FREE_TEXT}),
        error_messages=_text_messages(),
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
    """The mechanism's settings and texts, and each text in every other language of the grievance pages, written by
    officers (named `<text>__<language code>`): the public pages show each in the reader's language."""

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
        widgets = {name: forms.Textarea(attrs={"rows": 2}) for name in (*Mechanism.TRANSLATED_TEXTS, "escalation_body")}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for language in translated_languages(PageKind.GRIEVANCE):
            for name in Mechanism.TRANSLATED_TEXTS:
                own = self.fields[name]
                self.fields[self.translation_name(name, language.code)] = forms.CharField(
                    label=f"{own.label} in {language.english_name}",
                    required=False,
                    max_length=TEXT_LIMIT,
                    initial=translated_only(self.instance, name, language.code),
                    widget=forms.Textarea(attrs={"rows": 2, "lang": language.tag, "dir": language.direction}),
                )

    @staticmethod
    def translation_name(name: str, code: str) -> str:
        return f"{name}__{code}"

    def own_fields(self) -> list[forms.BoundField]:
        return [self[name] for name in self.Meta.fields]

    def translation_groups(self) -> list[tuple[PublicLanguage, list[forms.BoundField]]]:
        """Each other language with its fields, for one fieldset each."""
        return [
            (language, [self[self.translation_name(name, language.code)] for name in Mechanism.TRANSLATED_TEXTS])
            for language in translated_languages(PageKind.GRIEVANCE)
        ]

    def save(self, commit: bool = True) -> Mechanism:
        mechanism = super().save(commit=False)
        translations = mechanism.translations
        for language in translated_languages(PageKind.GRIEVANCE):
            for name in Mechanism.TRANSLATED_TEXTS:
                text = self.cleaned_data.get(self.translation_name(name, language.code)) or ""
                translations = with_translation(translations, language.code, name, text.strip())
        mechanism.translations = translations
        if commit:
            mechanism.save()
        return mechanism


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
