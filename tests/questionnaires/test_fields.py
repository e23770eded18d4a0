import datetime
from decimal import Decimal

import pytest
from django import forms

from duediligence.questionnaires.fields import display, form_field, to_initial, to_stored
from duediligence.questionnaires.models import Question, QuestionType


def question(kind, **extra) -> Question:
    return Question(key="q", label="Q?", type=kind, **extra)


CHOICES = [{"value": "a", "label": "Alpha"}, {"value": "b", "label": "Beta"}]


def clean(q: Question, raw):
    return form_field(q).clean(raw)


def test_yes_no():
    q = question(QuestionType.YES_NO)
    assert to_stored(q, clean(q, "yes")) == "yes"
    with pytest.raises(forms.ValidationError):
        clean(q, "perhaps")
    assert display(q, "no") == "No"


def test_single_and_multiple_choice():
    single = question(QuestionType.SINGLE_CHOICE, choices=CHOICES)
    multiple = question(QuestionType.MULTIPLE_CHOICE, choices=CHOICES)
    assert clean(single, "b") == "b"
    assert clean(multiple, ["a", "b"]) == ["a", "b"]
    with pytest.raises(forms.ValidationError):
        clean(multiple, ["a", "zzz"])
    assert display(multiple, ["a", "b"]) == "Alpha; Beta"
    assert to_stored(multiple, []) is None


def test_scale_with_labelled_ends():
    q = question(QuestionType.SCALE, options={"low": "Never", "high": "Always"})
    field = form_field(q)
    assert [label for _, label in field.choices] == ["1 – Never", "2", "3", "4", "5 – Always"]
    assert clean(q, "4") == 4
    with pytest.raises(forms.ValidationError):
        clean(q, "6")
    assert display(q, 5) == "5 of 5 (Always)"
    assert to_initial(q, 3) == "3"


def test_number_with_unit_and_bounds():
    q = question(QuestionType.NUMBER, options={"unit": "people", "min": 0, "max": 100})
    assert to_stored(q, clean(q, "12")) == 12
    assert to_stored(q, clean(q, "2.5")) == 2.5
    assert isinstance(clean(q, "2.5"), Decimal)
    with pytest.raises(forms.ValidationError, match="less than or equal to 100"):
        clean(q, "101")
    with pytest.raises(forms.ValidationError, match="greater than or equal to 0"):
        clean(q, "-1")
    with pytest.raises(forms.ValidationError, match="Enter a number"):
        clean(q, "a dozen")
    assert display(q, 1200) == "1,200 people"


def test_date():
    q = question(QuestionType.DATE)
    assert to_stored(q, clean(q, "2026-03-01")) == "2026-03-01"
    assert clean(q, "2026-03-01") == datetime.date(2026, 3, 1)
    with pytest.raises(forms.ValidationError):
        clean(q, "31/31/2026")
    assert display(q, "2026-03-01") == "1 March 2026"


def test_short_and_long_text_are_bounded_and_trimmed():
    short = question(QuestionType.SHORT_TEXT)
    long = question(QuestionType.LONG_TEXT)
    assert to_stored(short, clean(short, "  Ürümqi  ")) == "Ürümqi"
    with pytest.raises(forms.ValidationError, match="at most 500"):
        clean(short, "x" * 501)
    with pytest.raises(forms.ValidationError, match="at most 20000"):
        clean(long, "x" * 20_001)
    assert to_stored(long, clean(long, "   ")) is None


def test_evidence_is_a_file_field_shown_by_file_names():
    q = question(QuestionType.EVIDENCE)
    assert isinstance(form_field(q), forms.FileField)
    assert display(q, ["t1", "t2"], {"t1": "a.pdf", "t2": "b.png"}) == "a.pdf; b.png"
