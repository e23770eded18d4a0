from typing import Any

from django.apps import AppConfig
from django.core import checks


class AccountsConfig(AppConfig):
    name = "duediligence.accounts"
    verbose_name = "Accounts and organisations"

    def ready(self) -> None:
        from django.urls import register_converter

        from duediligence.lib.bad_input import BoundedIdConverter
        from duediligence.lib.public_languages import PageKind, converter

        # Before any URLconf is read (apps are ready first): every id in a URL is <id:...>, which never
        # overflows PostgreSQL's bigint, so a huge number is a 404 rather than a database error.
        register_converter(BoundedIdConverter, "id")
        # The public pages' language, one converter per kind of page (<grievance_language:...>,
        # <respondent_language:...>), each matching only the languages settings.PUBLIC_LANGUAGES lists for it.
        for kind in PageKind:
            register_converter(converter(kind), f"{kind}_language")
        checks.register(public_languages_check)


def public_languages_check(app_configs: Any = None, **kwargs: Any) -> list[checks.CheckMessage]:
    from duediligence.lib.public_languages import problems

    return [checks.Error(problem, id="duediligence.E001") for problem in problems()]
