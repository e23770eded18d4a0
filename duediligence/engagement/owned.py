"""The tables of this app that an assessment owns (see assessments/ownership.py); registered in ready()."""

from duediligence.assessments.ownership import OwnedTable
from duediligence.engagement.models import Engagement, EngagementRisk, InformationRequest

OWNED = (
    OwnedTable(
        "engagements",
        Engagement,
        "assessment",
        reviewed=(
            "held_on",
            "group",
            "method",
            "participants",
            "safety",
            "protection",
            "topics",
            "outcome",
        ),
        bookkeeping={"uid": "identity", "assessment": "scope", "updated_at": "when, recorded by the system"},
        label="topics",
    ),
    OwnedTable(
        "engagement_risks",
        EngagementRisk,
        "engagement__assessment",
        refs={"engagement": "engagements", "risk": "risks"},
        parent="engagement",
        reviewed=("risk",),
        bookkeeping={"uid": "identity", "engagement": "the parent item"},
        label="risk",
    ),
    OwnedTable(
        "information_requests",
        InformationRequest,
        "assessment",
        reviewed=(
            "received_on",
            "requester_kind",
            "requester",
            "topic",
            "due_on",
            "status",
            "closed_on",
            "summary",
        ),
        bookkeeping={"uid": "identity", "assessment": "scope", "updated_at": "when, recorded by the system"},
        label="topic",
    ),
)
