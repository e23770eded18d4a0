from django.urls import path

from duediligence.reports import views

app_name = "public"

urlpatterns = [
    path("<str:token>/", views.public_page, name="page"),
    path("<str:token>/<id:revision>/report.pdf", views.public_file, {"fmt": "pdf"}, name="pdf"),
    path("<str:token>/<id:revision>/report.html", views.public_file, {"fmt": "html"}, name="html"),
]
