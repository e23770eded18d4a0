from django.urls import path

from duediligence.grievances import public_views

app_name = "grievance_public"

urlpatterns = [
    path("", public_views.start, name="start"),
    path("<grievance_language:language>/", public_views.intake, name="intake"),
    path("<grievance_language:language>/follow-up/", public_views.follow_up, name="follow_up"),
    path("<grievance_language:language>/case/", public_views.case_page, name="case"),
    path("<grievance_language:language>/leave/", public_views.leave, name="leave"),
    path("<grievance_language:language>/safety/", public_views.safety, name="safety"),
    path("<grievance_language:language>/procedure/", public_views.procedure, name="procedure"),
]
