"""The demo world a new user logs into: read from the YAML files in demo/data/, written idempotently."""

import base64
from pathlib import Path
from typing import TYPE_CHECKING

import yaml
from django.conf import settings
from django.db import transaction
from django_otp.plugins.otp_totp.models import TOTPDevice

from duediligence.accounts.models import Membership, Organisation, User
from duediligence.security import two_factor

if TYPE_CHECKING:
    from duediligence.assessments.models import Assessment

DATA_DIR = Path(__file__).resolve().parent / "data"


def load_data(name: str) -> dict:
    with (DATA_DIR / name).open(encoding="utf-8") as handle:
        return yaml.safe_load(handle)


@transaction.atomic
def demo_seed(*, password: str) -> list[str]:
    """Bring the demo data to its documented state; running it twice changes nothing the second time.

    Passwords are set only for people created now, so a demo user who changed theirs keeps it.
    """
    data = load_data("organisations.yaml")
    summary = []
    organisations = {}
    for row in data["organisations"]:
        organisation, created = Organisation.objects.update_or_create(
            slug=row["slug"], defaults={"name": row["name"], "country": row.get("country", "")}
        )
        organisations[row["slug"]] = organisation
        summary.append(f"{'Created' if created else 'Kept'} organisation {organisation}")
    for row in data["people"]:
        superuser = bool(row.get("superuser"))
        user, created = User.objects.update_or_create(
            email=row["email"],
            defaults={"full_name": row["full_name"], "is_staff": superuser, "is_superuser": superuser},
        )
        if created:
            user.set_password(password)
            user.save(update_fields=["password"])
        for membership in row["memberships"]:
            Membership.objects.update_or_create(
                user=user,
                organisation=organisations[membership["organisation"]],
                defaults={"role": membership["role"]},
            )
        summary.append(f"{'Created' if created else 'Kept'} {user.email}")
        if two_factor.is_required_for(user) and not TOTPDevice.objects.filter(user=user).exists():
            # One documented key for the demo managers and admins, so a tester adds it to an authenticator
            # app once (README.md); real accounts each get their own key at first login.
            TOTPDevice.objects.create(user=user, name="Demo authenticator", key=demo_totp_key_hex(), confirmed=True)
    return summary


def demo_totp_key_hex() -> str:
    secret = settings.DEMO_TOTP_KEY.replace(" ", "").upper()
    return base64.b32decode(secret + "=" * (-len(secret) % 8)).hex()


@transaction.atomic
def demo_assessment_seed() -> str:
    """Create the demo assessment once. A second run leaves it alone, so a user's demo work is never reset."""
    from duediligence.assessments.models import Assessment
    from duediligence.assessments.services import answers_save, assessment_create

    data = load_data("assessment.yaml")
    organisation = Organisation.objects.get(slug=data["organisation"])
    existing = Assessment.objects.filter(organisation=organisation, title=data["title"]).first()
    if existing is not None:
        return f"Kept demo assessment {existing.pk}: {existing}"
    officer = User.objects.get(email=data["officer"])
    membership = Membership.objects.get(user=officer, organisation=organisation)
    assessment = assessment_create(
        membership=membership,
        title=data["title"],
        country=data["country"],
        region=data["region"],
        scope=data["scope"].strip(),
        period_start=data["period_start"],
        period_end=data["period_end"],
    )
    answers_save(assessment=assessment, user=officer, values=data["answers"], base_versions={})
    _seed_risks(assessment, officer, data.get("risks", []))
    _seed_audits(assessment, officer, data.get("audits", []))
    _seed_engagement(assessment, data.get("engagements", []), data.get("information_requests", []))
    from duediligence.partners.importer import partner_import

    report = partner_import(assessment=assessment, raw=(DATA_DIR / "partners.csv").read_bytes())
    if not report.ok:
        raise ValueError(f"demo partners.csv is invalid: {report.errors}")
    return f"Created demo assessment {assessment.pk}: {assessment}"


