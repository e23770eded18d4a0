from django.urls import reverse

from tests.conftest import PASSWORD


def test_it_logs_in_with_email_and_password(client, officer):
    response = client.post(reverse("accounts:login"), {"username": "officer@test.example", "password": PASSWORD})
    assert response.status_code == 302
    assert response["Location"] == reverse("dashboard:home")
    assert client.get(reverse("dashboard:home")).status_code == 200


def test_it_accepts_the_email_in_capitals(client, officer):
    response = client.post(reverse("accounts:login"), {"username": "Officer@Test.Example", "password": PASSWORD})
    assert response.status_code == 302


def test_it_refuses_a_wrong_password_with_a_message_and_keeps_the_email(client, officer):
    response = client.post(reverse("accounts:login"), {"username": "officer@test.example", "password": "wrong"})
    assert response.status_code == 200
    page = response.content.decode()
    assert "There is a problem" in page
    assert "do not match an account" in page
    assert 'value="officer@test.example"' in page


def test_it_sends_anonymous_visitors_to_login(client, db):
    response = client.get(reverse("dashboard:home"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


def test_it_logs_out_by_post(officer_client):
    response = officer_client.post(reverse("accounts:logout"))
    assert response.status_code == 302
    assert officer_client.get(reverse("dashboard:home")).status_code == 302


def test_it_changes_the_password(officer_client, officer):
    response = officer_client.post(
        reverse("accounts:password_change"),
        {"old_password": PASSWORD, "new_password1": "another-long-pass-42", "new_password2": "another-long-pass-42"},
    )
    assert response.status_code == 302
    officer.refresh_from_db()
    assert officer.check_password("another-long-pass-42")


def test_it_refuses_a_weak_new_password(officer_client, officer):
    response = officer_client.post(
        reverse("accounts:password_change"),
        {"old_password": PASSWORD, "new_password1": "short", "new_password2": "short"},
    )
    assert response.status_code == 200
    assert "too short" in response.content.decode()
    officer.refresh_from_db()
    assert officer.check_password(PASSWORD)


def test_it_emails_a_reset_link_that_sets_a_new_password(client, officer, mailoutbox):
    response = client.post(reverse("accounts:password_reset"), {"email": "officer@test.example"})
    assert response.status_code == 302
    assert len(mailoutbox) == 1
    link = next(line for line in mailoutbox[0].body.splitlines() if "/password/reset/" in line)
    path = link.split("testserver", 1)[1]
    form_page = client.get(path, follow=True)
    assert "Choose a new password" in form_page.content.decode()
    set_url = form_page.redirect_chain[-1][0]
    done = client.post(set_url, {"new_password1": "a-fresh-password-77", "new_password2": "a-fresh-password-77"})
    assert done.status_code == 302
    officer.refresh_from_db()
    assert officer.check_password("a-fresh-password-77")


def test_it_shows_a_page_for_users_without_an_organisation(client, db):
    from duediligence.accounts.models import User

    lonely = User.objects.create_user(email="lonely@test.example", password=PASSWORD, full_name="Lonely")
    client.force_login(lonely)
    response = client.get(reverse("dashboard:home"), follow=True)
    assert "do not belong to an organisation yet" in response.content.decode()
