"""The languages of the pages people outside the company use (grievance intake, partner respondents).

They are part of those pages' URLs (`<language:language>`), so a link opens in the language it was given in.
"""

PUBLIC_LANGUAGES = ("en", "zh-hans")


class LanguageConverter:
    regex = "|".join(PUBLIC_LANGUAGES)

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value
