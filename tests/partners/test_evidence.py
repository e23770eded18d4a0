"""How a score is made (partners/evidence.py): each rule on names built for it, with made-up words where a
rule is about rarity, so the shipped list and corpus decide nothing here but the weights they give."""

import html
import re
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.urls import reverse

from duediligence.partners import evidence
from duediligence.partners.evidence import ALTERNATIVE_FLOOR, THRESHOLD, EntityFacts, compare
from duediligence.partners.names import key_for
from duediligence.partners.weights import coined, current_weights, english_rarity, weights_refresh


def comparison(partner, listed, entity=None):
    return compare(key_for(partner), key_for(listed), current_weights(), entity)


def test_a_word_in_many_names_counts_less_than_a_rare_one(db, tmp_path):
    path = tmp_path / "list.csv"
    rows = [f"Zentrovia {word} Co.,BIS" for word in ("Alder", "Birch", "Cedar", "Dogwood", "Elm", "Fir", "Gum")]
    path.write_text("name,lists\n" + "\n".join(rows) + "\n", encoding="utf-8")
    call_command("import_screening_list", str(path), "--slug", "trees", stdout=StringIO())
    weights = weights_refresh()
    assert weights.of("zentrovia") < weights.of("quarvenith")  # seven names against none


@pytest.mark.parametrize(
    ("word", "expected"),
    [("western", 0.0), ("hope", 0.0), ("hikvision", 1.0), ("zhongtai", 1.0), ("long", 1.0)],
)
def test_ordinary_english_words_count_little_and_pinyin_is_left_to_the_counts(word, expected):
    assert english_rarity(word) == pytest.approx(expected)


def test_a_coined_brand_is_neither_pinyin_nor_english():
    assert coined("hikvision") and coined("dji")
    assert not coined("zhongtai") and not coined("camel")


def test_another_sector_lowers_the_score_and_says_so(default_list):
    result = comparison("Zhongtai Securities Co., Ltd.", "Xinjiang Zhongtai Chemical Co., Ltd.")
    assert result is None or result.score < THRESHOLD
    if result is not None:
        assert any("sector" in reason for reason in result.reasons)


def test_a_shared_coined_brand_survives_another_sector_and_country(default_list):
    result = comparison("DJI Logistics Deutschland", "SZ DJI Technology Co., Ltd.")
    assert result.score >= THRESHOLD
    assert "another place" in result.reasons


def test_names_registered_in_different_places_are_different_companies(default_list):
    result = comparison("河南神火煤电股份有限公司", "Xinjiang Shenhuo Coal and Electricity Co., Ltd.")
    assert result is None or result.score < THRESHOLD


def test_two_names_written_whole_without_the_listed_place_are_two_registrations(default_list):
    # The parent registered without a place is not its company registered in Xinjiang ...
    parent = comparison("Daqo New Energy Corp.", "Xinjiang Daqo New Energy Co., Ltd.")
    assert parent is not None and parent.score < THRESHOLD
    assert "registered without the place the listed company is registered in" in parent.reasons
    # ... but a name written short, or a listed name that is not a registration itself, may be the same company.
    for partner, listed in [
        ("Daqo New Energy", "Xinjiang Daqo New Energy Co., Ltd."),
        ("今创集团股份有限公司", "Jiangsu Jinchuang Group"),
    ]:
        result = comparison(partner, listed)
        assert result is not None and result.score >= THRESHOLD, (partner, result)
        assert "no place, where the listed name has one" in result.reasons


def test_an_alias_written_short_still_names_the_company_of_the_main_names_place_and_trade(default_list):
    from duediligence.partners.models import ListedEntity
    from duediligence.partners.screening import entity_facts

    def through(partner, alias, entity_name):
        entity = ListedEntity.objects.get(name=entity_name, current=True)
        assert alias in entity.aliases
        return compare(key_for(partner), key_for(alias), current_weights(), entity_facts({entity.pk})[entity.pk])

    # "SenseTime" is the Beijing company: Shanghai's is a sister, registered elsewhere ...
    sister = through(
        "Shanghai SenseTime Intelligent Technology Co., Ltd.",
        "SenseTime",
        "Beijing SenseTime Technology Development Co., Ltd.",
    )
    assert sister is not None and sister.score < THRESHOLD and "registered in another place" in sister.reasons
    # ... and "Hoshine" is the silicon company, not the group that owns it,
    group = through("Ningbo Hoshine Group Co., Ltd.", "Hoshine", "Hoshine Silicon Industry Co., Ltd.")
    assert group is None or group.score < THRESHOLD
    # while the name written short is still the company, and an alias written whole is a registration of its own.
    short = through("SenseTime", "SenseTime", "Beijing SenseTime Technology Development Co., Ltd.")
    assert short is not None and short.score >= THRESHOLD
    other = through("Changhong Meiling Co., Ltd.", "Changhong Meiling Co., Ltd.", "Hefei Meiling Co., Ltd.")
    assert other is not None and other.score >= THRESHOLD


