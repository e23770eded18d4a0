"""The tables of this app that an assessment owns (see assessments/ownership.py); registered in ready()."""

from duediligence.assessments.ownership import OwnedTable
from duediligence.audits.models import Audit, CorrectiveAction, Finding

OWNED = (
    OwnedTable(
        "audits",
        Audit,
        "assessment",
        reviewed=(
            "firm",
            "lead_auditor",
            "independence",
            "methods",
            "started_on",
            "ended_on",
            "scope_sites",
            "scope_suppliers",
            "scope_products",
            "restrictions",
            "restrictions_detail",
            "report_name",
            "report_sha256",
        ),
        bookkeeping={
            "uid": "identity",
            "assessment": "scope",
            "report_file": "the bytes, fixed by the reviewed SHA-256",
            "report_token": "a download link",
            "report_size": "read from the bytes",
            "created_by": "who, recorded by the system",
            "created_at": "when, recorded by the system",
            "updated_at": "when, recorded by the system",
        },
        label="firm",
    ),
    OwnedTable(
        "findings",
        Finding,
        "audit__assessment",
        refs={"audit": "audits", "risk": "risks"},
        parent="audit",
        reviewed=("severity", "description", "risk"),
        bookkeeping={"uid": "identity", "audit": "the parent item"},
        label="description",
    ),
    OwnedTable(
        "corrective_actions",
        CorrectiveAction,
        "finding__audit__assessment",
        refs={"finding": "findings"},
        parent="finding",
        reviewed=("description", "owner", "due_date", "status", "completion_evidence"),
        bookkeeping={"uid": "identity", "finding": "the parent item"},
        label="description",
    ),
)
