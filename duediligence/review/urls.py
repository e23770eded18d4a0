from django.urls import path

from duediligence.review import views

app_name = "review"

urlpatterns = [
    path("", views.review_page, name="page"),
    path("comments/", views.comment_add, name="comment_add"),
    path("comments/<id:comment_id>/reply/", views.comment_reply, name="comment_reply"),
    path("comments/<id:comment_id>/resolve/", views.comment_resolve, name="comment_resolve"),
    path("<slug:move_name>/", views.move, name="move"),
]

# Mounted under /assessments/ in the "assessments" namespace by duediligence/urls.py.
assessment_urlpatterns = [
    path("<id:assessment_id>/", views.overview, name="overview"),
    path("<id:assessment_id>/check/", views.check, name="check"),
    path("<id:assessment_id>/submit/", views.submit, name="submit"),
    path("<id:assessment_id>/next-period/", views.next_period, name="next_period"),
]
