"""The tables of this app that an assessment owns (see assessments/ownership.py); registered in ready()."""

from duediligence.assessments.ownership import OwnedTable
from duediligence.partners.models import Partner, ScreeningMatch

PARTNERS = OwnedTable(
    "partners",
    Partner,
    "assessment",
    reviewed=(
        "name",
        "name_local",
        "category",
        "city",
        "region",
        "country",
        "relationship",
        "products",
        "since",
        "disclosed",
        "withheld_reason",
        "owner",
        "owner_share",
        "contact_email",
    ),
    bookkeeping={
        "uid": "identity",
        "assessment": "scope",
        "name_norm": "derived from the name",
        "local_norm": "derived from the local name",
        "location_norm": "derived from the location",
        "match_tokens": "derived from the names, for screening",
        "name_keys": "derived from the names, for screening",
        "created_at": "when, recorded by the system",
        "updated_at": "when, recorded by the system",
    },
    label="name",
)
MATCHES = OwnedTable(
    "screening_matches",
    ScreeningMatch,
    "partner__assessment",
    refs={"partner": "partners"},
    parent="partner",
    reviewed=("entity", "matched_name", "status", "reason"),
    bookkeeping={
        "uid": "identity",
        "partner": "the parent item",
        "score": "computed by screening",
        "exact": "computed by screening",
        "explanation": "computed by screening",
        "via_owner": "computed by screening",
        "found_in": "which list import found it, recorded by the system",
        "decided_by": "who, recorded by the system",
        "decided_at": "when, recorded by the system",
    },
    label="matched_name",
)
# Partners, as every door (form, CSV, API, export) lists them: PARTNERS.reviewed (partners/cleaning.py).
OWNED = (PARTNERS, MATCHES)
