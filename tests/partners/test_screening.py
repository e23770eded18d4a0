from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse

from duediligence.partners.models import MatchStatus, Partner, ScreeningMatch
from duediligence.partners.screening import screen


def add(assessment, name, name_local="", city="Ürümqi", category="supplier"):
    return Partner.objects.create(
        assessment=assessment, name=name, name_local=name_local, category=category, city=city, country="China"
    )


def matched_entities(partner):
    return [match.entity.name for match in partner.matches.all()]


def test_an_exact_listed_name_matches_with_legal_form_differences(assessment, default_list):
    partner = add(assessment, "HANGZHOU HIKVISION Digital Technology Co. Ltd")
    screen(assessment_id=assessment.pk)
    match = partner.matches.get()
    assert "Hikvision" in match.entity.name
    assert match.exact is True


def test_an_xpcc_subsidiary_under_its_chinese_name_matches(assessment, default_list):
    partner = add(assessment, "Aral Agricultural Supplies", name_local="新疆生产建设兵团第一师阿拉尔市农资公司")
    screen(assessment_id=assessment.pk)
    assert any("Production and Construction Corps" in name for name in matched_entities(partner))


def test_an_alias_matches(assessment, default_list):
    partner = add(assessment, "Hotan Prefecture Public Security Bureau")  # listed as an alias of Hetian PSB
    screen(assessment_id=assessment.pk)
    assert "Hetian Prefecture Public Security Bureau" in matched_entities(partner)


@pytest.mark.parametrize(
    "name", ["Bavarian Precision Optics GmbH", "Shenzhen Bright Lighting Co., Ltd.", "Ürümqi Dental Clinic"]
)
def test_clearly_different_names_do_not_match(assessment, default_list, name):
    partner = add(assessment, name)
    screen(assessment_id=assessment.pk)
    assert matched_entities(partner) == []


def test_exact_matches_rank_first(assessment, default_list):
    partner = add(assessment, "Xinjiang Production and Construction Corps Public Security Bureau")
    screen(assessment_id=assessment.pk)
    matches = list(partner.matches.all())
    assert matches[0].exact
    assert all(m.exact or m.score <= matches[0].score for m in matches)


def test_decisions_survive_rescreening_and_list_reimport(assessment, default_list, officer):
    partner = add(assessment, "Hikvision Digital Technology Co., Ltd.")
    screen(assessment_id=assessment.pk)
    match = partner.matches.get()
    match.status, match.reason, match.decided_by = MatchStatus.DISMISSED, "A different Hikvision reseller", officer
    match.save()
    call_command("import_screening_list", "--default", stdout=StringIO())
    screen(assessment_id=assessment.pk)
    match = partner.matches.get()
    assert (match.status, match.reason) == (MatchStatus.DISMISSED, "A different Hikvision reseller")


def test_a_potential_match_that_no_longer_matches_is_dropped(assessment, default_list):
    partner = add(assessment, "Hikvision Digital Technology")
    screen(assessment_id=assessment.pk)
    partner.name = "Bavarian Precision Optics"
    partner.save()
    screen(assessment_id=assessment.pk)
    assert not ScreeningMatch.objects.exists()


def test_saving_a_partner_in_the_page_screens_it(officer_client, assessment, default_list):
    response = officer_client.post(
        reverse("partners:new", args=[assessment.pk]),
        {"name": "Xinjiang Zhongtai Chemical Company", "category": "supplier", "country": "China", "disclosed": "on"},
    )
    partner = Partner.objects.get()
    assert response["Location"] == reverse("partners:detail", args=[assessment.pk, partner.pk])
    page = officer_client.get(response["Location"]).content.decode()
    assert "Potential match" in page
    assert "Source:" in page


def test_confirming_a_match_raises_a_high_flag_on_the_overview(
    officer_client, auditor_client, assessment, default_list
):
    partner = add(assessment, "Hikvision Digital Technology")
    screen(assessment_id=assessment.pk)
    match = partner.matches.get()
    url = reverse("partners:match_decide", args=[assessment.pk, partner.pk, match.pk])
    officer_client.post(url, {"decision": "confirmed", "reason": ""})
    match.refresh_from_db()
    assert match.status == "confirmed" and match.decided_at
    overview = officer_client.get(reverse("assessments:overview", args=[assessment.pk])).content.decode()
    assert "Partners confirmed on a screening list" in overview
    assert "1 confirmed screening match" in overview


def test_dismissing_needs_a_reason(officer_client, assessment, default_list):
    partner = add(assessment, "Hikvision Digital Technology")
    screen(assessment_id=assessment.pk)
    match = partner.matches.get()
    url = reverse("partners:match_decide", args=[assessment.pk, partner.pk, match.pk])
    page = officer_client.post(url, {"decision": "dismissed", "reason": ""}, follow=True).content.decode()
    assert "Say why this is not the listed entity" in page
    match.refresh_from_db()
    assert match.status == "potential"


def test_the_command_prints_matches(assessment, default_list):
    add(assessment, "Hikvision Digital Technology")
    out = StringIO()
    call_command("screen_partners", str(assessment.pk), stdout=out)
    lines = out.getvalue().splitlines()
    assert lines[0].startswith("partner\tlisted entity")
    assert "Hikvision Digital Technology\t" in lines[1]


