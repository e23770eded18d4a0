from django.urls import path

from duediligence.respondents import public_views, views

app_name = "respondents"

# Included at the root: the company's pages under an assessment (members of its organisation), and the
# respondent's pages under /p/ (no account; the token opens one invitation).
urlpatterns = [
    path("assessments/<id:assessment_id>/partners/<id:partner_id>/invite/", views.invite, name="invite"),
    path("assessments/<id:assessment_id>/partners/invite/", views.invite_many, name="invite_many"),
    path("assessments/<id:assessment_id>/invitations/<id:partner_invitation_id>/", views.answers, name="answers"),
    path("assessments/<id:assessment_id>/invitations/<id:partner_invitation_id>/revoke/", views.revoke, name="revoke"),
    path(
        "assessments/<id:assessment_id>/invitations/<id:partner_invitation_id>/files/<slug:token>/",
        views.attachment_download,
        name="attachment",
    ),
    path("p/<str:token>/<respondent_language:language>/", public_views.start, name="start"),
    path("p/<str:token>/<respondent_language:language>/answer/", public_views.answer, name="answer"),
    path("p/<str:token>/<respondent_language:language>/decline/", public_views.decline, name="decline"),
]
