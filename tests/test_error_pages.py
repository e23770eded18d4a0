from django.test import Client, RequestFactory, override_settings


def test_404_uses_the_site_layout(officer_client):
    response = officer_client.get("/no-such-page/")
    assert response.status_code == 404
    page = response.content.decode()
    assert "Page not found" in page
    assert "Skip to main content" in page


@override_settings(DEBUG=False)
def test_500_renders_without_a_request_context(db):
    from django.views.defaults import server_error

    response = server_error(RequestFactory().get("/"))
    assert response.status_code == 500
    assert "Something went wrong on our side" in response.content.decode()


def test_403_explains_the_role(officer_client):
    response = officer_client.get("/accounts/members/")
    assert response.status_code == 403
    assert "organisation admin role" in response.content.decode()


def test_anonymous_users_get_the_404_page_too(db):
    response = Client().get("/accounts/members/9999/nothing")
    assert response.status_code == 404


@override_settings(DEBUG=False)
def test_a_database_error_anywhere_in_the_chain_gives_the_503_page(db):
    from django.db import OperationalError

    from duediligence.lib.errors import server_error

    try:
        try:
            raise OperationalError("connection refused")
        except OperationalError as error:
            raise ValueError("a template failed while rendering") from error
    except ValueError:
        response = server_error(RequestFactory().get("/"))
    assert response.status_code == 503
    assert "temporarily unavailable" in response.content.decode()


@override_settings(DEBUG=False)
def test_other_errors_stay_a_500(db):
    from duediligence.lib.errors import server_error

    try:
        raise KeyError("a bug")
    except KeyError:
        response = server_error(RequestFactory().get("/"))
    assert response.status_code == 500
