from types import SimpleNamespace

import pytest

from duediligence.questionnaires.conditions import condition_holds, passes, visible_answers


@pytest.mark.parametrize(
    ("test", "value", "expected"),
    [
        ({"equals": "yes"}, "yes", True),
        ({"equals": "yes"}, "no", False),
        ({"equals": "yes"}, None, False),
        ({"not_equals": "no"}, "yes", True),
        ({"in": ["a", "b"]}, "b", True),
        ({"in": ["a", "b"]}, "c", False),
        ({"any_of": ["dna", "face"]}, ["cloud", "dna"], True),
        ({"any_of": ["dna", "face"]}, ["cloud"], False),
        ({"at_least": 4}, 4, True),
        ({"at_least": 4}, 3.5, False),
        ({"at_most": 2}, 2, True),
        ({"at_most": 2}, 3, False),
        ({"answered": True}, "", False),
        ({"answered": False}, None, True),
        ({"answered": True}, ["x"], True),
    ],
)
def test_each_operator(test, value, expected):
    assert passes(test, value) is expected


def test_combinations():
    answers = {"a": "yes", "b": 2}
    both = {"all": [{"question": "a", "equals": "yes"}, {"question": "b", "at_least": 3}]}
    either = {"any": [{"question": "a", "equals": "yes"}, {"question": "b", "at_least": 3}]}
    assert condition_holds(both, answers) is False
    assert condition_holds(either, answers) is True
    assert condition_holds(None, answers) is True


def test_a_question_depending_on_a_hidden_question_is_hidden_too():
    questions = [
        SimpleNamespace(key="sells", show_if=None),
        SimpleNamespace(key="to_security", show_if={"question": "sells", "equals": "yes"}),
        SimpleNamespace(key="which", show_if={"question": "to_security", "equals": "yes"}),
    ]
    stale = {"sells": "no", "to_security": "yes", "which": "PSB lab"}
    assert visible_answers(questions, stale) == {"sells": "no"}
    assert visible_answers(questions, {**stale, "sells": "yes"}) == {
        "sells": "yes",
        "to_security": "yes",
        "which": "PSB lab",
    }
