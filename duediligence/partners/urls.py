from django.urls import path

from duediligence.partners import views

app_name = "partners"

urlpatterns = [
    path("", views.partner_list, name="list"),
    path("new/", views.partner_edit, name="new"),
    path("import/", views.partner_import, name="import"),
    path("how-scores-are-made/", views.how_scores, name="how_scores"),
    path("lists/", views.screening_lists, name="lists"),
    path("template.csv", views.import_template, name="template"),
    path("export.csv", views.partner_export, {"fmt": "csv"}, name="export_csv"),
    path("export.xlsx", views.partner_export, {"fmt": "xlsx"}, name="export_xlsx"),
    path("<id:partner_id>/", views.partner_detail, name="detail"),
    path("<id:partner_id>/edit/", views.partner_edit, name="edit"),
    path("<id:partner_id>/delete/", views.partner_delete, name="delete"),
    path("<id:partner_id>/matches/<id:match_id>/", views.match_decide, name="match_decide"),
]
