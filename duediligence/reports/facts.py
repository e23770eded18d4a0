"""The facts a report is composed from, gathered once per render, as typed values.

The composer (compose.py) reads these attributes, never string keys of a dict: a fact renamed here is a type
error where it is read, not a sentence silently missing from a published report. The report context
(context.py) passes the same values on to the templates.
"""

from __future__ import annotations

import datetime
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from duediligence.accounts.models import Organisation
from duediligence.assessments.models import Assessment, Status
from duediligence.assessments.snapshot import Snapshot
from duediligence.audits.models import Audit
from duediligence.engagement.models import Engagement, InformationRequest, RequestStatus
from duediligence.grievances.models import Case, Mechanism
from duediligence.grievances.services import CriterionRow, mechanism_for, self_assessment
from duediligence.grievances.statistics import CaseFigures, cases_in_period
from duediligence.grievances.statistics import figures as case_figures
from duediligence.partners.models import MatchStatus, Partner, ScreeningList, ScreeningMatch, WithheldReason
from duediligence.records.models import Policy, Profile, Training
from duediligence.records.services import current_policies, current_profile, current_training
from duediligence.reports.models import Kind, Variant
from duediligence.reports.prose import Prose
from duediligence.respondents.models import OPEN_STATUSES, InvitationStatus, PartnerInvitation
from duediligence.review.next_period import previous_items
from duediligence.risks.register import Register, register_for


@dataclass(frozen=True)
class RiskLinks:
    """What points at each risk from elsewhere: engagements and findings by risk id, grievance cases by risk uid
    (cases link risks by uid, which survives corrections)."""

    engagements: dict[int, list[Engagement]]
    findings: dict[int, list]
    cases: Counter


def risk_links(engagements: list[Engagement], audits: list[Audit], cases: list[Case]) -> RiskLinks:
    by_risk: dict[int, list[Engagement]] = defaultdict(list)
    for engagement in engagements:
        for link in engagement.risk_links.all():
            by_risk[link.risk_id].append(engagement)
    findings: dict[int, list] = defaultdict(list)
    for audit in audits:
        for finding in audit.findings.all():
            if finding.risk_id is not None:
                findings[finding.risk_id].append(finding)
    case_counts: Counter = Counter()
    for case in cases:
        case_counts.update(case.risk_uids)
    return RiskLinks(by_risk, findings, case_counts)


@dataclass(frozen=True)
class InvitationFigures:
    sent: int
    submitted: int
    response_rate: int
    declined: int
    overdue: int
    open: int
    revoked: int


def invitation_figures(invitations: list[PartnerInvitation]) -> InvitationFigures:
    # Counted as sent once the mail server took the email: one that could not be sent reached nobody.
    sent = sum(1 for item in invitations if item.was_sent)
    submitted = sum(1 for item in invitations if item.status == InvitationStatus.SUBMITTED)
    return InvitationFigures(
        sent=sent,
        submitted=submitted,
        response_rate=round(100 * submitted / sent) if sent else 0,
        declined=sum(1 for item in invitations if item.status == InvitationStatus.DECLINED),
        overdue=sum(1 for item in invitations if item.is_overdue),
        open=sum(1 for item in invitations if item.status in OPEN_STATUSES and not item.is_overdue),
        revoked=sum(1 for item in invitations if item.status == InvitationStatus.REVOKED),
    )


@dataclass(frozen=True)
class RequestFigures:
    received: int
    answered: int
    answered_in_time: int
    declined: int
    open: int


def request_figures(requests: list[InformationRequest]) -> RequestFigures:
    return RequestFigures(
        received=len(requests),
        answered=sum(1 for item in requests if item.status == RequestStatus.ANSWERED),
        answered_in_time=sum(1 for item in requests if item.answered_in_time),
        declined=sum(1 for item in requests if item.status == RequestStatus.DECLINED),
        open=sum(1 for item in requests if item.status == RequestStatus.OPEN),
    )


# Transparency Act s.7: a request for information is answered within a reasonable time, at the latest three weeks
# after it was received.
REQUEST_LIMIT = datetime.timedelta(weeks=3)


@dataclass(frozen=True)
class StatutoryRequests:
    """The requests for information measured against the three-week limit rather than the date the company set."""

    within_limit: int
    late: int
    # Open requests, (received, days open) each, the oldest first; those past the limit are `overdue`.
    overdue: list[InformationRequest]
    open_within_limit: int
    today: datetime.date


def statutory_requests(requests: list[InformationRequest], today: datetime.date) -> StatutoryRequests:
    # (request, days it took) for each answered or declined one
    closed = [
        (item, item.closed_on - item.received_on)
        for item in requests
        if item.status != RequestStatus.OPEN and item.closed_on is not None
    ]
    still_open = [item for item in requests if item.status == RequestStatus.OPEN]
    return StatutoryRequests(
        within_limit=sum(1 for _, took in closed if took <= REQUEST_LIMIT),
        late=sum(1 for _, took in closed if took > REQUEST_LIMIT),
        overdue=sorted(
            (item for item in still_open if today - item.received_on > REQUEST_LIMIT),
            key=lambda item: (item.received_on, item.pk),
        ),
        open_within_limit=sum(1 for item in still_open if today - item.received_on <= REQUEST_LIMIT),
        today=today,
    )


@dataclass(frozen=True)
class OrganisationRecords:
    """The organisation's own records as the report reads them: as they were when the auditor approved the
    assessment (versions never change, so a publication made later reads exactly these), else as they are."""

    as_of: datetime.datetime | None
    profile: Profile | None
    policies: list[Policy] = field(default_factory=list)
    training: list[Training] = field(default_factory=list)


