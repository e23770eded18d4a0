import csv
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook

from duediligence.partners.export import neutralise
from duediligence.partners.models import Partner
from tests.partners.conftest import csv_bytes

GOOD = "Kashgar Trading Co.,喀什贸易有限公司,distributor,Kashgar,Xinjiang,China,Distributor,Reagents,2021-03-01,yes,"
WITHHELD = "Small Clinic,,customer,Hotan,Xinjiang,China,Customer,Service,2020,no,safety"


def upload(client, assessment, raw: bytes, name="partners.csv"):
    file = SimpleUploadedFile(name, raw, content_type="text/csv")
    return client.post(reverse("partners:import", args=[assessment.pk]), {"file": file})


def test_a_valid_file_with_a_bom_and_chinese_names_imports(officer_client, assessment, default_list):
    response = upload(officer_client, assessment, csv_bytes(GOOD, WITHHELD, bom=True))
    assert response.status_code == 200
    assert "Imported 2 partners" in response.content.decode()
    kashgar = Partner.objects.get(name="Kashgar Trading Co.")
    assert kashgar.name_local == "喀什贸易有限公司"
    clinic = Partner.objects.get(name="Small Clinic")
    assert (clinic.disclosed, clinic.withheld_reason, str(clinic.since)) == (False, "safety", "2020-01-01")


def test_every_error_is_reported_with_row_and_column_and_nothing_changes(officer_client, assessment, default_list):
    raw = csv_bytes(
        GOOD,
        ",,,,,,,,,,",  # blank rows are skipped
        "No Country Co.,,supplier,,,,,,,yes,",
        "Bad Category Co.,,friend,,,China,,,2021-13-01,maybe,",
        "Withheld Without Reason,,customer,,,China,,,,no,",
    )
    response = upload(officer_client, assessment, raw)
    assert response.status_code == 400
    page = response.content.decode()
    assert "Nothing was imported" in page
    for row, column in [(4, "country"), (5, "category"), (5, "since"), (5, "disclosed"), (6, "withheld_reason")]:
        assert f"<td>{row}</td><td>{column}</td>" in page, (row, column)
    assert not Partner.objects.exists()


def test_duplicates_are_reported_not_doubled(officer_client, assessment, default_list):
    upload(officer_client, assessment, csv_bytes(GOOD))
    again = upload(officer_client, assessment, csv_bytes(GOOD, GOOD.replace("Co.", "Company"), WITHHELD))
    page = again.content.decode()
    assert "Imported 1 partner" in page
    assert "Row 2: Kashgar Trading Co. duplicates an existing partner" in page
    assert "Row 3: Kashgar Trading Company duplicates an existing partner" in page
    assert Partner.objects.count() == 2


def test_a_file_that_is_not_utf8_is_refused(officer_client, assessment):
    response = upload(
        officer_client, assessment, "name,category,country\nKöln GmbH,supplier,Germany\n".encode("latin-1")
    )
    assert "not UTF-8" in response.content.decode()
    assert not Partner.objects.exists()


def test_missing_columns_are_named(officer_client, assessment):
    response = upload(officer_client, assessment, b"name,city\nX,Y\n")
    assert "Missing column(s): category, country" in response.content.decode()


def test_too_many_rows_are_refused(officer_client, assessment, settings):
    settings.PARTNER_IMPORT_MAX_ROWS = 3
    rows = [f"Partner {n},,supplier,,,China,,,,yes," for n in range(5)]
    response = upload(officer_client, assessment, csv_bytes(*rows))
    assert "more than 3 partners" in response.content.decode()
    assert not Partner.objects.exists()


def test_the_template_downloads(officer_client, assessment):
    response = officer_client.get(reverse("partners:template", args=[assessment.pk]))
    assert response.content.decode().splitlines()[0].startswith("name,name_local,category")


@pytest.mark.parametrize("dangerous", ['=HYPERLINK("http://x")', "+1+1", "-2", "@SUM(A1)", "\tTab"])
def test_formula_cells_are_neutralised(dangerous):
    assert neutralise(dangerous) == "'" + dangerous


def test_exports_are_safe_and_complete(officer_client, assessment, default_list):
    Partner.objects.create(
        assessment=assessment, name='=cmd|"/c calc"!A1', name_local="新疆", category="supplier", country="China"
    )
    csv_response = officer_client.get(reverse("partners:export_csv", args=[assessment.pk]))
    rows = list(csv.reader(io.StringIO(csv_response.content.decode("utf-8-sig"))))
    assert rows[1][0] == '\'=cmd|"/c calc"!A1'
    assert rows[1][1] == "新疆"
    xlsx = officer_client.get(reverse("partners:export_xlsx", args=[assessment.pk]))
    sheet = load_workbook(io.BytesIO(xlsx.content)).active
    assert sheet["A2"].value == '\'=cmd|"/c calc"!A1'
    assert sheet["A2"].data_type == "s"


