from django.contrib import admin
from django.urls import include, path

from duediligence.accounts import urls as account_urls
from duediligence.assessments import urls as assessment_urls
from duediligence.dashboard.views import healthz
from duediligence.review import urls as review_urls
from duediligence.security import urls as security_urls

# The members page comes from the security app (lockouts, two-factor), the rest of /accounts/ from accounts.
# An assessment's pages come from two layers: answering (assessments) and the pages spanning every step and
# the submission (review). One namespace, so their names read "assessments:overview" wherever they are built.
account_pages = (account_urls.urlpatterns + security_urls.member_urlpatterns, "accounts")
assessment_pages = (assessment_urls.urlpatterns + review_urls.assessment_urlpatterns, "assessments")

urlpatterns = [
    path("", include("duediligence.dashboard.urls")),
    path("accounts/", include(account_pages)),
    path("security/", include("duediligence.security.urls")),
    path("assessments/", include(assessment_pages)),
    path("assessments/<id:assessment_id>/risks/", include("duediligence.risks.urls")),
    path("assessments/<id:assessment_id>/audits/", include("duediligence.audits.urls")),
    path("assessments/<id:assessment_id>/engagement/", include("duediligence.engagement.urls")),
    path("assessments/<id:assessment_id>/partners/", include("duediligence.partners.urls")),
    path("assessments/<id:assessment_id>/review/", include("duediligence.review.urls")),
    path("assessments/<id:assessment_id>/report/", include("duediligence.reports.urls")),
    path("r/", include("duediligence.reports.public_urls")),
    path("organisation/signing/", include("duediligence.signing.urls")),
    path("organisation/records/", include("duediligence.records.urls")),
    path("organisation/statements/", include("duediligence.statements.urls")),
    path("s/", include("duediligence.statements.public_urls")),
    path("g/<slug:organisation>/", include("duediligence.grievances.public_urls")),
    path("grievances/", include("duediligence.grievances.urls")),
    path("", include("duediligence.respondents.urls")),
    path("api/v1/", include("duediligence.api.urls")),
    path("healthz", healthz, name="healthz"),
    path("admin/", admin.site.urls),
]

handler400 = "duediligence.lib.errors.bad_request"
handler404 = "duediligence.lib.errors.page_not_found"
handler500 = "duediligence.lib.errors.server_error"
