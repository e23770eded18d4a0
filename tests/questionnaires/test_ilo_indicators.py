"""Every ILO forced-labour indicator a partner questionnaire cites is the one its question is about.

The ILO's eleven indicators of forced labour, by number, with words a question about each would use (our own
shorthand for the indicators' subjects, not the ILO's text). A question citing "ILO FLI n" must be about n.
"""

import re

import pytest

from duediligence.questionnaires.loader import PARTNER_DEFINITIONS, read_definition

ILO_INDICATORS = {
    1: ("abuse of vulnerability", ("transfer", "programme", "vulnerab", "surplus labour")),
    2: ("deception", ("deceiv", "promised", "misled")),
    3: ("restriction of movement", ("leave", "move freely", "movement")),
    4: ("isolation", ("isolat", "remote")),
    5: ("physical and sexual violence", ("violence", "beaten", "sexual")),
    6: ("intimidation and threats", ("fear", "threat", "intimidat", "reprisal", "retaliat")),
    7: ("retention of identity documents", ("identity", "passport", "documents")),
    8: ("withholding of wages", ("wage", "paid")),
    9: ("debt bondage", ("fee", "deposit", "debt", "loan")),
    10: ("abusive working and living conditions", ("living", "dormitor", "safety")),
    11: ("excessive overtime", ("overtime", "working week", "hours")),
}
CITATION = re.compile(r"^ILO FLI (\d+)$")


def current_partner_definitions():
    """The newest version of each partner questionnaire: earlier versions stay as they were loaded."""
    newest: dict[str, dict] = {}
    for path in PARTNER_DEFINITIONS:
        data = read_definition(path)
        if data["slug"] not in newest or data["version"] > newest[data["slug"]]["version"]:
            newest[data["slug"]] = data
    return list(newest.values())


def citations():
    for data in current_partner_definitions():
        for step in data["steps"]:
            for section in step["sections"]:
                for question in section["questions"]:
                    for reference in question.get("references") or []:
                        if match := CITATION.match(reference):
                            yield data["slug"], question, int(match.group(1))


def test_the_table_has_the_eleven_indicators():
    assert sorted(ILO_INDICATORS) == list(range(1, 12))


@pytest.mark.parametrize(
    ("slug", "question", "number"),
    list(citations()),
    ids=lambda value: value["key"] if isinstance(value, dict) else str(value),
)
def test_each_cited_indicator_is_what_the_question_asks_about(slug, question, number):
    subject, words = ILO_INDICATORS[number]
    text = (question["label"] + " " + question.get("help", "")).lower()
    assert any(word in text for word in words), f"{slug} › {question['key']} cites ILO FLI {number} ({subject})"


def test_the_supplier_questionnaire_cites_the_indicators_its_questions_are_about():
    cited = {(slug, question["key"]): number for slug, question, number in citations()}
    supplier = {key: number for (slug, key), number in cited.items() if slug.startswith("partner-supplier")}
    assert supplier["documents_held"] == 7
    assert supplier["free_to_leave"] == 3
    assert supplier["wages_direct"] == 8
    assert supplier["grievance_channel"] == 6
