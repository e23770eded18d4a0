from django.urls import path

from duediligence.dashboard import views

app_name = "dashboard"

urlpatterns = [
    path("", views.home, name="home"),
    path("queue/", views.review_queue, name="queue"),
]
