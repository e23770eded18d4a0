"""What a text is written in, read from its letters: the officer's case page and the partner names rely on it."""

import pytest

from duediligence.lib.scripts import written_in


@pytest.mark.parametrize(
    ("text", "tag", "direction"),
    [
        ("ياتاقتىن چىقالمايمىز، ھۆججەتلىرىمىز ئېلىۋېلىندى.", "ug", "rtl"),  # Uyghur: ى ۆ ې are its own letters
        ("لا نستطيع مغادرة السكن", "und-Arab", "rtl"),  # Arabic script without Uyghur letters: the script alone
        ("工人被调到工厂，不能离开宿舍。", "zh-Hans", "ltr"),
        ("工人被調到工廠，不能離開宿舍。", "zh-Hant", "ltr"),
        ("The workers were moved to the plant and they cannot leave.", "en", "ltr"),
        ("Die Arbeiter dürfen das Wohnheim nicht verlassen.", "und-Latn", "ltr"),
        ("Рабочих перевели на завод.", "und-Cyrl", "ltr"),
        # Mostly Uyghur with a Chinese place name and a number: the letters most of it is in decide.
        ("2026-يىلى 3-ئاينىڭ ئاخىرىدا 阿克苏 دىكى زاۋۇتقا يۆتكەلدۇق", "ug", "rtl"),
    ],
)
def test_the_letters_tell_the_language_or_at_least_the_script(text, tag, direction):
    written = written_in(text)
    assert written is not None
    assert (written.tag, written.direction) == (tag, direction)


@pytest.mark.parametrize("text", ["", "2026-03-01", "12 345", "!!!"])
def test_a_text_without_letters_names_no_language(text):
    assert written_in(text) is None
