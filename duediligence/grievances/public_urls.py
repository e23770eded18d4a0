from django.urls import path

from duediligence.grievances import public_views

app_name = "grievance_public"

urlpatterns = [
    path("", public_views.start, name="start"),
    path("<language:language>/", public_views.intake, name="intake"),
    path("<language:language>/follow-up/", public_views.follow_up, name="follow_up"),
    path("<language:language>/case/", public_views.case_page, name="case"),
    path("<language:language>/leave/", public_views.leave, name="leave"),
    path("<language:language>/safety/", public_views.safety, name="safety"),
    path("<language:language>/procedure/", public_views.procedure, name="procedure"),
]