def records_as_of(assessment: Assessment) -> datetime.datetime | None:
    if assessment.status not in (Status.APPROVED, Status.PUBLISHED):
        return None
    approval = assessment.transitions.filter(to_status=Status.APPROVED).order_by("-at", "-id").first()
    return approval.at if approval is not None else None


def organisation_records(assessment: Assessment) -> OrganisationRecords:
    organisation, as_of = assessment.organisation, records_as_of(assessment)
    return OrganisationRecords(
        as_of=as_of,
        profile=current_profile(organisation, as_of),
        policies=current_policies(organisation, as_of),
        training=current_training(organisation, as_of),
    )


def screening_results(assessment: Assessment) -> list[ScreeningMatch]:
    """Every screening result of the assessment: confirmed first, then undecided, then dismissed."""
    order: dict[str, int] = {MatchStatus.CONFIRMED: 0, MatchStatus.POTENTIAL: 1, MatchStatus.DISMISSED: 2}
    matches = ScreeningMatch.objects.filter(partner__assessment=assessment).select_related(
        "partner", "entity__screening_list", "decided_by"
    )
    return sorted(matches, key=lambda match: (order.get(match.status, 3), match.partner.name, match.pk))


@dataclass
class ReportFacts:
    """Everything a report of one assessment says, read once: the records, the prose of the answers, figures."""

    assessment: Assessment
    organisation: Organisation
    internal: bool
    variant: str
    snapshot: Snapshot
    prose: Prose
    register: Register
    risk_links: RiskLinks
    audits: list[Audit]
    all_partners: list[Partner]
    disclosed_partners: list[Partner]
    # (reason label, count) for names withheld, and their total.
    withheld_counts: list[tuple[str, int]]
    withheld_total: int
    screening_lists: list[ScreeningList]
    screening_results: list[ScreeningMatch]
    screening_counts: Counter
    cases: list[Case]
    case_figures: CaseFigures
    mechanism: Mechanism
    # All eight UNGP 31 criteria, the unrated ones with rating None (printed as not assessed yet).
    self_assessment: list[CriterionRow]
    grievance_url: str
    engagements: list[Engagement]
    # (group label, count), most engaged first.
    engagement_groups: list[tuple[str, int]]
    information_requests: list[InformationRequest]
    requests: RequestFigures
    invitations: list[PartnerInvitation]
    invitation_figures: InvitationFigures
    previous_period: Assessment | None = None
    # What the statutory variants read beside the assessment: the organisation's records, the s.6-7 requests.
    records: OrganisationRecords | None = None
    statutory_requests: StatutoryRequests | None = None


STATUTORY = (Variant.UK_MSA, Variant.NORWAY)


def gather_facts(assessment: Assessment, kind: str, variant: str = Variant.UNGPRF) -> ReportFacts:
    internal = kind == Kind.INTERNAL
    snapshot = Snapshot(assessment)
    register = register_for(assessment)
    previous_risks, previous_indicators = previous_items(assessment)
    for risk in register.risks:
        # Read by the composer and the template: the same risk and indicators in the period before.
        risk.previous = previous_risks.get(risk.carried_from)  # type: ignore[attr-defined]
        for indicator in risk.indicators.all():
            indicator.previous = previous_indicators.get(indicator.carried_from)  # type: ignore[attr-defined]
    partners = list(assessment.partners.with_screening().order_by("name"))
    withheld = Counter(p.withheld_reason for p in partners if not p.disclosed)
    audits = list(assessment.audits.prefetch_related("findings__actions", "findings__risk"))
    cases = list(cases_in_period(assessment.organisation, assessment.period_start, assessment.period_end))
    engagements = list(assessment.engagements.prefetch_related("risk_links__risk"))
    requests = list(assessment.information_requests.all())
    invitations = list(assessment.partner_invitations.select_related("partner", "questionnaire"))
    matches = screening_results(assessment)
    mechanism = mechanism_for(assessment.organisation)
    return ReportFacts(
        assessment=assessment,
        organisation=assessment.organisation,
        internal=internal,
        variant=Variant.UNGPRF if internal else variant,
        snapshot=snapshot,
        prose=Prose(snapshot),
        register=register,
        risk_links=risk_links(engagements, audits, cases),
        audits=audits,
        all_partners=partners,
        disclosed_partners=[p for p in partners if p.disclosed],
        withheld_counts=[(str(WithheldReason(reason).label), count) for reason, count in sorted(withheld.items())],
        withheld_total=sum(withheld.values()),
        screening_lists=list(ScreeningList.objects.all()),
        screening_results=matches,
        screening_counts=Counter(match.status for match in matches),
        cases=cases,
        case_figures=case_figures(cases),
        mechanism=mechanism,
        self_assessment=self_assessment(mechanism),
        grievance_url=settings.SITE_URL + reverse("grievance_public:start", args=[assessment.organisation.slug]),
        engagements=engagements,
        engagement_groups=Counter(str(e.get_group_display()) for e in engagements).most_common(),
        information_requests=requests,
        requests=request_figures(requests),
        invitations=invitations,
        invitation_figures=invitation_figures(invitations),
        previous_period=assessment.previous_period,
        records=organisation_records(assessment) if variant in STATUTORY and not internal else None,
        statutory_requests=statutory_requests(requests, timezone.localdate()),
    )
