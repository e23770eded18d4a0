"""Importing screening lists from their publishers' layouts (samples in tests/partners/lists/), and what follows."""

import datetime
import hashlib
import shutil
from io import StringIO
from pathlib import Path

import pytest
from django.core import mail
from django.core.management import CommandError, call_command
from django.urls import reverse

from duediligence.partners.lists import new_matches_for
from duediligence.partners.models import ListedEntity, ListImport, MatchStatus, Partner, ScreeningList
from tests.partners.test_screening import add

SAMPLES = Path(__file__).resolve().parent / "lists"


def load(path, fmt, slug, *extra):
    out = StringIO()
    call_command("import_screening_list", str(path), "--format", fmt, "--slug", slug, *extra, stdout=out)
    return out.getvalue()


def test_the_default_list_keeps_sources_kinds_and_unverified_entries(default_list):
    assert default_list.entities.count() == 154
    aksu = ListedEntity.objects.get(name="Aksu District Public Security Bureau")
    assert aksu.verified is False
    assert aksu.local_names == ["阿克苏地区公安局"]
    assert "84 FR 54002" in aksu.source
    assert aksu.kinds == ["export_control"]
    assert aksu.retrieved_on == datetime.date(2026, 11, 29)
    xpcc = ListedEntity.objects.get(name="Xinjiang Production and Construction Corps")
    assert set(xpcc.kinds) == {"blocking_sanction", "export_control", "import_ban"}
    assert "新疆生产建设兵团" in xpcc.local_names
    cetc = ListedEntity.objects.get(name="China Electronics Technology Group Corporation")
    assert (cetc.kinds, cetc.verified) == (["context"], False)
    assert default_list.file_date == datetime.date(2026, 11, 29)
    raw = (Path("duediligence/partners/data/xinjiang_entities.csv")).read_bytes()
    assert default_list.files == [
        {"name": "xinjiang_entities.csv", "sha256": hashlib.sha256(raw).hexdigest(), "bytes": len(raw)}
    ]


def test_ofac_sdn_files_import_with_aliases_and_addresses_and_leave_people_out(db):
    output = load(SAMPLES / "sdn", "sdn", "ofac-sdn", "--file-date", "2026-11-25")
    xpcc = ListedEntity.objects.get(name="XINJIANG PRODUCTION AND CONSTRUCTION CORPS")
    assert (xpcc.aliases, xpcc.local_names, xpcc.countries) == (["XPCC"], ["新疆生产建设兵团"], ["China"])
    assert xpcc.kinds == ["blocking_sanction"]
    assert xpcc.programmes == ["GLOMAG"]
    assert not ListedEntity.objects.filter(name__icontains="CHEN").exists()
    assert not ListedEntity.objects.filter(name__icontains="VESSEL").exists()
    listed = ScreeningList.objects.get(slug="ofac-sdn")
    assert listed.file_date == datetime.date(2026, 11, 25)
    assert [file["name"] for file in listed.files] == ["sdn.csv", "alt.csv", "add.csv"]
    assert "2 people, vessels or aircraft left out" in output
    assert hashlib.sha256((SAMPLES / "sdn" / "sdn.csv").read_bytes()).hexdigest() in output


def test_opensanctions_targets_carry_kinds_per_dataset_and_the_file_date(db):
    load(SAMPLES / "targets.simple.csv", "opensanctions", "opensanctions")
    hoshine = ListedEntity.objects.get(name="Hoshine Silicon Industry (Shanshan) Co. Ltd.")
    assert hoshine.kinds == ["import_ban", "export_control"]
    assert hoshine.local_names == ["合盛硅业（鄯善）有限公司"]
    megvii = ListedEntity.objects.get(name="Beijing Megvii Technology Co. Ltd.")
    assert megvii.kinds == ["investment_ban"]
    assert not ListedEntity.objects.filter(name="Chen Quanguo").exists()
    listed = ScreeningList.objects.get(slug="opensanctions")
    # The latest change recorded among the organisations read (the person's later change is left out with it).
    assert listed.file_date == datetime.date(2026, 11, 20)
    assert listed.file_date_from == "the latest change recorded in the file"


def test_the_eu_xml_imports_enterprises_with_the_files_generation_date(db):
    load(SAMPLES / "eu.xml", "eu", "eu-fsf")
    bureau = ListedEntity.objects.get()
    assert bureau.name == "Xinjiang Production and Construction Corps Public Security Bureau"
    assert bureau.aliases == ["XPCC PSB"]
    assert (bureau.kinds, bureau.programmes, bureau.countries) == (["blocking_sanction"], ["GHR"], ["China"])
    assert "eur-lex.europa.eu" in bureau.source_url
    assert ScreeningList.objects.get(slug="eu-fsf").file_date == datetime.date(2026, 11, 26)


