from django.urls import path

from duediligence.statements import views

app_name = "statement_public"

urlpatterns = [
    path("<str:token>/", views.public_page, name="page"),
    path("<str:token>/<slug:regime>.pdf", views.public_pdf, name="pdf"),
]
