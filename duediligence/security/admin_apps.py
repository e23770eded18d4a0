"""django.contrib.admin with the operator's site (security/admin_site.py) as `admin.site`, so that every app's
admin module, ours and third parties', registers on the site behind two factors.

Kept apart from admin_site.py: an app configuration is imported before any model may be.
"""

from django.contrib.admin.apps import AdminConfig


class OperatorAdminConfig(AdminConfig):
    default_site = "duediligence.security.admin_site.OperatorSite"
