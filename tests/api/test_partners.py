"""Partners through the API: a bulk upsert with the CSV import's checks, all or nothing, errors as JSON pointers;
cursor pages at a constant number of queries; screening results and decisions with the page's rules."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from duediligence.partners.models import MatchStatus, Partner, ScreeningMatch
from tests.api.conftest import ApiClient, token_for

HIKVISION = {"name": "Hangzhou Hikvision Digital Technology Co., Ltd.", "category": "supplier", "country": "China"}


def partners_url(assessment, rest=""):
    return f"/api/v1/assessments/{assessment.pk}/partners/{rest}"


def test_an_upsert_creates_then_updates_in_the_fields_it_gives(officer_api, assessment):
    items = [
        {"name": "Kashgar Trading Co.", "category": "distributor", "city": "Kashgar", "country": "China",
         "since": 2019, "disclosed": True, "owner": "A holding", "owner_share": 60},
        {"name": "Urumqi Clinic", "name_local": "乌鲁木齐诊所", "category": "customer", "country": "China",
         "disclosed": False, "withheld_reason": "safety"},
    ]  # fmt: skip
    created = officer_api.post(partners_url(assessment, "upsert/"), items)
    assert created.status_code == 200 and created.json() == {"created": 2, "updated": 0, "partners_with_matches": 0}
    kashgar = Partner.objects.get(name="Kashgar Trading Co.")
    assert kashgar.since.year == 2019 and kashgar.owner_share == 60 and kashgar.name_norm
    changed = officer_api.post(
        partners_url(assessment, "upsert/"),
        [{"name": "KASHGAR trading co", "category": "distributor", "city": "Kashgar", "country": "China",
          "relationship": "Exclusive distributor"}],
    )  # fmt: skip
    assert changed.json()["updated"] == 1 and Partner.objects.count() == 2
    kashgar.refresh_from_db()
    assert kashgar.relationship == "Exclusive distributor" and kashgar.owner == "A holding", "untouched fields stay"


def test_one_bad_item_refuses_the_whole_upsert_with_pointers(officer_api, assessment):
    items = [
        {"name": "Good Co.", "category": "supplier", "country": "China"},
        {"name": "", "category": "spaceship", "country": "China", "owner_share": 250, "colour": "red"},
        {"name": "Hidden Co.", "category": "supplier", "country": "China", "disclosed": False},
        {"name": "Good Co", "category": "supplier", "country": "China", "contact_email": {"at": "x"}},
    ]
    refused = officer_api.post(partners_url(assessment, "upsert/"), items)
    assert refused.status_code == 400
    pointers = {error["pointer"] for error in refused.json()["errors"]}
    assert {
        "/1/name",
        "/1/category",
        "/1/owner_share",
        "/1/colour",
        "/2/withheld_reason",
        "/3/contact_email",
    } <= pointers
    assert "nothing was saved" in refused.json()["detail"]
    assert Partner.objects.count() == 0
    doubled = officer_api.post(partners_url(assessment, "upsert/"), [items[0], items[0]])
    assert doubled.status_code == 400 and doubled.json()["errors"][0]["pointer"] == "/1/name"
    assert officer_api.post(partners_url(assessment, "upsert/"), {"name": "not a list"}).status_code == 400
    assert Partner.objects.count() == 0


def test_the_upsert_is_for_officers_of_an_editable_assessment(auditor_api, manager_api, outsider_api, assessment):
    assert manager_api.post(partners_url(assessment, "upsert/"), [HIKVISION]).status_code == 403
    assert auditor_api.post(partners_url(assessment, "upsert/"), [HIKVISION]).status_code == 404
    assert outsider_api.post(partners_url(assessment, "upsert/"), [HIKVISION]).status_code == 404
    assert Partner.objects.count() == 0


def many_partners(assessment, count):
    Partner.objects.bulk_create(
        Partner(assessment=assessment, name=f"Partner {n}", category="supplier", country="China",
                name_norm=f"partner {n}", location_norm="china")
        for n in range(count)
    )  # fmt: skip


def queries_per_page(client, url) -> list[int]:
    counts, seen = [], 0
    while url:
        with CaptureQueriesContext(connection) as queries:
            page = client.get(url).json()
        counts.append(len(queries))
        seen += len(page["results"])
        url = page["next"]
    return counts


@pytest.mark.parametrize("count", [120, 480])
def test_paging_costs_the_same_queries_per_page_whatever_the_size(officer_api, assessment, count):
    many_partners(assessment, count)
    officer_api.get("/api/v1/organisations/")  # the token's first use logs its address: a one-off
    counts = queries_per_page(officer_api, partners_url(assessment, "?page_size=40"))
    assert len(counts) == count // 40
    assert set(counts) == {4}, "token, token use, assessment, page"


def test_pages_are_stable_and_complete(officer_api, assessment):
    many_partners(assessment, 95)
    url, names = partners_url(assessment, "?page_size=40"), []
    while url:
        page = officer_api.get(url).json()
        names += [row["name"] for row in page["results"]]
        url = page["next"]
    assert len(names) == 95 == len(set(names))
    assert officer_api.get(partners_url(assessment, "?category=spaceship")).status_code == 400
    assert officer_api.get(partners_url(assessment, "?category=customer")).json()["results"] == []


def test_screening_results_and_a_decision_with_the_pages_rules(officer, officer_api, auditor, assessment,
                                                                 default_list):  # fmt: skip
    officer_api.post(partners_url(assessment, "upsert/"), [HIKVISION])
    matches = officer_api.get(f"/api/v1/assessments/{assessment.pk}/screening-matches/").json()["results"]
    match = next(row for row in matches if "Hikvision" in row["listed_entity"])
    assert match["status"] == "potential" and match["list"] and match["score"] > 0.9
    decide = f"/api/v1/assessments/{assessment.pk}/screening-matches/{match['id']}/decision/"
    unexplained = officer_api.post(decide, {"decision": "dismissed"})
    assert unexplained.status_code == 400 and "Say why" in str(unexplained.json())
    confirmed = officer_api.post(decide, {"decision": "confirmed", "reason": "Same registration number"})
    assert confirmed.status_code == 200 and confirmed.json()["decided_by"] == officer.email
    assert ScreeningMatch.objects.get(pk=match["id"]).status == MatchStatus.CONFIRMED
    listed = officer_api.get(f"/api/v1/assessments/{assessment.pk}/screening-matches/?status=confirmed").json()
    assert [row["id"] for row in listed["results"]] == [match["id"]]
    assert (
        ApiClient(token_for(auditor)).post(decide, {"decision": "dismissed", "reason": "x"}).status_code == 404
    )  # a draft
