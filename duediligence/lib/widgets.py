"""Form widgets the pages share."""

from __future__ import annotations

from typing import Any

from django import forms

ISO_DATE = "%Y-%m-%d"


class DatePicker(forms.DateInput):
    """The browser's date picker. An `<input type="date">` reads and writes only ISO dates (2027-06-01), whatever
    the language: a value in the locale's format (06/01/2027) shows as empty and is lost on the next save, so
    this widget always writes ISO. Every date field of the pages uses it (tests/lib/test_widgets.py)."""

    input_type = "date"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs, format=ISO_DATE)
