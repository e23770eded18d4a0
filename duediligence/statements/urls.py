from django.urls import path

from duediligence.statements import views

app_name = "statements"

urlpatterns = [
    path("", views.statement_list, name="list"),
    path("new/", views.statement_new, name="new"),
    path("<id:statement_id>/", views.statement_detail, name="detail"),
    path("<id:statement_id>/edit/", views.statement_edit, name="edit"),
    path("<id:statement_id>/check/", views.statement_check, name="check"),
    path("<id:statement_id>/move/<slug:move_name>/", views.statement_move, name="move"),
    path("<id:statement_id>/preview/<slug:regime>/", views.statement_preview, name="preview"),
    path("<id:statement_id>/publish/", views.statement_publish, name="publish"),
    path("<id:statement_id>/registry/", views.registry_record, name="registry"),
    path("<id:statement_id>/published/<slug:regime>.pdf", views.published_pdf, name="published_pdf"),
]
