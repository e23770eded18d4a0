import pytest

from duediligence.questionnaires.loader import PARTNER_DEFINITIONS, questionnaire_load


@pytest.fixture
def supplier_questionnaire(db):
    return questionnaire_load(path=PARTNER_DEFINITIONS[0]).questionnaire
