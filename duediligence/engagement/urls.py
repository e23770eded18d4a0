from django.urls import path

from duediligence.engagement import views

app_name = "engagement"

urlpatterns = [
    path("", views.logs, name="logs"),
    path("meetings/new/", views.engagement_edit, name="engagement_new"),
    path("meetings/<id:engagement_id>/", views.engagement_edit, name="engagement_edit"),
    path("meetings/<id:engagement_id>/delete/", views.engagement_delete, name="engagement_delete"),
    path("requests/new/", views.request_edit, name="request_new"),
    path("requests/<id:request_id>/", views.request_edit, name="request_edit"),
    path("requests/<id:request_id>/delete/", views.request_delete, name="request_delete"),
]
