import pytest

from duediligence.partners.normalise import normalise


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("Xinjiang Lop Nur Cotton Co., Ltd.", "xinjiang lop nur cotton"),
        ("HIKVISION Digital Technology Co. Ltd", "hikvision digital technology"),
        ("Ｈｏｔａｎ  Ｔｅｘｔｉｌｅ　Ｇｒｏｕｐ", "hotan textile"),  # full width
        ("新疆某某纺织股份有限公司", "新疆某某纺织"),
        ("新疆生产建设兵团", "新疆生产建设兵团"),
        ("  The Acme Holdings, Inc. ", "acme"),
    ],
)
def test_it_strips_case_width_punctuation_and_legal_forms(raw, expected):
    assert normalise(raw) == expected
