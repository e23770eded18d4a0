from __future__ import annotations

import datetime
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from duediligence.lib.widgets import DatePicker
from duediligence.reports.forms import SignoffForm
from duediligence.statements.models import Regime, Statement
from duediligence.statements.sources import TEXT_FIELDS


def regimes_field() -> forms.MultipleChoiceField:
    return forms.MultipleChoiceField(
        label=_("Made under"),
        choices=Regime.choices,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Each is published as its own signed PDF."),
        error_messages={"required": _("Choose at least one law the statement is made under.")},
    )


class StatementCreateForm(forms.Form):
    ending_in = forms.IntegerField(
        label=_("Financial year ending in"),
        min_value=2000,
        max_value=2100,
        help_text=_("The year in which the financial year ends; the profile's year end gives its first and last day."),
    )
    regimes = regimes_field()

    def clean_regimes(self) -> list[str]:
        chosen = self.cleaned_data["regimes"]
        return [regime for regime in Regime.values if regime in chosen]


class StatementTextsForm(forms.ModelForm):
    regimes = regimes_field()

    class Meta:
        model = Statement
        fields = ["regimes", *TEXT_FIELDS]
        help_texts = {
            "introduction": _("Printed in the summary: a few words from the company on the year."),
            "business_and_supply_chains": _(
                "Required. The business and its supply chains as a whole: what it makes or buys, where, through whom "
                "(MSA s.54(5)(a); Transparency Act s.5(a))."
            ),
            "remediation": _("How harm to workers found in the year was put right (MSA s.54(5)(d))."),
            "effectiveness": _("Indicators the company tracks across the business, with results (MSA s.54(5)(e))."),
            "working_conditions": _("Wages, working hours and health and safety (Transparency Act s.3(b))."),
        }
        widgets = {name: forms.Textarea(attrs={"rows": 4}) for name in TEXT_FIELDS}

    def clean_regimes(self) -> list[str]:
        chosen = self.cleaned_data["regimes"]
        return [regime for regime in Regime.values if regime in chosen]


class MoveForm(forms.Form):
    note = forms.CharField(
        label=_("Note"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Needed when requesting changes: what must change."),
    )


class StatementSignoffForm(SignoffForm):
    """The reports' sign-off form, for the regimes the statement is made under (not chosen here): an MSA statement
    needs the board's approval and a director, a Transparency Act account every board member and the general
    manager."""

    def __init__(self, *args: Any, regimes: list[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.regimes = tuple(regimes)
        del self.fields["variants"]
        self.fields["confirm"].label = _(
            "I have read the statement in each form and approve its publication. I understand it cannot be changed "
            "afterwards."
        )

    def clean(self) -> dict[str, Any]:
        self.cleaned_data["variants"] = self.regimes
        return super().clean()


class RegistryForm(forms.Form):
    submitted_on = forms.DateField(label=_("Submitted to the registry on"), widget=DatePicker())

    def clean_submitted_on(self) -> datetime.date:
        date = self.cleaned_data["submitted_on"]
        if date > timezone.localdate():
            raise forms.ValidationError(_("The date cannot be in the future."))
        return date
