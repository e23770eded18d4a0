from django.contrib import admin
from django.urls import include, path

from duediligence.dashboard.views import healthz

urlpatterns = [
    path("", include("duediligence.dashboard.urls")),
    path("accounts/", include("duediligence.accounts.urls")),
    path("security/", include("duediligence.security.urls")),
    path("assessments/", include("duediligence.assessments.urls")),
    path("assessments/<int:assessment_id>/risks/", include("duediligence.risks.urls")),
    path("assessments/<int:assessment_id>/audits/", include("duediligence.audits.urls")),
    path("assessments/<int:assessment_id>/partners/", include("duediligence.partners.urls")),
    path("assessments/<int:assessment_id>/review/", include("duediligence.review.urls")),
    path("assessments/<int:assessment_id>/report/", include("duediligence.reports.urls")),
    path("r/", include("duediligence.reports.public_urls")),
    path("healthz", healthz, name="healthz"),
    path("admin/", admin.site.urls),
]

handler500 = "duediligence.lib.errors.server_error"
