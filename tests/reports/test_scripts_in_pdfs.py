"""A partner's name in its own script prints in the PDFs with a font that has its letters: Uyghur in the vendored
Noto Naskh Arabic (ې ۆ ۈ ۋ ى), read back as the same text, Chinese in the system's CJK font."""

import io

from pypdf import PdfReader

from duediligence.partners.models import Partner
from duediligence.reports.render import FONT_FACES, STATIC_ROOT_DIR, render_html, render_pdf
from tests.reports.conftest import pdf_text

UYGHUR_NAME = "قەشقەر يىپەك توقۇمىچىلىق شىركىتى"  # Kashgar Silk Weaving Company
LETTERS = "ې ۆ ۈ ۋ ى"


def embedded_fonts(pdf: bytes) -> set[str]:
    reader = PdfReader(io.BytesIO(pdf))
    return {
        str(font.get_object()["/BaseFont"]).split("+", 1)[-1]
        for page in reader.pages
        for font in page["/Resources"]["/Font"].values()
    }


def test_a_uyghur_name_prints_in_a_font_that_carries_its_letters(rich):
    Partner.objects.create(
        assessment=rich, name="Kashgar Silk Weaving Co.", name_local=f"{UYGHUR_NAME} {LETTERS}",
        category="supplier", city="Kashgar", country="China",
    )  # fmt: skip
    html = render_html(rich, "internal")
    assert f'<span class="name-local" lang="ug" dir="rtl">{UYGHUR_NAME} {LETTERS}</span>' in html
    assert '<span class="name-local" lang="zh-Hans" dir="ltr">天山仪器有限公司</span>' in html
    pdf, _ = render_pdf(rich, "internal")
    text = pdf_text(pdf)
    assert UYGHUR_NAME in text and LETTERS in text and "天山仪器有限公司" in text
    fonts = embedded_fonts(pdf)
    assert "Noto-Naskh-Arabic" in fonts and any("CJK" in font for font in fonts)


def test_the_vendored_fonts_exist_and_carry_the_uyghur_letters():
    from fontTools.ttLib import TTFont

    for path in FONT_FACES.values():
        cmap = TTFont(STATIC_ROOT_DIR / path).getBestCmap()
        assert all(ord(letter) in cmap for letter in "ېۆۈۋىڭئە،؛؟«»")
