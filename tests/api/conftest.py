"""API clients: a personal token made through the service, sent as the Authorization header."""

from __future__ import annotations

import pytest
from django.test import Client

from duediligence.accounts.models import Membership
from duediligence.assessments.models import Status
from duediligence.lib.acting import Acting
from duediligence.partners.models import ListedEntity, Partner, ScreeningList, ScreeningMatch
from duediligence.security.api_tokens import token_create


def token_for(user, organisation=None) -> str:
    membership = Membership.objects.select_related("organisation", "user").get(
        user=user, **({"organisation": organisation} if organisation else {})
    )
    return token_create(membership=membership, name="Tests", days=30, acting=Acting(user=user), verified=True).raw


class ApiClient:
    """Django's test client with the token on every request and JSON bodies."""

    def __init__(self, raw: str | None) -> None:
        self.client = Client()
        self.headers = {"Authorization": f"Bearer {raw}"} if raw else {}

    def get(self, path: str, **headers):
        return self.client.get(path, headers={**self.headers, **headers})

    def post(self, path: str, data=None, **headers):
        return self.client.post(path, data, content_type="application/json", headers={**self.headers, **headers})

    def put(self, path: str, data=None, **headers):
        return self.client.put(path, data, content_type="application/json", headers={**self.headers, **headers})


@pytest.fixture
def match_under_review(assessment):
    """The assessment in "changes requested" (editable by the officer, visible to the auditor) with one partner
    and one undecided screening match: a screening match to look at and decide through the API."""
    assessment.status = Status.CHANGES_REQUESTED
    assessment.save()
    partner = Partner.objects.create(assessment=assessment, name="P", category="supplier", country="China")
    listed = ListedEntity.objects.create(
        screening_list=ScreeningList.objects.create(slug="l", name="L", publisher="p"), name="P"
    )
    return ScreeningMatch.objects.create(partner=partner, entity=listed, score=1, matched_name="p")


def api_client_for(user) -> ApiClient:
    return ApiClient(token_for(user))


@pytest.fixture
def officer_api(officer) -> ApiClient:
    return api_client_for(officer)


@pytest.fixture
def auditor_api(auditor) -> ApiClient:
    return api_client_for(auditor)


@pytest.fixture
def manager_api(manager) -> ApiClient:
    return api_client_for(manager)


@pytest.fixture
def admin_api(org_admin) -> ApiClient:
    return api_client_for(org_admin)


@pytest.fixture
def outsider_api(outsider) -> ApiClient:
    return api_client_for(outsider)
