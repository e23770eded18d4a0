from typing import Any

from django import forms

from duediligence.accounts.models import Membership
from duediligence.security.models import EventKind


class CodeForm(forms.Form):
    code = forms.CharField(
        label="Six-digit code from your authenticator app, or a recovery code",
        max_length=20,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "autofocus": True, "spellcheck": "false"}),
    )


class EventFilterForm(forms.Form):
    kind = forms.ChoiceField(
        label="Kind of event",
        choices=[("", "All events"), *EventKind.choices],
        required=False,
        widget=forms.Select(attrs={"class": "form-select"}),
    )
    email = forms.CharField(
        label="Person's email contains",
        max_length=254,
        required=False,
        widget=forms.TextInput(attrs={"class": "form-control"}),
    )


class ApiTokenForm(forms.Form):
    """A new personal API token: what it is for, which organisation (and so which role) it acts in, how long."""

    name = forms.CharField(
        label="What the token is for",
        max_length=100,
        help_text="For example “ERP partner sync”: shown in the list below and in the security log.",
        widget=forms.TextInput(attrs={"class": "form-control"}),
    )
    membership = forms.TypedChoiceField(
        label="Organisation it acts in",
        coerce=int,
        widget=forms.Select(attrs={"class": "form-select"}),
        help_text="The token acts with your role there; if your role changes, the token stops working.",
    )
    days = forms.TypedChoiceField(
        label="Valid for",
        coerce=int,
        choices=[(30, "30 days"), (90, "90 days"), (365, "A year")],
        initial=90,
        widget=forms.Select(attrs={"class": "form-select"}),
    )

    def __init__(self, *args: Any, memberships: list[Membership], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.memberships = {membership.pk: membership for membership in memberships}
        membership_field = self.fields["membership"]
        assert isinstance(membership_field, forms.TypedChoiceField)
        membership_field.choices = [
            (membership.pk, f"{membership.organisation.name} ({membership.get_role_display().lower()})")
            for membership in memberships
        ]
