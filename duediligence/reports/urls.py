from django.urls import path

from duediligence.reports import views

app_name = "reports"

urlpatterns = [
    path("", views.report_home, name="home"),
    path("<slug:kind>/preview/", views.preview, name="preview"),
    path("<slug:kind>/pdf/", views.pdf_request, name="pdf"),
    path("jobs/<id:job_id>/", views.job, name="job"),
    path("jobs/<id:job_id>/status/", views.job_status, name="job_status"),
    path("jobs/<id:job_id>/download/", views.job_download, name="job_download"),
    path("publish/", views.publish, name="publish"),
    path("correction/", views.correction, name="correction"),
    path("published/<slug:kind>.pdf", views.published_file, {"fmt": "pdf"}, name="published_pdf"),
    path("published/<slug:kind>.html", views.published_file, {"fmt": "html"}, name="published_html"),
]