def test_the_command_refuses_an_unknown_assessment(db):
    from django.core.management import CommandError

    with pytest.raises(CommandError, match="there is no assessment 999"):
        call_command("screen_partners", "999")


def test_the_list_caveat_and_sources_are_shown(officer_client, assessment, default_list):
    page = officer_client.get(reverse("partners:list", args=[assessment.pk])).content.decode()
    assert "not the current official list" in page


def test_a_lab_of_one_bureau_matches_that_bureau_not_every_bureau(assessment, default_list):
    partner = add(
        assessment,
        "Kashgar Prefecture Public Security Bureau Forensic Laboratory",
        name_local="喀什地区公安局物证鉴定所",
        category="psb_lab",
    )
    screen(assessment_id=assessment.pk)
    assert matched_entities(partner) == ["Kashgar Prefecture Public Security Bureau"]


def test_an_owner_on_a_list_is_found_and_the_result_says_so(officer_client, assessment, default_list):
    partner = add(assessment, "Aral Cotton Ginning Works")
    partner.owner, partner.owner_share = "新疆生產建設兵團", 60  # written in traditional characters
    partner.save()
    screen(assessment_id=assessment.pk)
    match = partner.matches.get()
    assert match.entity.name == "Xinjiang Production and Construction Corps"
    assert match.via_owner is True
    assert match.explanation.startswith("Its owner “新疆生產建設兵團” matches")
    page = officer_client.get(reverse("partners:detail", args=[assessment.pk, partner.pk])).content.decode()
    assert "Matched through the partner's owner (60%)" in page
    assert "as this owner's share is" in page


def test_the_partners_own_name_ranks_before_its_owners(assessment, default_list):
    partner = add(assessment, "Hikvision")
    partner.owner = "China Electronics Technology Group Corporation"
    partner.save()
    screen(assessment_id=assessment.pk)
    assert [(m.entity.name, m.via_owner) for m in partner.matches.all()] == [
        ("Hangzhou Hikvision Digital Technology Co., Ltd.", False)
    ]


def test_alternatives_below_the_answer_are_shown_but_not_flagged(officer_client, assessment, tmp_path):
    path = tmp_path / "list.csv"
    # Made-up words, rare everywhere: the names differ only in what the shorter one lacks.
    path.write_text("name,lists\nVorkandy Tesselor Co.,BIS\nVorkandy Tesselor Brindamor Co.,UFLPA\n", encoding="utf-8")
    call_command("import_screening_list", str(path), "--slug", "madeup", stdout=StringIO())
    partner = add(assessment, "Vorkandy Tesselor Brindamor Trading Co.")
    screen(assessment_id=assessment.pk)
    assert matched_entities(partner) == ["Vorkandy Tesselor Brindamor Co."]
    page = officer_client.get(reverse("partners:detail", args=[assessment.pk, partner.pk])).content.decode()
    assert "Other listed entities it resembles, less closely" in page
    assert "Vorkandy Tesselor Co. (Export control" in page


def test_places_rank_entities_the_words_cannot_tell_apart(assessment, tmp_path):
    path = tmp_path / "list.csv"
    path.write_text(
        "name,lists\nChangji Esquel Textile Co.,UFLPA\nTurpan Esquel Textile Co.,UFLPA\nEsquel Group,UFLPA\n",
        encoding="utf-8",
    )
    call_command("import_screening_list", str(path), "--slug", "esquel", stdout=StringIO())
    changji = add(assessment, "Esquel Textile (Changji) Co., Ltd.")
    misspelt = add(assessment, "Chnagji Esquel Textile", city="Changji")  # a typo in a long place name
    screen(assessment_id=assessment.pk)
    assert matched_entities(changji) == ["Changji Esquel Textile Co."]
    assert matched_entities(misspelt) == ["Changji Esquel Textile Co."]


@pytest.mark.parametrize(
    ("name", "name_local", "expected"),
    [
        ("", "新疆生產建設兵團", "Xinjiang Production and Construction Corps"),  # traditional characters
        ("", "旷视科技", "Megvii Technology Limited"),  # a short form without the city
        ("DJI", "", "SZ DJI Technology Co., Ltd."),  # a three-letter name, as a whole word
        ("XUAR PSB", "", "Xinjiang Uighur Autonomous Region (XUAR) People's Government Public Security Bureau"),
        ("Shanghai Municipal Public Security Bureau", "", None),  # another place, another bureau
        ("camel active GmbH", "", None),  # a brand of its own beside a common word
        ("Xinjiang Energy Saving Technology Service Co.", "", None),  # generic words alone never match
        ("Dahuang Trading Co.", "", None),
        ("Megaview Analytics Ltd.", "", None),
        ("Cloudwise Software Co.", "", None),
        ("DJI Logistics Deutschland", "", "SZ DJI Technology Co., Ltd."),
        ("Adjigo Trading", "", None),  # DJI inside another word is not DJI
    ],
)
def test_the_kinds_of_case_the_issue_names(assessment, default_list, name, name_local, expected):
    partner = add(assessment, name or name_local, name_local=name_local)
    screen(assessment_id=assessment.pk)
    assert matched_entities(partner) == ([expected] if expected else [])
