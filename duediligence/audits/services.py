from __future__ import annotations

from django.db import transaction

from duediligence.accounts.models import User
from duediligence.assessments.evidence import CheckedUpload, new_token
from duediligence.assessments.models import Assessment
from duediligence.assessments.services import lock_editable
from duediligence.audits.models import Audit, CorrectiveAction, Finding


@transaction.atomic
def audit_save(*, assessment: Assessment, audit: Audit, user: User, report: CheckedUpload | None = None) -> Audit:
    audit.assessment = lock_editable(assessment)
    if audit.pk is None:
        audit.created_by = user
    if report is not None:
        audit.report_token = new_token()
        audit.report_name = report.name
        audit.report_sha256 = report.sha256
        audit.report_size = report.size
        audit.report_file.save(audit.report_token, report.file, save=False)
    audit.save()
    return audit


@transaction.atomic
def finding_save(*, audit: Audit, finding: Finding) -> Finding:
    lock_editable(audit.assessment)
    finding.audit = audit
    finding.save()
    return finding


@transaction.atomic
def corrective_action_save(*, finding: Finding, action: CorrectiveAction) -> CorrectiveAction:
    lock_editable(finding.audit.assessment)
    action.finding = finding
    action.save()
    return action