def test_the_group_is_not_its_listed_company(default_list):
    result = comparison("East Hope Group Co., Ltd.", "Xinjiang East Hope Nonferrous Metals Co., Ltd.")
    assert result is None or result.score < THRESHOLD
    group = comparison("Keda Industrial Group Co., Ltd.", "Suzhou Keda Technology Co.")
    assert group is None or "a group, where the listed name is one of its companies" in group.reasons


def test_an_ordinary_name_in_another_trade_is_another_company(default_list):
    # "Keda" is a pinyin name many companies carry: a manufacturer named so is not Keda Technology ...
    other = comparison("科达制造股份有限公司", "Suzhou Keda Technology Co.")
    assert other is not None and other.score < THRESHOLD and "another trade" in other.reasons
    # ... but a trading arm in the listed company's own place, or of a listed group, is one of theirs,
    for partner, listed in [
        ("Zhongtai (Xinjiang) Trading Co., Ltd.", "Xinjiang Zhongtai Chemical Co., Ltd."),
        ("Zijin (Xinjiang) Trading Co., Ltd.", "Zijin Mining Group Co., Ltd."),
    ]:
        result = comparison(partner, listed)
        assert result is not None and result.score >= THRESHOLD, (partner, result)
    # and a coined brand names one group whatever its companies do,
    brand = comparison("Hikvision Logistics", "Hangzhou Hikvision Digital Technology Co., Ltd.")
    assert brand is not None and "another trade" not in brand.reasons
    # and a word qualifying the name is not a trade: "International" says nothing against "Chemical".
    international = comparison("Xinjiang Zhongtai International Co., Ltd.", "Xinjiang Zhongtai Chemical Co., Ltd.")
    assert international is None or "another trade" not in international.reasons


def test_pinyin_one_letter_apart_is_another_name(default_list):
    assert comparison("China Shenhua Energy Company Limited", "Xinjiang Shenhuo Coal and Electricity Co., Ltd.") is None


def test_an_own_ordinary_word_beside_a_shared_one_lowers_the_score(default_list):
    # "Active" is the partner's own brand word, though English uses it much.
    result = comparison("Camel Active GmbH", "Camel Group Co., Ltd.")
    assert result is None or result.score < THRESHOLD


def test_exact_means_every_word_of_both_names(default_list):
    assert comparison("Aksu Huafu Textiles Company Limited", "Aksu Huafu Textiles Co., Ltd.").exact
    assert not comparison("Aksu Huafu Textiles Co., Ltd.", "Huafu Fashion Co., Ltd.").exact


def test_an_entry_without_a_type_needs_the_whole_name(default_list):
    untyped = EntityFacts(type_not_given=True)
    assert comparison("Hikvision Xinjiang Branch", "Hikvision", untyped) is None
    assert comparison("HIKVISION", "Hikvision", untyped).exact


def test_the_xpcc_meets_its_companies_not_companies_in_its_cities(default_list):
    corps = "Xinjiang Production and Construction Corps"
    assert comparison("新疆生产建设兵团第一师阿拉尔市农资公司", corps).score >= THRESHOLD
    assert comparison("XPCC First Division (Aral)", corps).score >= THRESHOLD
    assert comparison("Aral Cotton Co", corps) is None


def test_the_partner_page_shows_the_evidence_and_the_page_explaining_it(officer_client, assessment, default_list):
    from duediligence.partners.screening import screen
    from tests.partners.test_screening import add

    partner = add(assessment, "Hikvision Xinjiang Trading")
    screen(assessment_id=assessment.pk)
    page = officer_client.get(reverse("partners:detail", args=[assessment.pk, partner.pk])).content.decode()
    assert "How this score was made" in page
    assert '<caption class="caption-top">Words of the listed name</caption>' in page
    assert "<td>hikvision</td>" in page
    explained = officer_client.get(reverse("partners:how_scores", args=[assessment.pk]))
    assert explained.status_code == 200
    text = explained.content.decode()
    assert f"At {THRESHOLD} or more the partner is flagged" in text
    assert f"From {ALTERNATIVE_FLOOR} the page" in text
    # Each reason a score can print is explained on the page, under the words the page uses for it.
    explained_as = {
        "another sector": "Another sector:",
        "a sector": "A sector the list does not say:",
        "another trade": "Another trade:",
        "a group, where the listed name is one of its companies": "A group (Group, Holdings, 集团)",
        "registered without the place the listed company is registered in": "they are two registrations",
        "no place, where the listed name has one": "No place, where the listed name starts with one:",
        "not the branch or subsidiary its place names": "A place that names the listed branch or subsidiary",
        "registered in another place": "registered in different places",
        "another place": "Another place:",
    }
    source = Path(evidence.__file__).read_text(encoding="utf-8")
    printed = {re.split(r" \(", reason)[0] for reason in re.findall(r'reasons\.append\(f?"([^"]+)"\)', source)}
    assert printed == set(explained_as)
    for phrase in explained_as.values():
        assert html.escape(phrase, quote=False) in text or phrase in text, phrase


def test_the_explanation_page_is_only_for_members_of_the_organisation(outsider_client, assessment):
    assert outsider_client.get(reverse("partners:how_scores", args=[assessment.pk])).status_code == 404
