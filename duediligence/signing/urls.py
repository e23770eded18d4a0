from django.urls import path

from duediligence.signing import views

app_name = "signing"

urlpatterns = [
    path("", views.keys_page, name="keys"),
    path("generate/", views.key_generate, name="generate"),
    path("upload/", views.key_upload, name="upload"),
    path("<uuid:key_uid>/certificate.pem", views.certificate, name="certificate"),
]