def _seed_risks(assessment: "Assessment", officer: User, rows: list[dict]) -> None:
    from duediligence.risks.models import Indicator, IndicatorResult, MitigationAction, Remedy, Risk
    from duediligence.risks.services import (
        action_save,
        indicator_result_save,
        indicator_save,
        remedy_save,
        risk_save,
    )

    for row in rows:
        row = dict(row)
        actions = row.pop("actions", [])
        indicators = row.pop("indicators", [])
        remedies = row.pop("remedies", [])
        source = assessment.questionnaire.questions.get(key=row.pop("from"))
        risk = risk_save(assessment=assessment, risk=Risk(**row), user=officer, source_question=source)
        for action in actions:
            action_save(action=MitigationAction(**action), risk=risk)
        for remedy in remedies:
            remedy_save(remedy=Remedy(**remedy), risk=risk)
        for indicator_row in indicators:
            indicator_row = dict(indicator_row)
            results = indicator_row.pop("results", [])
            indicator = indicator_save(indicator=Indicator(**indicator_row), risk=risk)
            for result in results:
                indicator_result_save(result=IndicatorResult(**result), indicator=indicator)


def _seed_audits(assessment: "Assessment", officer: User, rows: list[dict]) -> None:
    from duediligence.audits.models import Audit, CorrectiveAction, Finding
    from duediligence.audits.services import audit_save, corrective_action_save, finding_save

    for row in rows:
        row = dict(row)
        findings = row.pop("findings", [])
        audit = audit_save(assessment=assessment, audit=Audit(**row), user=officer)
        for finding_row in findings:
            finding_row = dict(finding_row)
            actions = finding_row.pop("actions", [])
            risk = assessment.risks.filter(title=finding_row.pop("risk", None)).first()
            finding = finding_save(audit=audit, finding=Finding(risk=risk, **finding_row))
            for action in actions:
                corrective_action_save(finding=finding, action=CorrectiveAction(**action))


def _seed_engagement(assessment: "Assessment", engagements: list[dict], requests: list[dict]) -> None:
    from duediligence.engagement.models import Engagement, InformationRequest
    from duediligence.engagement.services import engagement_save, request_save

    for row in engagements:
        engagement_save(assessment=assessment, engagement=Engagement(**row), risks=[])
    for row in requests:
        request_save(assessment=assessment, request=InformationRequest(**row))


@transaction.atomic
def demo_grievances_seed() -> str:
    """The demo mechanism's record and one worked case, once: a second run leaves them alone."""
    from duediligence.grievances import services
    from duediligence.grievances.models import Case, CriterionAssessment
    from duediligence.risks.models import Risk

    data = load_data("grievances.yaml")
    organisation = Organisation.objects.get(slug=data["organisation"])
    if Case.objects.filter(organisation=organisation).exists():
        return "Kept the demo grievance cases"
    officer = User.objects.get(email=data["officer"])
    mechanism = services.mechanism_for(organisation)
    record = dict(data["mechanism"])
    criteria = record.pop("criteria", [])
    for name, value in record.items():
        setattr(mechanism, name, value)
    mechanism.save()
    for row in criteria:
        CriterionAssessment.objects.update_or_create(
            mechanism=mechanism,
            criterion=row["criterion"],
            defaults={"rating": row["rating"], "evidence": row["evidence"]},
        )
    for row in data["cases"]:
        row = dict(row)
        reply, outcome, remedy = row.pop("reply"), row.pop("outcome"), row.pop("remedy")
        risk_titles = row.pop("risks", [])
        case = services.case_create(organisation=organisation, **row).case
        services.case_move(case=case, to="acknowledged", user=officer)
        services.case_reply(case=case, user=officer, text=reply)
        services.case_move(case=case, to="investigating", user=officer)
        services.case_move(case=case, to="closed", user=officer, outcome=outcome, remedy=remedy)
        risks = list(Risk.objects.filter(assessment__organisation=organisation, title__in=risk_titles))
        if risks:
            services.case_link_risks(case=case, risks=risks, user=officer)
    return f"Created {len(data['cases'])} demo grievance case(s)"