def test_a_csl_file_imports_and_a_reimport_replaces_it(db, tmp_path):
    load(SAMPLES / "csl.csv", "csl", "csl", "--file-date", "2026-11-01")
    entity = ListedEntity.objects.get(name="Example Surveillance Co.")
    assert (entity.aliases, entity.local_names, entity.kinds) == (["Example Surv"], ["示例监控"], ["export_control"])
    assert not ListedEntity.objects.filter(name="CHEN, Quanguo").exists()
    path = tmp_path / "csl.csv"
    path.write_text("source,name,alt_names,programs\nEntity List,Second Co.,,EAR\n", encoding="utf-8")
    load(path, "csl", "csl")
    entities = ScreeningList.objects.get(slug="csl").entities
    assert list(entities.filter(current=True).values_list("name", flat=True)) == ["Second Co."]
    # The entries of the earlier edition stay, no longer current: matches made against them keep what they saw.
    assert not entities.get(name="Example Surveillance Co.").current


def write(tmp_path, name, content):
    path = tmp_path / name
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("fmt", "name", "content", "problem"),
    [
        ("csl", "bad.csv", "title\nx\n", "missing column"),
        ("eu", "broken.xml", "<export><sanctionEntity></export>", "not well-formed XML"),
        ("eu", "other.xml", "<list><item/></list>", "root element is <list>"),
        (
            "eu",
            "bomb.xml",
            '<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaa"><!ENTITY b "&a;&a;">]><export>&b;</export>',
            "declares entities",
        ),
        ("opensanctions", "targets.csv", "id,name\n1,x\n", "missing column(s) aliases, dataset, schema"),
        ("opensanctions", "utf16.csv", "id,schema,name,aliases,dataset\n".encode("utf-16"), "NUL bytes"),
        ("csv", "latin1.csv", "name,lists\nSociété Générale,BIS\n".encode("latin-1"), "not UTF-8"),
        ("sdn", "sdn.csv", '1,"ONLY THREE",-0- \r\n', "not in OFAC's layout"),
        ("csv", "kinds.csv", "name,lists,list_kind\nX,BIS,embargo\n", "unknown list_kind 'embargo'"),
    ],
)
def test_a_malformed_file_is_refused_in_one_line_and_changes_nothing(
    default_list, tmp_path, fmt, name, content, problem
):
    before = (default_list.entities.count(), ListImport.objects.count(), default_list.files)
    path = write(tmp_path, name, content)
    with pytest.raises(CommandError) as refused:
        load(path, fmt, "xinjiang-reference")
    message = str(refused.value)
    assert problem in message
    assert "\n" not in message and name in message
    default_list.refresh_from_db()
    assert (default_list.entities.count(), ListImport.objects.count(), default_list.files) == before


def test_a_list_with_only_people_is_refused(db, tmp_path):
    path = write(tmp_path, "people.csv", "id,schema,name,aliases,dataset\n1,Person,Someone,,US OFAC\n")
    with pytest.raises(CommandError, match="no organisations in the file"):
        load(path, "opensanctions", "people")
    assert not ScreeningList.objects.exists()


def test_a_replaced_list_rescreens_everyone_says_what_is_new_and_emails_officers(
    officer_client, assessment, officer, tmp_path
):
    first = write(tmp_path, "first.csv", "name,lists\nAlpha Surveillance Co.,BIS\n")
    load(first, "csv", "test-list", "--name", "Test list", "--file-date", "2026-10-01")
    alpha = add(assessment, "Alpha Surveillance Co., Ltd.")
    beta = add(assessment, "Betamax Vision Trading")
    from duediligence.partners.screening import screen

    screen(assessment_id=assessment.pk)
    assert new_matches_for([assessment.pk]) == {}  # found by the partners' own screening, not by a list change
    mail.outbox.clear()

    second = write(tmp_path, "second.csv", "name,lists\nAlpha Surveillance Co.,BIS\nBetamax Vision,UFLPA\n")
    output = load(second, "csv", "test-list", "--name", "Test list", "--file-date", "2026-11-15")
    assert "1 new potential matches" in output
    notices = new_matches_for([assessment.pk])[assessment.pk]
    assert [str(n) for n in notices] == ["1 new potential match since the list of 1 Oct 2026 (Test list)"]
    assert beta.matches.get().found_in.file_date == datetime.date(2026, 11, 15)
    assert alpha.matches.get().found_in is None

    page = officer_client.get(reverse("assessments:overview", args=[assessment.pk])).content.decode()
    assert "1 new potential match since the list of 1 Oct 2026" in page
    listing = officer_client.get(reverse("partners:list", args=[assessment.pk])).content.decode()
    assert "1 new potential match since the list of 1 Oct 2026" in listing

    (message,) = mail.outbox
    assert message.to == [officer.email]
    assert assessment.title in message.body and "since the list of 1 Oct 2026" in message.body
    assert ListImport.objects.get(file_date=datetime.date(2026, 11, 15)).notified_at is not None

    # Deciding the match settles the notice.
    match = beta.matches.get()
    match.status, match.reason = MatchStatus.DISMISSED, "A video shop in Hamburg, not the listed company."
    match.save()
    assert new_matches_for([assessment.pk]) == {}


