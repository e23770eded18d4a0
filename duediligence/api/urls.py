from django.urls import path
from drf_spectacular.views import SpectacularAPIView

from duediligence.api import docs, views

app_name = "api"

assessment = "assessments/<id:assessment_id>/"
urlpatterns = [
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    path("docs/", docs.api_docs, name="docs"),
    path("organisations/", views.OrganisationList.as_view(), name="organisations"),
    path("assessments/", views.AssessmentList.as_view(), name="assessments"),
    path(assessment, views.AssessmentDetail.as_view(), name="assessment"),
    path(f"{assessment}answers/", views.AnswerList.as_view(), name="answers"),
    path(f"{assessment}answers/<slug:key>/", views.AnswerDetail.as_view(), name="answer"),
    path(f"{assessment}risks/", views.RiskList.as_view(), name="risks"),
    path(f"{assessment}audits/", views.AuditList.as_view(), name="audits"),
    path(f"{assessment}partners/", views.PartnerList.as_view(), name="partners"),
    path(f"{assessment}partners/upsert/", views.PartnerUpsert.as_view(), name="partners_upsert"),
    path(f"{assessment}screening-matches/", views.ScreeningMatchList.as_view(), name="matches"),
    path(
        f"{assessment}screening-matches/<id:match_id>/decision/", views.MatchDecision.as_view(), name="match_decision"
    ),
    path(f"{assessment}submit/", views.Submit.as_view(), name="submit"),
    path(f"{assessment}request-changes/", views.RequestChanges.as_view(), name="request_changes"),
    path(f"{assessment}approve/", views.Approve.as_view(), name="approve"),
    path(f"{assessment}publish/", views.Publish.as_view(), name="publish"),
    path(f"{assessment}reports/", views.PublishedReportList.as_view(), name="reports"),
    path(f"{assessment}reports/<str:kind>/pdf/", views.PublishedReportPdf.as_view(), name="report_pdf"),
]
