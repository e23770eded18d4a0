"""The reviewable content of an assessment as plain JSON, and the differences between two such contents.

A snapshot is taken whenever an auditor requests changes or approves; after a resubmission, the review page
compares the current content with the last snapshot, answer by answer and item by item. Its hash binds an
approval (and later a publication) to exactly what was reviewed.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from typing import Any

from duediligence.assessments.models import Assessment
from duediligence.assessments.snapshot import Snapshot


def content_of(assessment: Assessment) -> dict[str, Any]:
    snapshot = Snapshot(assessment)
    content: dict[str, Any] = {
        "answers": {key: value for key, value in snapshot.visible.items() if value is not None},
        "risks": {
            str(risk.pk): {
                "title": risk.title,
                "category": risk.get_category_display(),
                "scores": f"scale {risk.scale}, scope {risk.scope}, irremediability {risk.irremediability}, "
                f"likelihood {risk.likelihood}",
                "residual": f"{risk.residual_severity or '-'} / {risk.residual_likelihood or '-'}",
                "actions": sorted(
                    f"{a.description} ({a.get_status_display()}, due {a.due_date})" for a in risk.actions.all()
                ),
            }
            for risk in assessment.risks.prefetch_related("actions")
        },
        "audits": {
            str(audit.pk): {
                "firm": audit.firm,
                "dates": f"{audit.started_on} to {audit.ended_on}",
                "methods": audit.method_labels(),
                "restrictions": audit.restriction_labels(),
                "findings": sorted(
                    f"{finding.get_severity_display()}: {finding.description}" for finding in audit.findings.all()
                ),
            }
            for audit in assessment.audits.prefetch_related("findings")
        },
    }
    for name, reader in EXTRA_SECTIONS.items():
        content[name] = reader(assessment)
    return content


# Other apps (partners) add their own section here, so this module need not know every app.
EXTRA_SECTIONS: dict[str, Any] = {}


def content_hash(content: dict[str, Any]) -> str:
    canonical = json.dumps(content, sort_keys=True, ensure_ascii=False, separators=(",", ":"), default=str)
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


@dataclass
class Change:
    section: str  # answers, risks, audits, ...
    key: str
    kind: str  # added, removed, changed
    before: Any
    after: Any


def differences(before: dict[str, Any], after: dict[str, Any]) -> list[Change]:
    changes = []
    for section in sorted(set(before) | set(after)):
        old, new = before.get(section, {}), after.get(section, {})
        for key in sorted(set(old) | set(new), key=str):
            if key not in old:
                changes.append(Change(section, key, "added", None, new[key]))
            elif key not in new:
                changes.append(Change(section, key, "removed", old[key], None))
            elif old[key] != new[key]:
                changes.append(Change(section, key, "changed", old[key], new[key]))
    return changes
