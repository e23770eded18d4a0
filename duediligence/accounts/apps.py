from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "duediligence.accounts"
    verbose_name = "Accounts and organisations"

    def ready(self) -> None:
        from django.urls import register_converter

        from duediligence.lib.bad_input import BoundedIdConverter
        from duediligence.lib.public_languages import LanguageConverter

        # Before any URLconf is read (apps are ready first): every id in a URL is <id:...>, which never
        # overflows PostgreSQL's bigint, so a huge number is a 404 rather than a database error.
        register_converter(BoundedIdConverter, "id")
        # The public pages' language, one converter for the grievance intake and the partner respondents.
        register_converter(LanguageConverter, "language")
