from django.urls import path

from duediligence.grievances import access_views, views

app_name = "grievances"

urlpatterns = [
    path("", views.case_list, name="list"),
    path("mechanism/", views.mechanism, name="mechanism"),
    path("access/", access_views.access, name="access"),
    path("access/set-up/", access_views.key_set_up, name="key_set_up"),
    path("access/recover/", access_views.access_recover, name="access_recover"),
    path("access/give/<id:membership_id>/", access_views.access_give, name="access_give"),
    path("<id:case_id>/", views.case_detail, name="detail"),
    path("<id:case_id>/move/", views.case_move, name="move"),
    path("<id:case_id>/reply/", views.case_reply, name="reply"),
    path("<id:case_id>/risks/", views.case_risks, name="risks"),
    path("<id:case_id>/contact/", views.case_contact, name="contact"),
    path("<id:case_id>/files/<slug:token>/", views.attachment_download, name="attachment"),
]
