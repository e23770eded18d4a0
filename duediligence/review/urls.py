from django.urls import path

from duediligence.review import views

app_name = "review"

urlpatterns = [
    path("", views.review_page, name="page"),
    path("comments/", views.comment_add, name="comment_add"),
    path("comments/<int:comment_id>/reply/", views.comment_reply, name="comment_reply"),
    path("comments/<int:comment_id>/resolve/", views.comment_resolve, name="comment_resolve"),
    path("<slug:move_name>/", views.move, name="move"),
]

# Mounted under /assessments/ in the "assessments" namespace by duediligence/urls.py.
assessment_urlpatterns = [
    path("<int:assessment_id>/", views.overview, name="overview"),
    path("<int:assessment_id>/check/", views.check, name="check"),
    path("<int:assessment_id>/submit/", views.submit, name="submit"),
]
