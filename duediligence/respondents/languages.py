"""The languages an invitation's pages and emails speak: those settings.PUBLIC_LANGUAGES lists for the respondent
pages that its questionnaire version is worded in (an older version may lack a language added since)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from duediligence.lib.public_languages import PageKind, PublicLanguage, languages, public_language

if TYPE_CHECKING:
    from duediligence.respondents.models import PartnerInvitation


def page_languages(invitation: PartnerInvitation) -> list[str]:
    worded = invitation.questionnaire.languages
    return [each.code for each in languages(PageKind.RESPONDENT) if each.code in worded]


def other_languages(invitation: PartnerInvitation, language: str) -> list[PublicLanguage]:
    """The language switch of a page in `language`."""
    return [public_language(code) for code in page_languages(invitation) if code != language]
