from django.urls import path

from duediligence.records import views

app_name = "records"

urlpatterns = [
    path("", views.home, name="home"),
    path("profile/", views.profile_edit, name="profile"),
    path("policies/new/", views.policy_edit, name="policy_add"),
    path("policies/<uuid:uid>/", views.policy_edit, name="policy_edit"),
    path("policies/<uuid:uid>/withdraw/", views.policy_withdraw, name="policy_withdraw"),
    path("training/new/", views.training_edit, name="training_add"),
    path("training/<uuid:uid>/", views.training_edit, name="training_edit"),
    path("training/<uuid:uid>/withdraw/", views.training_withdraw, name="training_withdraw"),
]
