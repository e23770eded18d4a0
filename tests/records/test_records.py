"""The organisation's records: kept by officers and admins as versions that never change, seen only by members."""

import datetime

import pytest
from django.db import DatabaseError, transaction
from django.urls import reverse
from django.utils import timezone

from duediligence.records import services
from duediligence.records.models import Policy, Profile, Training

PROFILE = {
    "legal_name": "Meridian Test AG",
    "structure": "A company limited by shares, owned by its founders.",
    "group_entities": "Meridian Test AG, Switzerland\nMeridian Test Ltd, United Kingdom",
    "sector": "Industrial cameras",
    "countries": "Switzerland\nUnited Kingdom\nChina",
    "year_end_month": "12",
    "year_end_day": "31",
    "turnover_basis": "Group turnover, net of VAT",
    "website": "https://meridian.example/",
}

POLICY = {
    "title": "Forced labour policy",
    "scope": "Own staff and every supplier",
    "areas": ["forced_labour", "suppliers"],
    "approved_by": "The board",
    "approved_on": "2026-03-01",
    "link": "https://meridian.example/forced-labour-policy",
}


def test_an_officer_records_the_profile_and_a_change_is_a_new_version(officer_client, organisation):
    response = officer_client.post(reverse("records:profile"), PROFILE)
    assert response.status_code == 302
    first = services.current_profile(organisation)
    assert first.version == 1 and first.entity_list == [
        "Meridian Test AG, Switzerland",
        "Meridian Test Ltd, United Kingdom",
    ]
    assert first.financial_year(2026) == (datetime.date(2026, 1, 1), datetime.date(2026, 12, 31))
    # Saving the same again changes nothing; a change is version 2 and version 1 stays as it was.
    officer_client.post(reverse("records:profile"), PROFILE)
    assert Profile.objects.filter(organisation=organisation).count() == 1
    officer_client.post(reverse("records:profile"), {**PROFILE, "sector": "Optics"})
    assert services.current_profile(organisation).sector == "Optics"
    assert Profile.objects.get(pk=first.pk).sector == "Industrial cameras"
    page = officer_client.get(reverse("records:home")).content.decode()
    assert "Optics" in page and "Meridian Test Ltd, United Kingdom" in page


def test_a_year_end_that_does_not_exist_every_year_is_refused_and_what_was_typed_stays(officer_client, organisation):
    response = officer_client.post(reverse("records:profile"), {**PROFILE, "year_end_month": "2", "year_end_day": "29"})
    assert response.status_code == 400
    page = response.content.decode()
    assert "This day does not exist in that month every year." in page and "Industrial cameras" in page
    assert services.current_profile(organisation) is None


def test_policies_and_training_are_versioned_and_withdrawing_keeps_the_earlier_versions(officer_client, organisation):
    officer_client.post(reverse("records:policy_add"), POLICY)
    policy = services.current_policies(organisation)[0]
    officer_client.post(
        reverse("records:policy_edit", args=[policy.uid]), {**POLICY, "title": "Policy on forced labour"}
    )
    assert [p.title for p in services.current_policies(organisation)] == ["Policy on forced labour"]
    officer_client.post(reverse("records:policy_withdraw", args=[policy.uid]))
    assert services.current_policies(organisation) == []
    assert list(Policy.objects.filter(uid=policy.uid).order_by("version").values_list("version", "withdrawn")) == [
        (1, False),
        (2, False),
        (3, True),
    ]
    # The records as they were at a moment read the same afterwards: a statement made then names version 2.
    assert (
        services.current_policies(organisation, as_of=Policy.objects.get(uid=policy.uid, version=2).recorded_at)[
            0
        ].title
        == "Policy on forced labour"
    )
    officer_client.post(
        reverse("records:training_add"),
        {
            "topic": "Spotting forced labour",
            "areas": ["forced_labour"],
            "audience": "Buyers",
            "people": "12",
            "held_on": "2026-02-10",
        },
    )
    assert services.current_training(organisation)[0].people == 12


def test_bad_training_and_policy_input_is_refused_with_a_message(officer_client, organisation):
    future = (timezone.localdate() + datetime.timedelta(days=3)).isoformat()
    response = officer_client.post(
        reverse("records:training_add"),
        {"topic": "Induction", "audience": "New staff", "people": "0", "held_on": future},
    )
    page = response.content.decode()
    assert response.status_code == 400 and "at least one" in page and "the date is in the future" in page
    response = officer_client.post(reverse("records:policy_add"), {**POLICY, "link": ""})
    assert response.status_code == 400 and "Forced labour policy" in response.content.decode()
    assert not Training.objects.exists() and not Policy.objects.exists()


def test_a_version_never_changes_and_is_never_deleted(organisation, officer):
    profile = services.profile_save(
        organisation=organisation,
        user=officer,
        data={**PROFILE, "year_end_month": 12, "year_end_day": 31},
    )
    for change in (
        lambda: Profile.objects.filter(pk=profile.pk).update(sector="Changed"),
        lambda: Profile.objects.filter(pk=profile.pk).delete(),
    ):
        with pytest.raises(DatabaseError), transaction.atomic():
            change()


def test_who_may_see_and_keep_the_records(
    officer_client, auditor_client, manager_client, admin_client_org, outsider_client, organisation, officer
):
    services.policy_save(
        organisation=organisation,
        user=officer,
        data={**POLICY, "approved_on": datetime.date(2026, 3, 1)},
    )
    policy = services.current_policies(organisation)[0]
    for client in (officer_client, auditor_client, manager_client, admin_client_org):
        assert "Forced labour policy" in client.get(reverse("records:home")).content.decode()
    for client in (auditor_client, manager_client):
        assert client.get(reverse("records:profile")).status_code == 403
        assert client.post(reverse("records:policy_withdraw", args=[policy.uid])).status_code == 403
    assert admin_client_org.get(reverse("records:policy_edit", args=[policy.uid])).status_code == 200
    # Another organisation's member sees only their own (empty) records and cannot reach this one's entries.
    assert "Forced labour policy" not in outsider_client.get(reverse("records:home")).content.decode()
    assert outsider_client.get(reverse("records:policy_edit", args=[policy.uid])).status_code in (403, 404)
