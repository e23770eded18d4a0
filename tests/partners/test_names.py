"""The name keys and lookup tokens screening relies on (partners/names.py): the rules hold by construction."""

import pytest

from duediligence.partners import screening
from duediligence.partners.names import compare, key_for, listed_name_rows, partner_tokens
from duediligence.partners.screening import screen


def listed_tokens(name):
    return set(listed_name_rows(name, [], [])[0]["tokens"])


def shares_a_token(partner_name, listed_name):
    return bool(set(partner_tokens(partner_name, "")) & listed_tokens(listed_name))


@pytest.mark.parametrize(
    ("partner", "listed"),
    [
        ("IFLTYEK Co., Ltd.", "IFLYTEK Co., Ltd."),  # two letters swapped
        ("CloudWlak Technology", "CloudWalk Technology Co., Ltd."),
        ("Hikvison", "Hangzhou Hikvision Digital Technology Co., Ltd."),  # a letter missing
        ("Hik Vision Digital", "Hikvision"),  # written apart
        ("Hebei Tomato Indutsry", "Hebei Tomato Industry Co., Ltd."),  # only generic words, one misspelt
        ("Beijing Kuangshi Keji", "北京旷视科技有限公司"),  # pinyin of the Chinese name
        ("旷视科技", "北京旷视科技有限公司"),  # a short form
        ("新疆生產建設兵團第一師", "新疆生产建设兵团"),  # traditional characters, a unit of the listed body
    ],
)
def test_variants_share_a_lookup_token_and_match(partner, listed):
    assert shares_a_token(partner, listed)
    assert compare(key_for(partner), key_for(listed)) is not None


@pytest.mark.parametrize(
    ("partner", "listed"),
    [
        ("喀什纺织有限公司", "阿克苏纺织科技有限公司"),  # a place and a word of trade in common
        ("Xinjiang Energy Saving Technology Service Co.", "Xinjiang Energy Co., Ltd."),
        ("Polysilicon Machinery Trading", "Daqo New Energy Polysilicon Machinery"),
    ],
)
def test_names_sharing_only_places_and_trade_words_are_not_even_candidates(partner, listed):
    assert not shares_a_token(partner, listed)


@pytest.mark.parametrize(
    ("partner", "listed"),
    [
        ("Dahuang Trading", "Zhejiang Dahua Technology Co., Ltd."),  # short words count only whole
        ("Megaview Analytics", "Beijing Megvii Technology Co., Ltd."),
        ("Cloudwise Software", "CloudWalk Technology Co., Ltd."),
        ("camel active GmbH", "Camel Group Co., Ltd."),  # a brand of its own beside the common word
        ("Shanghai Municipal Public Security Bureau", "Aksu District Public Security Bureau"),
    ],
)
def test_near_names_of_other_organisations_do_not_match(partner, listed):
    assert compare(key_for(partner), key_for(listed)) is None


def test_a_misspelt_legal_form_is_not_a_distinctive_word():
    assert key_for("Hengshui Cotton Corpoartion").distinctive == ()
    assert key_for("Hengshui Cotton Corpoartion").words == key_for("Hengshui Cotton Corporation").words


def test_a_partner_carries_a_bounded_number_of_tokens():
    # Runs of characters are capped, so a long Chinese name costs a few dozen index entries, not hundreds.
    tokens = partner_tokens("Long name", "新疆维吾尔自治区喀什地区某某某某某某某某某某纺织品进出口贸易有限责任公司")
    assert len(tokens) < 120


def test_the_index_lookup_and_the_bulk_join_find_the_same_candidates(assessment, default_list, monkeypatch):
    from tests.partners.test_screening import add

    partners = [
        add(assessment, "HIKVISION Digital Technology Co. Ltd"),
        add(assessment, "旷视科技", city="Beijing"),
        add(assessment, "Aksu Prefecture PSB", city="Aksu"),
        add(assessment, "Unrelated Bakery", city="Hamburg"),
    ]
    by_index = screening.find_candidates(
        scope=screening.Scope.of(assessment_id=assessment.pk), partner_count=len(partners)
    )
    monkeypatch.setattr(screening, "INDEX_LOOKUP_LIMIT", 0)
    by_join = screening.find_candidates(
        scope=screening.Scope.of(assessment_id=assessment.pk), partner_count=len(partners)
    )
    assert by_index == by_join
    assert {partner_id for partner_id, _ in by_join} == {p.pk for p in partners[:3]}
    assert screen(assessment_id=assessment.pk).matched_partner_ids == {p.pk for p in partners[:3]}
