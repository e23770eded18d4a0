from django.urls import path

from duediligence.audits import views

app_name = "audits"

urlpatterns = [
    path("", views.audit_list, name="list"),
    path("new/", views.audit_edit, name="new"),
    path("<id:audit_id>/", views.audit_edit, name="edit"),
    path("<id:audit_id>/report/", views.report_download, name="report"),
    path("<id:audit_id>/findings/new/", views.finding_edit, name="finding_new"),
    path("<id:audit_id>/findings/<id:finding_id>/", views.finding_edit, name="finding_edit"),
    path("<id:audit_id>/findings/<id:finding_id>/actions/new/", views.action_edit, name="action_new"),
    path("<id:audit_id>/findings/<id:finding_id>/actions/<id:action_id>/", views.action_edit, name="action_edit"),
]