def test_search_filter_and_pagination(officer_client, assessment):
    for number in range(60):
        Partner.objects.create(
            assessment=assessment, name=f"Supplier {number:02}", category="supplier", country="China"
        )
    Partner.objects.create(
        assessment=assessment,
        name="Hidden Clinic",
        category="customer",
        country="China",
        disclosed=False,
        withheld_reason="safety",
    )
    url = reverse("partners:list", args=[assessment.pk])
    first = officer_client.get(url).content.decode()
    assert "Partners 1–50 of 61" in first and "Page 1 of 2" in first
    found = officer_client.get(url, {"q": "clinic"}).content.decode()
    assert "Hidden Clinic" in found and "Supplier 00" not in found
    withheld = officer_client.get(url, {"disclosure": "withheld"}).content.decode()
    assert "Partners 1–1 of 1" in withheld
    clear = officer_client.get(url, {"screening": "clear", "category": "customer"}).content.decode()
    assert "Hidden Clinic" in clear


def test_permissions(outsider_client, manager_client, assessment):
    partner = Partner.objects.create(assessment=assessment, name="X", category="supplier", country="China")
    assert outsider_client.get(reverse("partners:list", args=[assessment.pk])).status_code == 404
    assert outsider_client.get(reverse("partners:export_csv", args=[assessment.pk])).status_code == 404
    assert outsider_client.get(reverse("partners:detail", args=[assessment.pk, partner.pk])).status_code == 404
    assert manager_client.get(reverse("partners:list", args=[assessment.pk])).status_code == 200
    assert manager_client.post(reverse("partners:delete", args=[assessment.pk, partner.pk])).status_code == 403
    response = manager_client.post(reverse("partners:import", args=[assessment.pk]), {})
    assert response.status_code == 403


def test_the_import_result_names_each_partner_that_resembles_a_listed_entity(officer_client, assessment, default_list):
    hikvision = "Hikvision Digital Technology Co. Ltd,,supplier,Hangzhou,Zhejiang,China,,,,yes,"
    page = upload(officer_client, assessment, csv_bytes(hikvision, GOOD)).content.decode()
    assert "Partners that resemble a listed entity" in page
    partner = Partner.objects.get(name__startswith="Hikvision")
    link = reverse("partners:detail", args=[assessment.pk, partner.pk])
    assert f'<a href="{link}">Hikvision Digital Technology Co. Ltd</a>' in page
    assert "Kashgar Trading Co.</a>" not in page


def test_partner_pages_lead_back_to_the_list(officer_client, assessment):
    partner = Partner.objects.create(
        assessment=assessment, name="Kashgar Trading", category="supplier", country="China"
    )
    listing = reverse("partners:list", args=[assessment.pk])
    for url in (
        reverse("partners:detail", args=[assessment.pk, partner.pk]),
        reverse("partners:edit", args=[assessment.pk, partner.pk]),
    ):
        page = officer_client.get(url).content.decode()
        assert f'<li class="breadcrumb-item"><a href="{listing}">Partners</a></li>' in page, url


def test_owners_import_are_screened_and_export_again(officer_client, assessment, default_list):
    header = "name,category,country,owner,owner_share"
    raw = (
        f"{header}\n"
        "Aral Ginning Works,supplier,China,Xinjiang Production and Construction Corps,51%\n"
        "Nobody Owns Me,supplier,China,,\n"
    ).encode()
    response = upload(officer_client, assessment, raw)
    assert "Imported 2 partners" in response.content.decode()
    aral = Partner.objects.get(name="Aral Ginning Works")
    assert (aral.owner_share, aral.matches.get().via_owner) == (51, True)
    exported = officer_client.get(reverse("partners:export_csv", args=[assessment.pk])).content.decode("utf-8-sig")
    row = next(r for r in csv.DictReader(io.StringIO(exported)) if r["name"] == "Aral Ginning Works")
    assert (row["owner"], row["owner_share"]) == ("Xinjiang Production and Construction Corps", "51")


def test_an_owner_share_without_an_owner_or_out_of_range_is_refused(officer_client, assessment):
    raw = b"name,category,country,owner,owner_share\nA Co.,supplier,China,,40\nB Co.,supplier,China,B Holdings,140\n"
    page = upload(officer_client, assessment, raw).content.decode()
    assert "A share needs the owner&#x27;s name" in page
    assert "must be a whole per cent from 1 to 100" in page
    assert not Partner.objects.exists()


def test_html_entities_in_names_are_written_out_and_counted(officer_client, assessment, default_list):
    rows = (
        '"Ho &amp;amp; Vorkandy Trading",,distributor,Kashgar,Xinjiang,China,,,,yes,',
        "Tesselor &#39;North&#39; Co.,,distributor,Kashgar,Xinjiang,China,,,,yes,",
        "Plain Name Co.,,distributor,Kashgar,Xinjiang,China,,,,yes,",
    )
    page = upload(officer_client, assessment, csv_bytes(*rows)).content.decode()
    assert "In 2 rows, names held HTML entities from an export" in page
    assert set(Partner.objects.values_list("name", flat=True)) == {
        "Ho & Vorkandy Trading",
        "Tesselor 'North' Co.",
        "Plain Name Co.",
    }
