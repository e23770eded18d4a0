"""The tables of this app that an assessment owns (see assessments/ownership.py); registered in ready()."""

from duediligence.assessments.ownership import OwnedTable
from duediligence.risks.models import MitigationAction, Risk, SuggestionDecision

OWNED = (
    OwnedTable(
        "risks",
        Risk,
        "assessment",
        reviewed=(
            "title",
            "category",
            "rights_affected",
            "people_affected",
            "scale",
            "scope",
            "irremediability",
            "likelihood",
            "involvement",
            "impact",
            "leverage",
            "crucial_relationship",
            "residual_severity",
            "residual_likelihood",
            "source_question",
            "scores_lowered_reason",
        ),
        bookkeeping={
            "uid": "identity",
            "assessment": "scope",
            "suggested_scores": "set from the questionnaire's suggestion, never typed",
            "created_by": "who, recorded by the system",
            "created_at": "when, recorded by the system",
            "updated_at": "when, recorded by the system",
        },
        label="title",
    ),
    OwnedTable(
        "mitigation_actions",
        MitigationAction,
        "risk__assessment",
        refs={"risk": "risks"},
        parent="risk",
        reviewed=("description", "owner", "due_date", "status"),
        bookkeeping={"uid": "identity", "risk": "the parent item", "updated_at": "when, recorded by the system"},
        label="description",
    ),
    OwnedTable(
        "suggestion_decisions",
        SuggestionDecision,
        "assessment",
        refs={"risk": "risks"},
        reviewed=("question", "outcome", "reason", "risk"),
        bookkeeping={
            "uid": "identity",
            "assessment": "scope",
            "decided_by": "who, recorded by the system",
            "decided_at": "when, recorded by the system",
        },
        label="question",
    ),
)
