"""Partners in the review's content snapshots (see duediligence/review/content.py)."""

from __future__ import annotations


def partners_content(assessment) -> dict:
    return {
        str(partner.pk): {
            "name": partner.name,
            "name_local": partner.name_local,
            "category": partner.get_category_display(),
            "location": partner.location,
            "disclosed": "yes" if partner.disclosed else f"withheld ({partner.get_withheld_reason_display()})",
            "matches": sorted(
                f"{match.entity.name}: {match.get_status_display()}"
                for match in partner.matches.all()
                if match.status != "potential"
            ),
        }
        for partner in assessment.partners.prefetch_related("matches__entity")
    }


def register_review_content() -> None:
    from duediligence.review.content import EXTRA_SECTIONS

    EXTRA_SECTIONS["partners"] = partners_content
