"""How screening reads a name and what it is looked up by (partners/names.py): the rules hold by construction."""

import pytest

from duediligence.partners import screening
from duediligence.partners.evidence import THRESHOLD, compare, lookup_words
from duediligence.partners.names import clean, key_for, name_tokens, partner_tokens
from duediligence.partners.screening import screen
from duediligence.partners.weights import current_weights


def listed_tokens(name):
    """A listed name's tokens as entity_names_build stores them: only its words rare enough to be evidence."""
    weights = current_weights()
    key = key_for(name)
    return name_tokens(key, evidence=lookup_words(key, weights))


def shares_a_token(partner_name, listed_name):
    return bool(set(partner_tokens(partner_name, "")) & listed_tokens(listed_name))


def score(partner_name, listed_name):
    comparison = compare(key_for(partner_name), key_for(listed_name), current_weights())
    return comparison.score if comparison else 0.0


@pytest.mark.parametrize(
    ("partner", "listed"),
    [
        ("IFLTYEK Co., Ltd.", "IFLYTEK Co., Ltd."),  # two letters swapped
        ("CloudWlak Technology", "CloudWalk Technology Co., Ltd."),
        ("Hikvison", "Hangzhou Hikvision Digital Technology Co., Ltd."),  # a letter missing
        ("Hik Vision Digital", "Hikvision"),  # written apart
        ("Hebei Tomato Indutsry", "Hebei Tomato Industry Co., Ltd."),  # only common words, one misspelt
        ("Beijing Kuangshi Keji", "北京旷视科技有限公司"),  # pinyin of the Chinese name
        ("旷视科技", "北京旷视科技有限公司"),  # a short form
        ("A Ke Su Hua Fu Se Fang", "阿克苏华孚色纺有限公司"),  # "Se" between syllables is pinyin, not a legal form
        ("Hua Fu Shi Shang", "Huafu Fashion Co., Ltd."),  # a one-syllable run does not end before 服饰
        ("Luo Pu Xian Mei Xin Fa Zhi Pin", "Lop County Meixin Hair Product Co., Ltd."),  # Xian is the county
    ],
)
def test_variants_share_a_lookup_token_and_match(default_list, partner, listed):
    assert shares_a_token(partner, listed)
    assert score(partner, listed) >= THRESHOLD


@pytest.mark.parametrize(
    ("partner", "listed"),
    [
        # A misspelt word of trade, of a kind of body or of a place of several words is still that word.
        (
            "China Cotton Group Shandong Logistcis Park Co., Ltd.",
            "China Cotton Group Shandong Logistics Park Co., Ltd.",
        ),
        ("Xinjiang Production and Cosntruction Corps", "Xinjiang Production and Construction Corps"),
        ("Inner Mongoila Xuanda Food Co., Ltd.", "Inner Mongolia Xuanda Food Co., Ltd."),
        ("Xinjiang Police Collgee", "Xinjiang Police College"),
        # Two letters of pinyin swapped are a slip, where one letter changed is another name (Shenhua, Shenhuo).
        (
            "Xinjiang Lianhai Cuhangzhi Information Technology",
            "Xinjiang Lianhai Chuangzhi Information Technology Co., Ltd.",
        ),
        # Wade-Giles, both ways.
        ("光启科学有限公司", "Kuang-Chi Group"),
        ("Chungtai Chemical", "新疆中泰化学股份有限公司"),
        # A national body's unit, in any order and script, and a police college by any of its translations.
        ("Institute of Forensic Science of the Ministry of Public Security", "公安部物证鉴定中心"),
        (
            "Gong An Bu Wu Zheng Jian Ding Zhong Xin",
            "Ministry of Public Security Institute of Forensic Science of China",
        ),
        ("Xinjiang Police University", "新疆警察学院"),
        ("Police College (Xinjiang)", "Xinjiang Police College"),
        # A name wholly in Wade-Giles is read in pinyin: its place, kind of body and words of trade are found.
        ("Wu-lu-mu-ch'i Shih Kung-an-chü", "Urumqi Municipal Public Security Bureau"),
        ("Hsin-chiang Sheng-ch'an Chien-she Ping-t'uan", "Xinjiang Production and Construction Corps"),
        ("Zhong Guo Dian Zi Ke Ji Ji Tuan", "China Electronics Technology Group Corporation"),
        # A place that is also a kind of body (兵团, Bingtuan), before another kind, is that body's place.
        ("兵团公安局", "Xinjiang Production and Construction Corps Public Security Bureau"),
        ("Bingtuan Public Security Bureau", "Xinjiang Production and Construction Corps Public Security Bureau"),
        ("Bingtuan 163rd Regiment", "Xinjiang Production and Construction Corps"),
        (
            "Xinjiang Public Security Department",
            "Xinjiang Uighur Autonomous Region (XUAR) People's Government Public Security Bureau",
        ),
        ("Urumqi PSB", "Urumqi Municipal Public Security Bureau"),
        # Words of trade in either script (系统 system, 通信 telecommunication), and a filler between syllables is a
        # syllable ("Cheng Du": not French "du").
        ("Hangzhou Hikvision System Technology Co., Ltd.", "Hangzhou Hikvision Digital Technology Co., Ltd."),
        ("FiberHome Telecommunication Technologies Co., Ltd.", "FiberHome Technologies Group"),
        ("Cheng Du Xi Wu Xin An Zhi Neng Xi Tong", "成都西物信安智能系统"),
        # A kind of body misspelt by a letter (two in a long one), and an XPCC division named with its city.
        (
            "Changji Hui Autonomous Prefecture Pubic Security Bureau",
            "Changji Hui Autonomous Prefecture Public Security Bureau",
        ),
        ("Tumushuke Municipal Public Security Beaureau", "Tumushuke Municipal Public Security Bureau"),
        ("第八师石河子市公安局", "Shihezi Municipality Public Security Bureau"),
        # Other translations of 公安局.
        ("Kashgar Prefecture Public Safety Bureau", "Kashgar Prefecture Public Security Bureau"),
        ("Urumqi Municipal Public Security Administration", "Urumqi Municipal Public Security Bureau"),
    ],
)
def test_misspelt_older_and_translated_forms_match(default_list, partner, listed):
    assert shares_a_token(partner, listed)
    assert score(partner, listed) >= THRESHOLD


