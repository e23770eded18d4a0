from django.urls import path

from duediligence.assessments import views

app_name = "assessments"

urlpatterns = [
    path("", views.assessment_list, name="list"),
    path("new/", views.assessment_new, name="new"),
    path("<int:assessment_id>/", views.overview, name="overview"),
    path("<int:assessment_id>/steps/<int:number>/", views.step, name="step"),
    path("<int:assessment_id>/steps/<int:number>/<slug:section_key>/", views.section, name="section"),
    path("<int:assessment_id>/check/", views.check, name="check"),
    path("<int:assessment_id>/submit/", views.submit, name="submit"),
    path("<int:assessment_id>/questions/<slug:question_key>/history/", views.history, name="history"),
    path("<int:assessment_id>/evidence/<str:token>/", views.evidence_download, name="evidence"),
]