def test_the_partner_page_shows_the_list_date_and_hash_where_it_screens(officer_client, assessment, default_list):
    partner = add(assessment, "Hikvision")
    from duediligence.partners.screening import screen

    screen(assessment_id=assessment.pk)
    page = officer_client.get(reverse("partners:detail", args=[assessment.pk, partner.pk])).content.decode()
    assert default_list.files[0]["sha256"] in page
    assert "list of 29 Nov 2026" in page
    assert "Kind of listing: Export control" in page


def test_the_sdn_folder_can_be_given_as_its_sdn_csv(db, tmp_path):
    folder = tmp_path / "ofac"
    shutil.copytree(SAMPLES / "sdn", folder)
    load(folder / "sdn.csv", "sdn", "ofac")
    assert ListedEntity.objects.get(name="XINJIANG PUBLIC SECURITY BUREAU").aliases == ["XPSB"]
    assert Partner.objects.count() == 0


def test_a_list_file_larger_than_the_bound_or_nested_too_deep_is_refused_in_one_line(db, tmp_path, settings):
    deep = write(tmp_path, "deep.xml", "<export>" + "<a>" * 100_000 + "</a>" * 100_000 + "</export>")
    with pytest.raises(CommandError) as refused:
        load(deep, "eu", "eu-fsf")
    assert "nested more than 64 levels deep" in str(refused.value) and "\n" not in str(refused.value)
    settings.INPUT_FILE_MAX_BYTES = 10
    path = write(tmp_path, "big.csv", "name,kind\n" + "Some Company Ltd,entity\n" * 10)
    with pytest.raises(CommandError) as refused:
        load(path, "csv", "big")
    assert "larger than" in str(refused.value) and "\n" not in str(refused.value)
    assert not ScreeningList.objects.filter(slug="big").exists()


CSL_HEADER = "source,type,name,alt_names,programs\n"


def test_csl_boilerplate_and_html_entities_are_cleaned_and_counted(db, tmp_path, assessment):
    path = tmp_path / "csl.csv"
    path.write_text(
        CSL_HEADER + 'Entity List,Entity,"Vorkandy Optics Co. and any successor, sub-unit, or subsidiary thereof",'
        '"and Vorkandy Vision; Ho &amp;amp; Vorkandy",EAR\n',
        encoding="utf-8",
    )
    output = load(path, "csl", "csl")
    entity = ListedEntity.objects.get()
    assert entity.name == "Vorkandy Optics Co."
    assert entity.aliases == ["Vorkandy Vision", "Ho & Vorkandy"]
    assert "3 names cleaned" in output
    partner = add(assessment, "Vorkandy Optics Company Limited")
    from duediligence.partners.screening import screen

    screen(assessment_id=assessment.pk)
    assert partner.matches.get().entity == entity


def test_an_entry_without_a_type_is_kept_and_matched_only_on_its_whole_name(db, tmp_path, assessment):
    # The CSL's ITAR and DPL entries leave the type blank, and some are people.
    path = tmp_path / "csl.csv"
    path.write_text(CSL_HEADER + "ITAR Debarred,,Brindamor Tesselor,,ITAR\n", encoding="utf-8")
    output = load(path, "csl", "csl")
    entity = ListedEntity.objects.get()
    assert entity.category == "type not given"
    assert "1 entry with no type" in output and "matched only on their whole name" in output
    from duediligence.partners.screening import screen

    whole = add(assessment, "Brindamor Tesselor")
    part = add(assessment, "Brindamor Trading Co., Ltd.")
    screen(assessment_id=assessment.pk)
    assert whole.matches.get().entity == entity
    assert not part.matches.exists()


def test_sdn_csv_alone_imports_and_says_what_it_lacks(db, tmp_path):
    folder = tmp_path / "sdn"
    folder.mkdir()
    shutil.copy(SAMPLES / "sdn" / "sdn.csv", folder / "sdn.csv")
    output = load(folder / "sdn.csv", "sdn", "ofac")
    assert "alt.csv was not beside sdn.csv: entries imported without their aliases" in output
    assert "add.csv was not beside sdn.csv: entries imported without their countries" in output
    assert not any(ListedEntity.objects.values_list("aliases", flat=True))
