"""The tables of this app that an assessment owns (see assessments/ownership.py); registered in ready().

Comments and snapshots are the review's own record: a correction starts a new review, so they are not copied.
"""

from duediligence.assessments.owned import RECORD
from duediligence.assessments.ownership import Copy, OwnedTable
from duediligence.review.models import Comment, ReviewSnapshot

OWNED = (
    OwnedTable(
        "review_snapshots",
        ReviewSnapshot,
        "assessment",
        refs={"transition": "transitions"},
        copy=Copy.SKIP,
        bookkeeping={name: RECORD for name in ("assessment", "transition", "content", "content_sha256")},
    ),
    OwnedTable(
        "comments",
        Comment,
        "assessment",
        copy=Copy.SKIP,
        bookkeeping={
            name: RECORD
            for name in (
                "uid",
                "assessment",
                "question",
                "author",
                "text",
                "created_at",
                "status",
                "reply",
                "replied_by",
                "replied_at",
                "resolved_by",
                "resolved_at",
            )
        },
    ),
)