@pytest.mark.parametrize(
    ("partner", "listed"),
    [
        # Wade-Giles drops what tells two Chinese names apart: 崇泰 and 中泰 are both "chungtai".
        ("新疆崇泰化学有限公司", "新疆中泰化学股份有限公司"),
        # A national body's unit with a place of its own is that place's, not the country's.
        ("Xinjiang Forensic Center, Ministry of Public Security", "公安部物证鉴定中心"),
        ("Gansu Police College", "Xinjiang Police College"),  # another province's college
        (
            "Shanghai Institute of Forensic Science",
            "Ministry of Public Security Institute of Forensic Science of China",
        ),
        ("Xinjiang Agricultural University", "Xinjiang Police College"),
        # A level word says which of a place's namesakes it is: the city's bureau is not the prefecture's.
        ("Aksu City Public Security Bureau", "Aksu District Public Security Bureau"),
        ("Hotan County Public Security Bureau", "Hetian Prefecture Public Security Bureau"),
        ("Kashgar Shi Gonganju", "Kashgar Prefecture Public Security Bureau"),
        ("Altay Prefecture Public Security Bureau", "Altay Municipality Public Security Bureau"),
        # A county named like its city is that county only with its word of level.
        ("Urumqi County Public Security Bureau", "Urumqi PSB"),
        # A government is not its department, and a department named with its government is the department.
        (
            "People's Government of Xinjiang Uygur Autonomous Region",
            "Xinjiang Uighur Autonomous Region (XUAR) People's Government Public Security Bureau",
        ),
    ],
)
def test_bodies_of_another_place_or_kind_do_not_match(default_list, partner, listed):
    assert score(partner, listed) < THRESHOLD


@pytest.mark.parametrize(
    ("partner", "listed"),
    [
        # A prefecture-level city is still called the prefecture it was (Hami until 2016), or a district.
        ("Hami Prefecture Public Security Bureau", "Hami Municipality Public Security Bureau"),
        ("Turpan District Public Security Bureau", "Turfan Municipality Public Security Bureau"),
        # A bare place may be any of its namesakes; a level that fits none is the writer's slip, not another place.
        ("Aksu Public Security Bureau", "Aksu District Public Security Bureau"),
        ("Wujiaqu County Public Security Bureau", "Wujiaqu Municipality Public Security Bureau"),
    ],
)
def test_a_level_word_narrows_a_place_only_to_what_it_can_mean(default_list, partner, listed):
    assert score(partner, listed) >= THRESHOLD


def test_wade_giles_is_read_only_where_a_name_is_written_in_it():
    from duediligence.partners.names import _from_wade_giles

    assert _from_wade_giles("Hsin-chiang Ching-ch'a Hsüeh-yüan") == "xin jiang jing cha xue yuan"
    assert _from_wade_giles("K'o-chi Chi-t'uan") == "ke ji ji tuan"  # the apostrophe tells qi from ji
    for name in ("Kuang-Chi Group", "Ba-Yi Iron and Steel", "Coca-Cola", "Hik-Vision Shih"):
        assert _from_wade_giles(name) == name  # pinyin already, or not Chinese at all
    assert _from_wade_giles("Kung-an-chü Shih No. 3") == "gong an ju shi No. 3"  # English beside it stays


