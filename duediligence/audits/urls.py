from django.urls import path

from duediligence.audits import views

app_name = "audits"

urlpatterns = [
    path("", views.audit_list, name="list"),
    path("new/", views.audit_edit, name="new"),
    path("<int:audit_id>/", views.audit_edit, name="edit"),
    path("<int:audit_id>/report/", views.report_download, name="report"),
    path("<int:audit_id>/findings/new/", views.finding_edit, name="finding_new"),
    path("<int:audit_id>/findings/<int:finding_id>/", views.finding_edit, name="finding_edit"),
    path("<int:audit_id>/findings/<int:finding_id>/actions/new/", views.action_edit, name="action_new"),
    path("<int:audit_id>/findings/<int:finding_id>/actions/<int:action_id>/", views.action_edit, name="action_edit"),
]
