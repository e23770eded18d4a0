"""One door for a partner: the form, the CSV import and the API agree on every rule, because each goes through
cleaning.partner_clean; and every door lists the registry's columns."""

import csv
import io

import pytest
from django.urls import reverse

from duediligence.api.serializers import PartnerItemSerializer, PartnerSerializer
from duediligence.partners.cleaning import COLUMNS, LIMITS, partner_clean
from duediligence.partners.export import HEADERS
from duediligence.partners.forms import PartnerForm
from duediligence.partners.importer import partner_import, partner_upsert, template_csv
from duediligence.partners.models import Partner
from duediligence.partners.owned import PARTNERS

BASE = {"name": "Kashgar Trading Co.", "category": "distributor", "country": "China", "city": "Kashgar"}
# (the fields beyond BASE, the field refused or None when accepted)
CASES = [
    ({"disclosed": "no", "withheld_reason": "safety"}, None),
    ({"disclosed": "no"}, "withheld_reason"),
    ({"disclosed": "yes", "withheld_reason": "safety"}, "withheld_reason"),
    ({"owner_share": "60"}, "owner_share"),
    ({"owner": "Kashgar Holdings", "owner_share": "60"}, None),
    ({"owner": "Kashgar Holdings", "owner_share": "160"}, "owner_share"),
    ({"since": "2019-03-01"}, None),
    ({"since": "March 2019"}, "since"),
    ({"contact_email": "not an address"}, "contact_email"),
    ({"name": "x" * 301}, "name"),
]


def through_the_form(assessment, values):
    data = {**BASE, **values}
    data["disclosed"] = data.get("disclosed", "yes") == "yes"
    if not data["disclosed"]:
        data.pop("disclosed")  # an unticked box sends nothing
    form = PartnerForm(data, assessment=assessment)
    return None if form.is_valid() else sorted(form.errors)[0]


def through_the_csv(assessment, values):
    row = {**BASE, **values}
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(row))
    writer.writeheader()
    writer.writerow(row)
    report = partner_import(assessment=assessment, raw=out.getvalue().encode())
    return report.errors[0].column if report.errors else None


def through_the_api(assessment, values):
    item = {**BASE, **values}
    # JSON's own types, as an ERP would send them.
    if "disclosed" in item:
        item["disclosed"] = item["disclosed"] == "yes"
    if "owner_share" in item:
        item["owner_share"] = int(item["owner_share"])
    report = partner_upsert(assessment=assessment, items=[item])
    return report.errors[0][0].split("/")[2] if report.errors else None


@pytest.mark.parametrize(("values", "refused"), CASES)
def test_the_three_doors_give_the_same_answer(assessment, values, refused):
    for door in (through_the_form, through_the_csv, through_the_api):
        assert door(assessment, values) == refused, f"{door.__name__} on {values}"
        Partner.objects.filter(assessment=assessment).delete()


def test_naming_a_withheld_partner_again_clears_its_reason_at_every_door(assessment):
    partner_upsert(assessment=assessment, items=[{**BASE, "disclosed": False, "withheld_reason": "safety"}])
    partner_upsert(assessment=assessment, items=[{**BASE, "disclosed": True}])
    partner = Partner.objects.get(assessment=assessment)
    assert (partner.disclosed, partner.withheld_reason) == (True, "")


def test_every_door_lists_the_registrys_columns():
    assert list(PARTNERS.reviewed) == COLUMNS
    assert list(PartnerForm.Meta.fields) == COLUMNS
    assert [*COLUMNS, "screening"] == HEADERS
    assert next(csv.reader(io.StringIO(template_csv()))) == COLUMNS
    assert list(PartnerItemSerializer.Meta.fields) == COLUMNS
    assert [name for name in PartnerSerializer.Meta.fields if name in COLUMNS] == COLUMNS


def test_a_year_alone_is_a_date_in_a_file_or_an_api_item(assessment):
    """The form's date picker asks for a day; a spreadsheet or an ERP often knows only the year."""
    assert through_the_csv(assessment, {"since": "2019"}) is None
    assert Partner.objects.get(assessment=assessment).since.isoformat() == "2019-01-01"
    Partner.objects.filter(assessment=assessment).delete()
    assert through_the_api(assessment, {"since": 2019}) is None


def test_the_limits_are_the_models():
    for name, limit in LIMITS.items():
        assert Partner._meta.get_field(name).max_length == limit
    assert LIMITS["relationship"] == 20_000 and LIMITS["name"] == 300


def test_the_api_reads_json_values_as_they_are_not_as_csv_text(assessment):
    """A number where text belongs is refused, not turned into the text "12"."""
    report = partner_upsert(assessment=assessment, items=[{**BASE, "name": 12}])
    assert report.errors == [("/0/name", "Must be text.")]
    values, errors = partner_clean({**BASE, "disclosed": True, "owner": "Parent", "owner_share": 51})
    assert errors == [] and values.owner_share == 51 and values.disclosed is True


def test_the_form_page_refuses_a_named_partner_with_a_reason(officer_client, assessment):
    response = officer_client.post(
        reverse("partners:new", args=[assessment.pk]), {**BASE, "disclosed": "on", "withheld_reason": "safety"}
    )
    assert response.status_code == 200
    assert "Only a withheld name has a reason" in response.content.decode()
    assert not Partner.objects.exists()
