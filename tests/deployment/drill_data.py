"""The data a drill starts from, written through the app's own services into the database DATABASE_URL names.

    python tests/deployment/drill_data.py seed        people, a draft to save answers in, one assessment in
                                                      review (complete, for an approval and a publication),
                                                      one already published; prints what it made as JSON
    python tests/deployment/drill_data.py cases N     N grievance cases (with contact details, as stored)
    python tests/deployment/drill_data.py publish ID  take an assessment through review (as far as it still needs)
                                                      and publish it as the worker does

Run as a child process with the app's environment, so the drills' own process never connects to their
clusters through Django.
"""

from __future__ import annotations

import datetime
import json
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "duediligence.settings")

PASSWORD = "a-long-drill-password-1"
MANAGER_KEY = b"drill-manager-totp-key!!"
# The long-text question a drill's saves write to: each save a new value, so the answer history shows each one.
SAVED_QUESTION = "context_sources"


def seed() -> dict:
    from django.contrib.auth.hashers import PBKDF2PasswordHasher
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from duediligence.accounts.models import Membership, Organisation, Role, User
    from duediligence.assessments.services import assessment_create
    from duediligence.questionnaires.loader import DEFAULT_DEFINITION, questionnaire_load
    from duediligence.review import workflow
    from tests.conftest import complete_required

    questionnaire_load(path=DEFAULT_DEFINITION)
    organisation = Organisation.objects.create(name="Drill Instruments AG", slug="drill")
    # A PBKDF2 hash with few iterations verifies under the production hashers and keeps sign-in quick.
    password = PBKDF2PasswordHasher().encode(PASSWORD, "drillsalt", iterations=1000)
    people = {}
    for role in (Role.OFFICER, Role.AUDITOR, Role.MANAGER):
        user = User.objects.create(email=f"{role}@drill.example", full_name=f"Drill {role}", password=password)
        people[role] = Membership.objects.create(user=user, organisation=organisation, role=role)
    TOTPDevice.objects.create(user=people[Role.MANAGER].user, name="Phone", confirmed=True, key=MANAGER_KEY.hex())

    def new(title: str):
        return assessment_create(
            membership=people[Role.OFFICER], title=title, country="China", region="Xinjiang", scope="Sequencers",
            period_start=datetime.date(2026, 1, 1), period_end=datetime.date(2026, 12, 31),
        )  # fmt: skip

    draft = new("Saved through the failover")
    reviewed = new("Approved and published through the failover")
    complete_required(reviewed, people[Role.OFFICER].user)
    workflow.transition_apply(assessment=reviewed, move_name="submit", membership=people[Role.OFFICER])
    workflow.transition_apply(assessment=reviewed, move_name="start_review", membership=people[Role.AUDITOR])
    return {
        "officer": people[Role.OFFICER].user.email,
        "auditor": people[Role.AUDITOR].user.email,
        "manager": people[Role.MANAGER].user.email,
        "draft": draft.pk,
        "reviewed": reviewed.pk,
        "token": reviewed.public_token,
        "organisation": organisation.pk,
    }


def cases(count: int) -> list[str]:
    from duediligence.accounts.models import Organisation
    from duediligence.grievances.keys import case_key_of, case_key_set_up
    from duediligence.grievances.services import case_create
    from duediligence.lib.acting import Acting

    organisation = Organisation.objects.get(slug="drill")
    if case_key_of(organisation) is None:  # cases are encrypted to it: without one the intake takes none
        case_key_set_up(organisation=organisation, acting=Acting())
    made = [
        case_create(
            organisation=organisation,
            issue="forced_labour",
            description=f"Case {index}: workers at the Kashgar site were moved in from another region (drill).",
            place="Kashgar",
            contact_name=f"Reporter {index}",
            contact_email=f"reporter{index}@drill.example",
            language="zh-hans" if index % 2 else "en",
        ).case.code
        for index in range(count)
    ]
    return made


def rate_every_criterion(organisation) -> None:
    """Submission waits for every UNGP 31 criterion of the grievance mechanism to be rated, once cases made one."""
    from duediligence.grievances.models import Criterion, CriterionAssessment, Mechanism, Rating

    mechanism = Mechanism.objects.filter(organisation=organisation).first()
    for criterion in Criterion.values if mechanism else []:
        CriterionAssessment.objects.get_or_create(
            mechanism=mechanism, criterion=criterion, defaults={"rating": Rating.PARTLY, "evidence": "Drill."}
        )


def publish(assessment_id: int) -> list[str]:
    """Complete, submit and approve what is still needed, then publish as the worker does: a publication job run
    by its service. Returns the published PDFs' hashes."""
    from duediligence.accounts.models import Membership, Role
    from duediligence.assessments.models import Assessment, Status
    from duediligence.reports.models import JobStatus, Purpose
    from duediligence.reports.services import Signoff, render_job_run
    from duediligence.reports.tasks import render_job_request
    from duediligence.review import workflow
    from tests.conftest import complete_required

    assessment = Assessment.objects.get(pk=assessment_id)
    officer = Membership.objects.get(organisation=assessment.organisation, role=Role.OFFICER)
    auditor = Membership.objects.get(organisation=assessment.organisation, role=Role.AUDITOR)
    if assessment.status == Status.DRAFT:
        complete_required(assessment, officer.user)
        rate_every_criterion(assessment.organisation)
        workflow.transition_apply(assessment=assessment, move_name="submit", membership=officer)
        workflow.transition_apply(assessment=assessment, move_name="start_review", membership=auditor)
        assessment.refresh_from_db()
    if assessment.status == Status.IN_REVIEW:
        workflow.transition_apply(assessment=assessment, move_name="approve", membership=auditor)
    manager = Membership.objects.get(organisation=assessment.organisation, role=Role.MANAGER)
    signoff = Signoff("Drill Manager", "Chief Executive Officer", datetime.date(2026, 12, 1))
    job = render_job_request(assessment=assessment, user=manager.user, purpose=Purpose.PUBLISH, signoff=signoff)
    job = render_job_run(job.pk)
    assert job.status == JobStatus.DONE, job.error
    return list(assessment.published_reports.values_list("pdf_sha256", flat=True))


if __name__ == "__main__":
    import django

    django.setup()
    command = sys.argv[1]
    if command == "seed":
        print(json.dumps(seed()))
    elif command == "cases":
        print(json.dumps(cases(int(sys.argv[2]))))
    elif command == "publish":
        print(json.dumps(publish(int(sys.argv[2]))))
    else:
        raise SystemExit(f"unknown command {command!r}")