def test_a_misspelt_kind_of_body_is_mended_only_where_one_word_of_it_is_no_word(default_list):
    from duediligence.partners.names import _kinds_mended

    assert _kinds_mended(["public", "security", "beaureau"]) == ["public", "security", "bureau"]
    # English words one letter from a kind's word are a name's own words, not a misspelt body ...
    assert not key_for("Xinjiang Policy College").body
    assert score("Urumqi Detection Center", "Urumqi No. 3 Detention Center") < THRESHOLD
    assert _kinds_mended(["hikvision", "security"]) == ["hikvision", "security"]
    # ... and a kind written right is left as it is, whatever follows it.
    assert _kinds_mended(["police", "department", "reeducation", "camp"]) == [
        "police",
        "department",
        "reeducation",
        "camp",
    ]


def test_a_word_is_corrected_only_into_one_word_and_never_from_english_or_pinyin():
    from duediligence.partners.names import _vocabulary_typo

    assert _vocabulary_typo("instiutte") == "institute"
    assert _vocabulary_typo("collage") == "collage"  # an English word of its own
    assert _vocabulary_typo("tanyuan") == "tanyuan"  # pinyin: a name, however near a place
    assert _vocabulary_typo("hikvision") == "hikvision"  # a brand near no word
    # A brand one letter from a word of trade, first in its name after a place, stays the brand.
    assert key_for("Silicom Ltd").words == ("silicom",)
    assert key_for("Xinjiang Digitel").words == ("digitel",)
    assert key_for("Shandong Cotton Logistcis Park").words == ("cotton", "logistic", "park")
    # Every form of a kind of body meets the name that writes it, plurals and apostrophes included.
    assert key_for("Xinjiang Police Officers College").body == "police_college"
    assert key_for("新疆珠宝玉石鉴定中心有限公司").body == ""  # an appraisal firm, not a forensic institute


@pytest.mark.parametrize(
    ("partner", "listed"),
    [
        ("喀什纺织有限公司", "阿克苏纺织科技有限公司"),  # a place and a word of trade in common
        ("Xinjiang Energy Saving Technology Service Co.", "Xinjiang Energy Co., Ltd."),
        ("Polysilicon Machinery Trading", "Daqo New Energy Polysilicon Machinery"),
        ("Western Digital Corporation", "Western Gold Co., Ltd."),  # an ordinary English word is not evidence
    ],
)
def test_names_sharing_only_common_words_are_not_even_candidates(default_list, partner, listed):
    assert not shares_a_token(partner, listed)


def test_a_misspelt_legal_form_is_not_a_word_of_the_name():
    assert key_for("Hengshui Cotton Corpoartion").words == key_for("Hengshui Cotton Corporation").words


def test_legal_forms_with_dots_are_folded():
    assert key_for("Acme Vorkandy S.p.A.").words == key_for("Acme Vorkandy SpA").words == ("acme", "vorkandy")
    assert key_for("Vorkandy Co.,Ltd.").words == ("vorkandy",)
    # Initials with dots stay one word without swallowing the legal form after them.
    assert key_for("Vorkandy R.I.A. Co., Ltd.").words == key_for("Vorkandy RIA Limited").words == ("vorkandy", "ria")
    assert key_for("Vorkandy K. L. M. Inc.").words == ("vorkandy", "klm")


def test_a_legal_form_of_several_words_is_dropped_whole_and_marks_a_registered_name():
    stock = key_for("Vorkandy Silicon Joint Stock Co., Ltd.")
    assert stock.words == key_for("Vorkandy Silicon Co., Ltd.").words == ("vorkandy", "silicon")
    assert stock.registered and key_for("沃坎迪硅业股份有限公司").registered
    # "Joint" alone is a word of the name, and a name without a legal form is no registration.
    laboratory = key_for("Vorkandy Joint Laboratory")
    assert "joint" in laboratory.words and not laboratory.registered
    # A legal form ends a registered name: one inside a name ("Stock Exchange", a branch after it) makes none.
    assert not key_for("Vorkandy Stock Exchange").registered
    assert not key_for("Vorkandy Co., Ltd. Urumqi Branch").registered


def test_html_entities_from_spreadsheets_are_unescaped():
    assert clean("Ho &amp;amp; Sons &#39;Vorkandy&#39;") == "Ho & Sons 'Vorkandy'"
    assert key_for("Ho &amp; Vorkandy").words == key_for("Ho & Vorkandy").words


