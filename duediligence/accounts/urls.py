from django.contrib.auth import views as auth_views
from django.urls import path, reverse_lazy

from duediligence.accounts import views

app_name = "accounts"

# The members page, unlocking and two-factor reset are the security app's views, mounted in this namespace by
# duediligence/urls.py.

urlpatterns = [
    path("login/", views.LoginView.as_view(), name="login"),
    path("logout/", views.LogoutView.as_view(), name="logout"),
    path(
        "password/change/",
        views.PasswordChangeView.as_view(success_url=reverse_lazy("accounts:password_change_done")),
        name="password_change",
    ),
    path(
        "password/change/done/",
        auth_views.PasswordChangeDoneView.as_view(template_name="accounts/password_change_done.html"),
        name="password_change_done",
    ),
    path(
        "password/reset/",
        auth_views.PasswordResetView.as_view(
            template_name="accounts/password_reset.html",
            email_template_name="accounts/emails/password_reset.txt",
            subject_template_name="accounts/emails/password_reset_subject.txt",
            success_url=reverse_lazy("accounts:password_reset_done"),
        ),
        name="password_reset",
    ),
    path(
        "password/reset/sent/",
        auth_views.PasswordResetDoneView.as_view(template_name="accounts/password_reset_done.html"),
        name="password_reset_done",
    ),
    path(
        "password/reset/<uidb64>/<token>/",
        views.PasswordResetConfirmView.as_view(success_url=reverse_lazy("accounts:password_reset_complete")),
        name="password_reset_confirm",
    ),
    path(
        "password/reset/complete/",
        auth_views.PasswordResetCompleteView.as_view(template_name="accounts/password_reset_complete.html"),
        name="password_reset_complete",
    ),
    path("key/unlock/", views.key_unlock, name="key_unlock"),
    path("organisation/", views.organisation_switch, name="organisation_switch"),
    path("no-organisation/", views.no_membership, name="no_membership"),
    path("invitations/", views.invitations, name="invitations"),
    path("invitations/<id:invitation_id>/answer/", views.invitation_answer, name="invitation_answer"),
    path("members/<id:membership_id>/role/", views.member_role, name="member_role"),
    path("members/<id:membership_id>/remove/", views.member_remove, name="member_remove"),
]
