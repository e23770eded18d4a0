from django import forms

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