def test_japanese_and_traditional_forms_are_simplified():
    assert key_for("紫金鉱業集団").cjk == key_for("紫金礦業集團").cjk == key_for("紫金矿业集团").cjk


def test_places_are_read_in_every_romanisation_and_script():
    yarkand, shache, chinese = (key_for(f"{place} Public Security Bureau") for place in ("Yarkand", "Shache", ""))
    assert yarkand.body == shache.body == "public_security_bureau"
    assert yarkand.body_places == shache.body_places
    assert key_for("莎车县公安局").body_places == shache.body_places
    assert not chinese.body_places


def test_every_prefecture_of_china_is_a_place_and_a_city_at_the_head_of_a_latin_name_is_read_both_ways(default_list):
    from duediligence.partners.vocabulary import gazetteer

    guilin = key_for("桂林溢达纺织有限公司")
    assert guilin.places and all(gazetteer().places[i].zh == "桂林市" for i in guilin.places[0])
    assert "guilin" not in guilin.words
    # In Latin script a city's pinyin may be a brand (Dali Foods is not of Dali): at the head it is both.
    dali = key_for("Dali Foods Group Co., Ltd.")
    assert "dali" in dali.words and dali.leading
    assert not key_for("Acme Dali Foods Co., Ltd.").places  # elsewhere only with its word of level
    assert key_for("Acme Dali City Foods Co., Ltd.").places
    # A short form that is more often part of another name is not read as the place; nor is a city's short form
    # inside a name, in either script (国泰安 is not Tai'an), unless a legal form or a branch is all that follows.
    assert not key_for("阿里巴巴集团控股有限公司").places
    assert not key_for("深圳国泰安教育技术有限公司").places[1:]
    assert score("Zhong Tai An Quan Ke Ji", "中泰安全科技有限公司") >= THRESHOLD
    assert key_for("骆驼集团新能源电池襄阳有限公司").places == key_for("Camel Group Battery Xiangyang Co., Ltd.").places


def test_a_partner_named_after_its_place_and_a_listed_group_is_one_of_the_groups_companies(default_list):
    assert score("Guilin Esquel Textile Co., Ltd.", "Esquel Group") >= THRESHOLD


def test_a_country_is_a_place_not_a_word():
    key = key_for("DJI Logistics Deutschland")
    assert key.words == ("dji", "logistic")
    assert key.places == (frozenset({"country:de"}),)
    assert key.sectors == {"logistics"}


def test_a_bare_county_at_the_head_is_read_both_ways(default_list):
    # "Ninghai Huafu" is Huafu's Ninghai company, or a company called Ninghai Huafu: the word may be the place.
    key = key_for("Ninghai Huafu Textile Co., Ltd.")
    assert key.words[0] == "ninghai" and key.slots[0].place
    assert score("Huafu Textile (Ninghai) Co., Ltd.", "Ninghai Huafu Textile Co., Ltd.") == 1.0


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


@pytest.mark.parametrize(
    ("partner", "listed"),
    [
        ("东方希望集团有限公司", "East Hope Group"),  # translated by meaning, word by word
        ("East Hope Group Co., Ltd.", "东方希望集团"),  # and the other way round
        ("金太阳纺织有限公司", "Golden Sun Textile Co."),  # a single character read where the whole run is
        ("骆驼集团股份有限公司", "Camel Group Co., Ltd."),
        ("弘元绿色能源股份有限公司", "Hongyuan Green Energy Co., Ltd."),  # pinyin and meaning in one run
    ],
)
def test_names_translated_by_meaning_meet_across_scripts(default_list, partner, listed):
    assert shares_a_token(partner, listed)
    assert score(partner, listed) >= THRESHOLD


def test_a_translation_is_made_only_of_whole_words_or_a_whole_run(default_list):
    weights = current_weights()
    # 东方 alone is "east": not enough for a name whose every word is common ("East Hope").
    assert compare(key_for("东方电气集团"), key_for("East Hope Group"), weights) is None
    # A lone 金 inside a name read otherwise in pinyin is not rendered "gold".
    forms = {form for slot in key_for("金沙江贸易有限公司").slots for form in slot.forms}
    assert "gold" not in forms and "golden" not in forms


def test_a_character_read_another_way_still_meets_the_name(default_list):
    # pypinyin reads 勒 as "lei"; the company writes its name "Ashele".
    assert shares_a_token("新疆阿舍勒铜业股份有限公司", "Xinjiang Ashele Copper Co., Ltd.")
    assert score("新疆阿舍勒铜业股份有限公司", "Xinjiang Ashele Copper Co., Ltd.") >= THRESHOLD


