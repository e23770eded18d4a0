from django.urls import path

from duediligence.security import views

app_name = "security"

urlpatterns = [
    path("", views.account, name="account"),
    path("two-factor/set-up/", views.two_factor_setup, name="two_factor_setup"),
    path("two-factor/verify/", views.two_factor_verify, name="two_factor_verify"),
    path("two-factor/remove/", views.two_factor_remove, name="two_factor_remove"),
    path("two-factor/recovery-codes/", views.recovery_codes_renew, name="recovery_codes_renew"),
    path("events/", views.events, name="events"),
    path("api-tokens/", views.api_token_create, name="api_token_create"),
    path("api-tokens/<id:token_id>/revoke/", views.api_token_revoke, name="api_token_revoke"),
]

# Mounted under /accounts/ in the "accounts" namespace by duediligence/urls.py.
member_urlpatterns = [
    path("members/", views.members, name="members"),
    path("members/<id:membership_id>/unlock/", views.member_unlock, name="member_unlock"),
    path("members/invitations/<id:invitation_id>/revoke/", views.invitation_revoke, name="invitation_revoke"),
    path("members/<id:membership_id>/two-factor/reset/", views.member_two_factor_reset, name="member_two_factor_reset"),
]
