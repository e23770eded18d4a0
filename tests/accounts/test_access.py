"""The isolation helpers every view relies on."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.contrib.sessions.backends.db import SessionStore
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.test import RequestFactory

from duediligence.accounts.access import (
    ACTIVE_ORGANISATION_KEY,
    membership_for_request,
    require_role,
    switch_organisation,
)
from duediligence.accounts.models import Membership, Role


def request_for(user):
    request = RequestFactory().get("/somewhere/")
    request.user = user
    request.session = SessionStore()
    return request


@require_role(Role.MANAGER)
def managers_only(request):
    return HttpResponse(f"hello {request.membership.organisation}")


def test_the_active_membership_defaults_to_the_first_organisation(officer, organisation):
    assert membership_for_request(request_for(officer)).organisation == organisation


def test_the_active_membership_follows_the_session(auditor, organisation, other_organisation):
    Membership.objects.create(user=auditor, organisation=other_organisation, role=Role.OFFICER)
    request = request_for(auditor)
    request.session[ACTIVE_ORGANISATION_KEY] = other_organisation.pk
    membership = membership_for_request(request)
    assert (membership.organisation, membership.role) == (other_organisation, Role.OFFICER)


def test_a_session_pointing_at_a_foreign_organisation_falls_back_to_an_own_one(officer, other_organisation):
    request = request_for(officer)
    request.session[ACTIVE_ORGANISATION_KEY] = other_organisation.pk
    assert membership_for_request(request).organisation != other_organisation


def test_switching_needs_membership(officer, other_organisation):
    request = request_for(officer)
    assert switch_organisation(request, other_organisation.pk) is None
    assert ACTIVE_ORGANISATION_KEY not in request.session


def test_require_role_lets_the_role_in(manager):
    response = managers_only(request_for(manager))
    assert response.content == b"hello Meridian Test AG"


def test_require_role_refuses_other_roles_with_403(officer):
    with pytest.raises(PermissionDenied, match="manager"):
        managers_only(request_for(officer))


def test_require_role_sends_anonymous_users_to_login(db):
    response = managers_only(request_for(AnonymousUser()))
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_a_user_without_membership_is_told_so(db):
    from duediligence.accounts.models import User

    user = User.objects.create_user(email="x@test.example", password="a-long-test-password-1", full_name="X")
    response = managers_only(request_for(user))
    assert response["Location"] == "/accounts/no-organisation/"


def test_membership_lookup_costs_one_query_per_request(officer, django_assert_num_queries):
    request = request_for(officer)
    with django_assert_num_queries(1):
        membership_for_request(request)
        membership_for_request(request)


def test_a_next_that_is_not_a_path_here_goes_home_not_to_a_500(officer_client, organisation):
    """Found by the hostile-input probe once it stopped signing itself out: a bare word as "next" was taken for
    the name of a view, and a name that is none ended in NoReverseMatch."""
    from django.urls import reverse

    for target in ("yyyy", "y" * 2000, "dashboard:nothing", "//evil.example/", "https://evil.example/", "javascript:x"):
        response = officer_client.post(
            reverse("accounts:organisation_switch"), {"organisation": organisation.pk, "next": target}
        )
        assert response.status_code == 302, target[:20]
        assert response["Location"] == reverse("dashboard:home"), target[:20]
    kept = officer_client.post(
        reverse("accounts:organisation_switch"), {"organisation": organisation.pk, "next": "/assessments/"}
    )
    assert kept["Location"] == "/assessments/"
