from django.urls import path

from duediligence.risks import views

app_name = "risks"

urlpatterns = [
    path("", views.register, name="register"),
    path("new/", views.risk_new, name="new"),
    path("<id:risk_id>/", views.risk_edit, name="edit"),
    path("<id:risk_id>/delete/", views.risk_delete, name="delete"),
    path("<id:risk_id>/actions/new/", views.action_edit, name="action_new"),
    path("<id:risk_id>/actions/<id:action_id>/", views.action_edit, name="action_edit"),
    path("suggestions/<slug:question_key>/dismiss/", views.suggestion_dismiss, name="dismiss"),
]
