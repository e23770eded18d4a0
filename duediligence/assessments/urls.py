from django.urls import path

from duediligence.assessments import views

app_name = "assessments"

# The overview, check and submit pages are the review app's (they span every step); duediligence/urls.py
# mounts them in this namespace too, at /assessments/<id>/, /check/ and /submit/.

urlpatterns = [
    path("", views.assessment_list, name="list"),
    path("new/", views.assessment_new, name="new"),
    path("<id:assessment_id>/steps/<id:number>/", views.step, name="step"),
    path("<id:assessment_id>/steps/<id:number>/<slug:section_key>/", views.section, name="section"),
    path("<id:assessment_id>/questions/<slug:question_key>/history/", views.history, name="history"),
    path("<id:assessment_id>/evidence/<str:token>/", views.evidence_download, name="evidence"),
]
