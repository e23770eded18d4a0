"""Who sees and does what: every member of the organisation reads its statements; officers start and write them;
another organisation's statement is not found."""

from django.urls import reverse

from duediligence.statements.models import Statement


def test_an_officer_starts_a_statement_for_a_year_from_the_profiles_year_end(officer_client, kept_records):
    response = officer_client.post(reverse("statements:new"), {"ending_in": 2026, "regimes": ["uk_msa"]})
    statement = Statement.objects.get()
    assert response.status_code == 302 and response.url == reverse("statements:detail", args=[statement.pk])
    assert (statement.year_start.isoformat(), statement.year_end.isoformat()) == ("2026-01-01", "2026-12-31")
    again = officer_client.post(reverse("statements:new"), {"ending_in": 2026, "regimes": ["uk_msa"]})
    assert again.status_code == 400 and "already exists" in again.content.decode()


def test_every_member_reads_and_previews_it_and_an_outsider_finds_nothing(
    statement, auditor_client, manager_client, outsider_client
):
    for client in (auditor_client, manager_client):
        page = client.get(reverse("statements:detail", args=[statement.pk])).content.decode()
        assert "Annual statement, 1 January 2026 to 31 December 2026" in page
        preview = client.get(reverse("statements:preview", args=[statement.pk, "norway"]))
        assert preview.status_code == 200 and "Account under the Transparency Act" in preview.content.decode()
    for name in ("detail", "check", "edit", "publish"):
        assert outsider_client.get(reverse(f"statements:{name}", args=[statement.pk])).status_code in (403, 404)
    assert outsider_client.get(reverse("statements:detail", args=[statement.pk])).status_code == 404


def test_the_texts_form_labels_every_field_and_saves(officer_client, statement):
    url = reverse("statements:edit", args=[statement.pk])
    page = officer_client.get(url).content.decode()
    for field in ("introduction", "business_and_supply_chains", "remediation", "effectiveness", "working_conditions"):
        assert f'for="id_{field}"' in page, field
    response = officer_client.post(
        url, {"regimes": ["norway"], "business_and_supply_chains": "Everything we make and buy."}
    )
    assert response.status_code == 302
    statement.refresh_from_db()
    assert statement.regimes == ["norway"] and statement.business_and_supply_chains == "Everything we make and buy."


def test_the_auditors_queue_lists_a_submitted_statement_and_opens_it(auditor_client, submitted):
    page = auditor_client.get(reverse("dashboard:queue")).content.decode()
    assert "Annual statements submitted for review" in page and "1 Jan 2026 to 31 Dec 2026" in page
    response = auditor_client.post(
        reverse("accounts:organisation_switch"),
        {"organisation": submitted.organisation_id, "next": reverse("statements:detail", args=[submitted.pk])},
    )
    detail = auditor_client.get(response["Location"]).content.decode()
    assert "Approve the statement" in detail and "Request changes" in detail


def test_the_statements_page_names_the_record_versions_it_was_made_from(auditor_client, submitted, officer):
    from tests.reports.test_statutory import policy

    policy(submitted.organisation, officer, "Whistleblowing policy", ["whistleblowing"])
    page = auditor_client.get(reverse("statements:detail", args=[submitted.pk])).content.decode()
    assert "the versions fixed at submission" in page and "profile version 1" in page
    assert "Forced labour policy (v1)" in page and "Whistleblowing policy" not in page
