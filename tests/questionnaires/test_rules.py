from duediligence.questionnaires.conditions import visible_answers
from duediligence.questionnaires.rules import raised_flags


def test_flags_follow_the_risk_rules_and_come_most_serious_first(questionnaire):
    questions = list(questionnaire.questions.order_by("position"))
    answers = {
        "operates_in_region": "yes",
        "state_programmes_known": "yes",  # medium
        "sells_to_security": "yes",  # high
        "end_users_known": 4,  # no flag: at most 2 flags
        "misuse_assessed": "yes",  # no flag
    }
    flags = raised_flags(questions, visible_answers(questions, answers))
    assert [(flag.question.key, flag.level) for flag in flags] == [
        ("sells_to_security", "high"),
        ("state_programmes_known", "medium"),
    ]
    assert flags[0].suggest["category"] == "surveillance_privacy"
    assert flags[0].suggest["title"] == "Products and services used for mass surveillance by security bodies"
    assert (flags[0].suggest["harm"], flags[0].suggest["scale"], flags[0].suggest["likelihood"]) == (
        "mass_surveillance",
        5,
        4,
    )


def test_a_hidden_answer_raises_no_flag(questionnaire):
    questions = list(questionnaire.questions.order_by("position"))
    answers = {"sells_to_security": "no", "supports_compulsory_collection": "yes"}
    keys = [flag.question.key for flag in raised_flags(questions, visible_answers(questions, answers))]
    assert "supports_compulsory_collection" not in keys


def test_multiple_choice_rules_match_any_listed_choice(questionnaire):
    questions = list(questionnaire.questions.order_by("position"))
    flagged = raised_flags(questions, visible_answers(questions, {"product_categories": ["general_it", "biometrics"]}))
    assert [flag.question.key for flag in flagged] == ["product_categories"]
    calm = raised_flags(questions, visible_answers(questions, {"product_categories": ["general_it"]}))
    assert calm == []
