"""The differences between two reviewed contents of an assessment (see assessments/ownership.py).

A snapshot of the content is taken whenever an auditor requests changes or approves; after a resubmission,
the review page compares the current content with the last snapshot, answer by answer and item by item. Items
are keyed by their uid, which survives corrections and transfers, so a copied item is never "removed and added".
The content's hash binds an approval (and later a publication) to exactly what was reviewed.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from typing import Any

from duediligence.assessments.ownership import CONTENT_FORMAT


def content_hash(content: dict[str, Any]) -> str:
    canonical = json.dumps(content, sort_keys=True, ensure_ascii=False, separators=(",", ":"), default=str)
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def comparable(snapshot_content: dict[str, Any]) -> bool:
    """Whether a stored snapshot has the current content's shape (older ones were keyed by database ids)."""
    return snapshot_content.get("format") == CONTENT_FORMAT


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
        if not isinstance(old, dict) or not isinstance(new, dict):
            continue  # the format marker
        for key in sorted(set(old) | set(new), key=str):
            if key not in old:
                changes.append(Change(section, key, "added", None, new[key]))
            elif key not in new:
                changes.append(Change(section, key, "removed", old[key], None))
            elif old[key] != new[key]:
                changes.append(Change(section, key, "changed", old[key], new[key]))
    return changes
