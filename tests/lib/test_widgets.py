"""Every date field of the pages is the browser's date picker fed ISO dates (a locale's 06/01/2027 shows empty)."""

import datetime
import importlib
import pkgutil
import re
from pathlib import Path

from django import forms
from django.urls import reverse

import duediligence
from duediligence.lib.widgets import DatePicker

PACKAGE = Path(duediligence.__file__).resolve().parent


def all_form_classes() -> list[type[forms.BaseForm]]:
    for module in pkgutil.walk_packages([str(PACKAGE)], "duediligence."):
        if ".migrations" in module.name or ".scripts" in module.name or module.name.endswith("wsgi"):
            continue
        importlib.import_module(module.name)
    found, pending = [], [forms.Form, forms.ModelForm]
    while pending:
        for sub in pending.pop().__subclasses__():
            pending.append(sub)
            if sub.__module__.startswith("duediligence."):
                found.append(sub)
    return found


def test_every_date_widget_of_every_form_is_the_iso_date_picker():
    checked = 0
    for form_class in all_form_classes():
        for name, field in form_class.base_fields.items():
            if isinstance(field, forms.DateField) or getattr(field.widget, "input_type", "") == "date":
                assert isinstance(field.widget, DatePicker), f"{form_class.__name__}.{name}"
                checked += 1
    assert checked >= 15


def test_no_module_builds_a_date_input_of_its_own():
    for path in PACKAGE.rglob("*.py"):
        if "migrations" in path.parts or path.name == "widgets.py":
            continue
        assert not re.search(r"DateInput\(", path.read_text(encoding="utf-8")), path


def test_the_invitation_offers_its_default_due_date_in_a_form_the_picker_reads(officer_client, assessment):
    from duediligence.partners.models import Partner

    partner = Partner.objects.create(assessment=assessment, name="Aksu Mill", category="supplier", country="China")
    page = officer_client.get(reverse("respondents:invite", args=[assessment.pk, partner.pk])).content.decode()
    due = (datetime.date.today() + datetime.timedelta(days=30)).isoformat()
    assert re.search(rf'<input type="date" name="due_on" value="{due}"', page)
