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
    path("<id:risk_id>/remedies/new/", views.remedy_edit, name="remedy_new"),
    path("<id:risk_id>/remedies/<id:remedy_id>/", views.remedy_edit, name="remedy_edit"),
    path("<id:risk_id>/indicators/new/", views.indicator_edit, name="indicator_new"),
    path("<id:risk_id>/indicators/<id:indicator_id>/", views.indicator_edit, name="indicator_edit"),
    path("<id:risk_id>/indicators/<id:indicator_id>/results/new/", views.result_edit, name="result_new"),
    path("<id:risk_id>/indicators/<id:indicator_id>/results/<id:result_id>/", views.result_edit, name="result_edit"),
    path("<id:risk_id>/remedies/<id:item_id>/delete/", views.item_delete, {"kind": "remedy"}, name="remedy_delete"),
    path(
        "<id:risk_id>/indicators/<id:item_id>/delete/",
        views.item_delete,
        {"kind": "indicator"},
        name="indicator_delete",
    ),
    path("suggestions/<slug:question_key>/dismiss/", views.suggestion_dismiss, name="dismiss"),
]