def test_a_chinese_name_is_cut_where_fewest_characters_fall_outside_a_word(default_list):
    # Longest-first from the left read 紫|金矿|业 (a gold mine between two stray characters) and 棉纺|织.
    assert key_for("紫金矿业集团股份有限公司").words == ("zijin", "mining", "group")
    assert key_for("南京新一棉纺织印染有限公司").words == ("xinyi", "cotton", "textile", "printing", "dyeing")
    assert score("Zijin Kuangye Jituan", "紫金矿业集团股份有限公司") >= THRESHOLD


def test_chinese_is_read_as_pypinyin_reads_it():
    """names._spoken keeps each dictionary word's reading instead of calling pypinyin per run: every Chinese run of
    the shipped list and of the screening cases reads exactly as lazy_pinyin reads it, phrase readings included
    (重庆 is "chongqing", 银行 "yinhang", 行长 "hangzhang")."""
    import csv
    import re
    from pathlib import Path

    from pypinyin import lazy_pinyin

    from duediligence.partners.names import _spoken

    root = Path(__file__).resolve().parents[2]
    files = [*root.glob("bench/data/*.csv"), *root.glob("duediligence/partners/data/*.csv")]
    runs = {"重庆银行行长", "长沙银行", "朝阳重工", "曾家"}
    for path in files:
        for row in csv.reader(path.open(encoding="utf-8")):
            for cell in row:
                runs.update(re.findall(r"[\u4e00-\u9fff]+", cell))
    assert len(runs) > 500
    differing = [run for run in sorted(runs) if _spoken(run) != tuple(lazy_pinyin(run))]
    assert differing == []


@pytest.mark.parametrize(
    "name",
    [
        "Hikvision Digital Technology Co., Ltd.",
        "新疆东方希望有限公司",
        "Kashgar Prefecture Public Security Bureau",
        "合盛硅业(鄯善)有限公司",
        "Xinjiang Tianshan Wool Textile 天山毛纺",
        "",
    ],
)
def test_a_name_as_read_is_stored_and_loaded_unchanged(name):
    from duediligence.partners.names import keys_dump, keys_load

    keys = (key_for(name), key_for("Urumqi Tea Co."))
    loaded = keys_load(keys_dump(keys))
    assert loaded == keys
    assert [key.forms for key in loaded] == [key.forms for key in keys]  # derived values work on loaded keys


def test_names_stored_by_another_reading_are_read_again():
    from duediligence.partners.names import keys_dump, keys_load

    stored = keys_dump((key_for("Hikvision"),))
    assert keys_load(b"\0" * 8 + stored[8:]) is None
    assert keys_load(b"") is None and keys_load(None) is None


@pytest.mark.django_db
def test_screening_loads_a_partners_names_as_stored_instead_of_reading_them(assessment, default_list, monkeypatch):
    from tests.partners.test_screening import add

    partner = add(assessment, "HANGZHOU HIKVISION Digital Technology Co. Ltd")
    screen(assessment_id=assessment.pk)
    first = set(partner.matches.values_list("entity_id", "score"))
    assert first
    read = []
    original = screening.names.key_for

    def counting(name):
        read.append(name)
        return original(name)

    monkeypatch.setattr(screening.names, "key_for", counting)
    screen(assessment_id=assessment.pk)
    assert partner.name not in read  # loaded from Partner.name_keys
    assert set(partner.matches.values_list("entity_id", "score")) == first

    # Stored by another reading (an upgrade changed the vocabulary): read again, the same answer.
    type(partner).objects.filter(pk=partner.pk).update(name_keys=b"\0" * 16)
    screen(assessment_id=assessment.pk)
    assert partner.name in read
    assert set(partner.matches.values_list("entity_id", "score")) == first


@pytest.mark.django_db
def test_a_list_import_reads_only_names_no_entry_has_stored(default_list, monkeypatch):
    from duediligence.partners import names, weights
    from duediligence.partners.models import ListedEntity

    entities = list(ListedEntity.objects.filter(current=True))
    assert entities and all(names.keys_load(entity.name_keys) is not None for entity in entities)
    entity = entities[0]
    assert names.keys_load(entity.name_keys) == tuple(key_for(label) for label in entity.labels)

    read = []
    original = names.clean

    def counting(text):
        read.append(text)
        return original(text)

    monkeypatch.setattr(names, "clean", counting)
    names.key_for.cache_clear()  # a process that never read them
    weights.count_documents()
    labels = {label for entity in entities for label in entity.labels}
    assert not labels & set(read)
