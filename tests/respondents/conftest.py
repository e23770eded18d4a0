import pytest

from duediligence.questionnaires.loader import SUPPLIER_DEFINITION, questionnaire_load


@pytest.fixture
def supplier_questionnaire(db):
    return questionnaire_load(path=SUPPLIER_DEFINITION).questionnaire
