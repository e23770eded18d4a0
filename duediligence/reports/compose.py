"""The reports' chapters, composed in prose from the answers and the records.

One `Composer` per render holds the facts once; each variant (UNGPRF, UK Modern Slavery Act statement,
Norwegian Transparency Act account) orders the same parts under its own headings, so the variants never
disagree with each other or with the internal report, which reuses the UNGPRF chapters before its detail.

A part with nothing to say is not printed. What a part lacks is a gap, listed once at the end ("What this
report does not yet cover"), never "Not answered" inline.
"""

from __future__ import annotations

import datetime
from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.utils.dateformat import format as date_format

from duediligence.assessments.models import Assessment
from duediligence.reports.models import Variant
from duediligence.reports.prose import Gap, Paragraph, Prose, joined, ungprf_references
from duediligence.reports.questions import Q
from duediligence.risks.models import Category, Risk
from duediligence.risks.scoring import band_rank

if TYPE_CHECKING:
    from duediligence.reports.facts import ReportFacts

# Which answers speak to the policies for a salient issue, by the risk's category (UNGPRF C1).
POLICY_ANSWERS: dict[str, list[Q]] = {
    Category.MISUSE: [Q.RESALE_CONTROLS, Q.EXPORT_CONTROL_STATUS],
    Category.SURVEILLANCE_PRIVACY: [Q.REQUEST_PROCEDURE, Q.RESALE_CONTROLS],
    Category.FORCED_LABOUR: [],
    Category.LABOUR_RIGHTS: [],
}
# A severe impact, for UNGPRF B4: severity 4 (severe) or 5 (grave).
SEVERE = 4
# The UNGPRF's minimum for a report that uses it: the overarching questions of Parts A and C and all of Part B.
MINIMUM_REFS = ("A1", "A2", "B1", "B2", "B3", "B4", "C1", "C2", "C3", "C4", "C5", "C6")
# At most this many salient issues (scoring.is_salient) are set out one by one (the register has all).
SALIENT_SET_OUT = 10
INVOLVEMENT_SENTENCES = {
    "causes": "The company causes the harm itself.",
    "contributes": "The company contributes to harm caused by others.",
    "linked": "The company is linked to the harm through a business relationship, without causing or "
    "contributing to it.",
}


def day(value: datetime.date | None) -> str:
    return date_format(value, "j F Y") if value else ""


def label(risk: Risk) -> str:
    """The risk's label in the register (R1, R2 …), set by risks.register.register_for."""
    return str(getattr(risk, "label", ""))


def counted(number: int, noun: str) -> str:
    """ "1 risk", "2 risks", "3 possible matches"."""
    plural = noun + ("es" if noun.endswith(("ch", "sh", "s", "x")) else "s")
    return f"{number} {noun if number == 1 else plural}"


def figure(value: Decimal) -> str:
    """A measured value as people write it: 60, not 60.00; 2.5, not 2.50."""
    text = f"{value:,.2f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


@dataclass
class Part:
    """A titled part of a chapter: paragraphs, a bulleted list and an optional block (a table, a map)."""

    id: str
    heading: str
    refs: list[str] = field(default_factory=list)
    paragraphs: list[Paragraph] = field(default_factory=list)
    block: str = ""
    data: Any = None

    @property
    def printed(self) -> bool:
        return bool(self.paragraphs or self.block)

    @property
    def answered_refs(self) -> list[str]:
        """The references this part answers: its own (given when its block or fixed text answers them) and
        those of the paragraphs it printed."""
        refs = list(self.refs)
        for paragraph in self.paragraphs:
            refs += [ref for ref in paragraph.refs if ref not in refs]
        return refs

    def say(self, text: str, lead: str = "", refs: tuple[str, ...] = (), items: list[str] | None = None) -> None:
        if text:
            self.paragraphs.append(Paragraph(text, lead=lead, refs=list(refs), items=items or []))


@dataclass
class Chapter:
    id: str
    heading: str
    intro: str = ""
    parts: list[Part] = field(default_factory=list)

    @property
    def printed_parts(self) -> list[Part]:
        return [part for part in self.parts if part.printed]


@dataclass
class IndexRow:
    ref: str
    subject: str
    part: Part | None
    section: str = ""


# What the report of one assessment answers to, ending the summary's first sentence.
UNGP_FRAMING = "under the UN Guiding Principles on Business and Human Rights (UNGP 17-21)"


class Composer:
    def __init__(self, facts: ReportFacts) -> None:
        """`facts` are gathered once per render (reports/facts.py); the composer reads them, typed."""
        self.facts = facts
        self.assessment: Assessment = facts.assessment
        self.prose: Prose = facts.prose
        self.risks: list[Risk] = facts.register.risks
        salient = [risk for risk in self.risks if risk.is_salient]
        # Every report names its salient issues; with none in the top bands, the three most salient stand in.
        self.salient = salient or self.risks[:3]
        self.links = facts.risk_links
        # The parts that say how many gaps the report has: known only once every other part is composed.
        self.summary_part: Part | None = None
        self.method_part: Part | None = None

    # ---- The summary -------------------------------------------------------------------------------------

    def summary(self, made_under: str = UNGP_FRAMING) -> Part:
        """`made_under`: what the document answers to, as the end of its first sentence (a statutory variant
        names its law, not the Guiding Principles)."""
        a, organisation = self.assessment, self.facts.organisation
        part = self.summary_part = Part("summary", "Summary")
        place = a.country + (f" ({a.region})" if a.region else "")
        part.say(
            f"{organisation.name} reports here on its human rights due diligence for “{a.title}” in {place}, "
            f"from {day(a.period_start)} to {day(a.period_end)}, {made_under}."
            + (f" Scope: {a.scope.rstrip('.')}." if a.scope else "")
        )
        if self.risks:
            top = "; ".join(f"{risk.title} ({risk.salience_band})" for risk in self.salient[:3])
            actual = sum(1 for risk in self.risks if risk.impact == "actual")
            part.say(
                f"It recorded {counted(len(self.risks), 'risk')} to people, {len(self.salient)} of them "
                f"salient; the most severe: {top}."
                + (
                    f" {counted(actual, 'harm')} already happened or {'is' if actual == 1 else 'are'} happening."
                    if actual
                    else ""
                )
            )
        else:
            part.say("It recorded no risk to people in the period.")
        part.say(self._audit_summary())
        part.say(self._partner_summary())
        decision = self.prose.sentence(Q.PRESENCE_DECISION, gap=False)
        part.say(decision or "The decision on continued presence in the region has not yet been recorded.")
        return part

    # ---- Part A: governance -------------------------------------------------------------------------------

    def policy_commitment(self) -> Part:
        part = Part("a1", "Policy commitment")
        part.paragraphs = self.prose.paragraphs(
            Q.POLICY_COMMITMENT, Q.COMMITMENT_DEVELOPMENT, Q.COMMITMENT_SCOPE, Q.COMMITMENT_COMMUNICATION
        )
        if not part.paragraphs:
            # Part A keeps its heading and says what is missing, rather than vanishing from the report.
            part.say("The company has not yet recorded a human rights policy commitment for this report.")
        return part

    def embedding(self) -> Part:
        part = Part("a2", "Embedding respect for human rights")
        part.paragraphs = self.prose.paragraphs(
            Q.SIGNOFF_BODY, Q.GOVERNANCE, Q.STAFF_TRAINING, Q.BUSINESS_RELATIONSHIPS
        )
        if not part.paragraphs:
            part.say("The company has not yet recorded how respect for human rights is embedded in its work.")
        return part

    # ---- Part B: the focus ---------------------------------------------------------------------------------

    def salient_issues(self) -> Part:
        part = Part("b1", "The salient human rights issues")
        if self.risks:
            part.say(
                f"The salient issues, most severe first ({counted(len(self.salient), 'issue')} of the "
                f"{counted(len(self.risks), 'risk')} in the register):",
                refs=("B1",),
                items=[self._risk_line(risk) for risk in self.salient],
            )
        part.paragraphs += self.prose.paragraphs(
            Q.PRODUCT_CATEGORIES,
            Q.SELLS_TO_SECURITY,
            Q.SECURITY_SUPPLY_IN_PERIOD,
            Q.SUPPORTS_COMPULSORY_COLLECTION,
            Q.INVOLVEMENT,
            Q.HIGH_RISK_INPUTS,
            Q.LABOUR_TRANSFER,
            Q.PROCESSES_PERSONAL_DATA,
            Q.DATA_CATEGORIES,
            Q.XPCC_LINKS,
            Q.SECURITY_RESEARCH,
            Q.SALIENT_ISSUES,
        )
        if not self.risks:
            self.prose.gap("a register of the risks to people, scored for severity", "B1")
        return part

    def determination(self) -> Part:
        part = Part("b2", "How the salient issues were determined")
        if self.risks:
            part.say(
                refs=("B2",),
                text="Each risk is scored for how grave the harm would be, how many people it would reach and how hard "
                "it would be to put right. Its severity is the worst of gravity and irremediability, raised where "
                "many people are affected, and never averaged down; likelihood ranks risks of equal severity "
                "(UNGP 14, UNGP 24).",
            )
        groups = self.facts.engagement_groups
        if groups:
            total = sum(count for _, count in groups)
            part.say(
                f"In the period the company held {counted(total, 'engagement')} with stakeholders: "
                + joined([f"{group.lower()} ({count})" for group, count in groups])
                + ".",
                refs=("B2", "C2.2"),
            )
        part.paragraphs += self.prose.paragraphs(
            Q.SEVERITY_FIRST,
            Q.MISUSE_ASSESSED,
            Q.BEYOND_EXPORT_CONTROL,
            Q.STATE_PROGRAMMES_KNOWN,
            Q.STAKEHOLDER_INPUT,
            Q.CONSULTATION_LIMITS,
            Q.CONTEXT_SOURCES,
        )
        return part

    def focal_geographies(self, id: str = "b3", heading: str = "Focal geography") -> Part:
        a = self.assessment
        part = Part(id, heading, refs=["B3"])
        part.say(
            f"This report concentrates on {a.country}{', ' + a.region if a.region else ''}, where the risks to "
            "people from the company's products, services and supply chains are highest."
        )
        part.paragraphs += self.prose.paragraphs(
            Q.OPERATES_IN_REGION,
            Q.ACTIVITY_TYPES,
            Q.STAFF_IN_REGION,
            Q.OWN_SITES_IN_REGION,
            Q.US_IMPORTS,
            Q.PARTNERS_MAPPED,
            Q.PARTNER_KINDS,
        )
        return part

    def other_severe_impacts(self) -> Part:
        """UNGPRF B4: severe impacts (severity 4 or 5) that happened in the period. Those among the salient issues
        are named and set out in Part C; a harm of lesser severity is not a severe impact and is not listed here."""
        part = Part("b4", "Other severe impacts", refs=["B4"])
        severe = [risk for risk in self.risks if risk.impact == "actual" and risk.severity >= SEVERE]
        others = [risk for risk in severe if risk not in self.salient]
        among_salient = [risk for risk in severe if risk in self.salient]
        if among_salient:
            part.say(
                "Severe impacts that happened or were still being addressed in the period, set out as salient issues "
                "in Part C: " + joined([f"{label(risk)} {risk.title}" for risk in among_salient]) + "."
            )
        if others:
            part.say(
                "Severe impacts that happened in the period outside the salient issues:",
                items=[self._risk_line(risk) for risk in others],
            )
        elif not among_salient:
            part.say("The company recorded no severe impact that happened in the period.")
        else:
            part.say("The company recorded no other severe impact in the period.")
        return part

    # ---- Part C: each salient issue ------------------------------------------------------------------------

    def managing_salient_issues(self) -> Part:
        """What holds for every salient issue: how policies reach those who apply them (C1.1), how stakeholders
        are chosen (C2.1) and which functions act on the findings (C4.1)."""
        part = Part("c-across", "Across the salient issues")
        part.paragraphs = self.prose.paragraphs(Q.POLICY_RELEVANCE, Q.ENGAGEMENT_SELECTION, Q.FUNCTIONS_INVOLVED)
        return part

    def salient_issue(self, risk: Risk) -> Part:
        part = Part(f"c-{label(risk)}", f"{label(risk)} {risk.title}")
        part.say(self._policies_for(risk), lead="Policies.", refs=("C1",))
        part.say(self._engagement_for(risk), lead="Stakeholder engagement.", refs=("C2", "C2.2", "C2.3"))
        # C3.1 asks for trends: only a risk compared with the previous period shows one. C3.2 asks for severe
        # impacts that happened: only an actual one of severity 4 or 5 is that.
        assessed_refs = ["C3"]
        if getattr(risk, "previous", None) is not None:
            assessed_refs.append("C3.1")
        if risk.impact == "actual" and risk.severity >= SEVERE:
            assessed_refs.append("C3.2")
        part.say(self._assessment_of(risk), lead="Assessing the impact.", refs=tuple(assessed_refs))
        part.say(self._actions_for(risk), lead="Acting on it.", refs=("C4", "C4.3"))
        part.say(self._tracking_of(risk), lead="Tracking performance.", refs=("C5", "C5.1"))
        part.say(self._remedy_for(risk), lead="Remedy.", refs=("C6", "C6.5"))
        return part

    def _policies_for(self, risk: Risk) -> str:
        specific = [text for key in POLICY_ANSWERS.get(risk.category, []) if (text := self.prose.sentence(key))]
        if not specific:
            self.prose.gap(f"a policy specific to “{risk.title}”", "C1")
        if self.prose.value(Q.POLICY_COMMITMENT) == "yes":
            specific.insert(0, "The issue falls under the company's public human rights commitment (Part A).")
        return " ".join(specific)

    def _engagement_for(self, risk: Risk) -> str:
        engagements = self.links.engagements.get(risk.pk, [])
        if not engagements:
            self.prose.gap(f"stakeholder engagement on “{risk.title}”", "C2")
            return ""
        groups = Counter(engagement.get_group_display().lower() for engagement in engagements)
        text = (
            f"{counted(len(engagements), 'engagement')} in the period, with "
            + joined([f"{group} ({count})" for group, count in groups.most_common()])
            + "."
        )
        changes = [engagement.outcome.strip().rstrip(".") for engagement in engagements if engagement.outcome]
        if changes:
            text += " What changed as a result: " + "; ".join(changes) + "."
        return text

    def _assessment_of(self, risk: Risk) -> str:
        text = (
            f"{risk.impact_word} impact on {risk.rights_affected.rstrip('.')}, affecting "
            f"{risk.people_affected.rstrip('.')}. Severity {risk.severity} of 5 and likelihood {risk.likelihood} "
            f"of 5: {risk.salience_band} salience. {INVOLVEMENT_SENTENCES[risk.involvement]}"
        )
        previous = getattr(risk, "previous", None)
        if previous is not None:
            change = band_rank(risk.salience_band) - band_rank(previous.salience_band)
            trend = "higher than" if change > 0 else "lower than" if change < 0 else "the same as"
            text += f" Its salience is {trend} in the previous period ({previous.salience_band})."
        findings = self.links.findings.get(risk.pk, [])
        if findings:
            text += f" The audit linked {counted(len(findings), 'finding')} to it."
        return text

    def _actions_for(self, risk: Risk) -> str:
        actions = list(risk.actions.all())
        if not actions:
            self.prose.gap(f"actions on “{risk.title}”", "C4")
            return ""
        described = [
            f"{action.description.rstrip('.')} ({action.get_status_display().lower()}, due {day(action.due_date)}"
            + (", overdue" if action.is_overdue else "")
            + ")"
            for action in actions
        ]
        text = "; ".join(described) + "."
        if risk.has_residual:
            text += f" Once done, the company expects {risk.residual_band} salience."
        if risk.leverage:
            text += f" Its leverage over those causing the harm: {risk.leverage_word}."
        return text

    def _tracking_of(self, risk: Risk) -> str:
        indicators = list(risk.indicators.all())
        if not indicators:
            self.prose.gap(f"an indicator tracking “{risk.title}”", "C5")
            return ""
        described = []
        for indicator in indicators:
            latest = indicator.latest
            words = f"{indicator.name} ({indicator.unit})"
            if latest is None:
                words += ": no result yet"
            else:
                words += f": {figure(latest.value)} at {day(latest.period_end)}"
                if indicator.target is not None:
                    reached = {True: "reached", False: "not reached", None: ""}[indicator.target_met]
                    words += f" against a target of {figure(indicator.target)} ({reached})"
            previous = getattr(indicator, "previous", None)
            if previous is not None and previous.latest is not None:
                words += f" (previous period: {figure(previous.latest.value)} at {day(previous.latest.period_end)})"
            described.append(words)
        return "; ".join(described) + "."

    def _remedy_for(self, risk: Risk) -> str:
        remedies = list(risk.remedies.all())
        cases = self.links.cases.get(risk.uid, 0)
        sentences = []
        for remedy in remedies:
            if remedy.kind == "none":
                sentences.append(f"No remedy was provided, because {remedy.reason_none.rstrip('.')}.")
            else:
                when = f" ({day(remedy.provided_on)})" if remedy.provided_on else ""
                kind = str(remedy.get_kind_display()).split(" (")[0]
                sentences.append(f"{kind}: {remedy.provided.rstrip('.')}{when}.")
        if not remedies and risk.needs_remedy:
            self.prose.gap(f"the remedy for the harm in “{risk.title}”", "C6.5")
        if cases:
            sentences.append(f"{counted(cases, 'grievance case')} in the period concerned this issue.")
        return " ".join(sentences)

    # ---- The four steps as applied ------------------------------------------------------------------------

    def risk_assessment(self) -> Part:
        part = Part("step-risks", "Step 1: the risk assessment", block="register" if self.risks else "")
        if self.risks:
            overdue = sum(1 for risk in self.risks for action in risk.actions.all() if action.is_overdue)
            part.say(
                f"The register holds {counted(len(self.risks), 'risk')}, most salient first, each with its "
                "severity and likelihood before mitigation (gross) and after it (residual)."
                + (
                    f" {counted(overdue, 'action')} {'is' if overdue == 1 else 'are'} overdue, marked in the table."
                    if overdue
                    else " No action is overdue."
                )
            )
        return part

    def audits(self) -> list[Part]:
        audits = self.facts.audits
        if not audits:
            part = Part("step-audit", "Step 2: the independent audit")
            text = self.prose.sentence(Q.AUDIT_DONE)
            if self.prose.value(Q.AUDIT_DONE) == "yes":
                self.prose.gap("the record of the audit (firm, method, access, findings)", "C5")
            part.say(text)
            return [part]
        self.prose.settle(Q.AUDIT_DONE, "the audit records answer it (Step 2: the independent audit)")
        parts = []
        for number, audit in enumerate(audits, start=1):
            heading = "Step 2: the independent audit" + (f" ({number} of {len(audits)})" if len(audits) > 1 else "")
            part = Part(f"step-audit-{number}", heading, block="audit", data=audit)
            part.say(
                refs=("C5",),
                text=f"{audit.firm}, led by {audit.lead_auditor}, audited the assessment from "
                f"{day(audit.started_on)} to {day(audit.ended_on)}. "
                f"Independence: {audit.independence.rstrip('.')}. Method: "
                f"{joined([label.lower() for label in audit.method_labels()]) or 'not recorded'}.",
            )
            if audit.restrictions:
                part.say(
                    "The auditor met restrictions on access: "
                    + joined([label.lower() for label in audit.restriction_labels()])
                    + "."
                    + (f" {audit.restrictions_detail.strip()}" if audit.restrictions_detail else "")
                )
            else:
                part.say("The auditor reported no restriction on access.")
            if number == 1:
                part.paragraphs += self.prose.paragraphs(
                    Q.AUDITOR_TIES,
                    Q.AUDIT_SCOPE,
                    Q.UNANNOUNCED_POSSIBLE,
                    Q.PRIVATE_INTERVIEWS,
                    Q.AUDIT_CONCLUSION,
                    Q.MAIN_FINDINGS,
                    Q.UNVERIFIED_STATEMENT,
                )
            findings = list(audit.findings.all())
            if not findings:
                part.say("The audit recorded no finding.")
            parts.append(part)
        return parts

    def partner_disclosure(self) -> Part:
        facts = self.facts
        internal = facts.internal
        partners = facts.all_partners if internal else facts.disclosed_partners
        part = Part("step-partners", "Step 3: partner disclosure", block="partners" if partners else "", data=partners)
        total = len(facts.disclosed_partners) + facts.withheld_total
        if total:
            named = len(facts.disclosed_partners)
            text = f"The company lists {counted(total, 'partner')} in the region and names {named}."
            if facts.withheld_total:
                text += (
                    " Names withheld, by reason: "
                    + joined([f"{reason.lower()} ({count})" for reason, count in facts.withheld_counts])
                    + "."
                )
            part.say(text)
        else:
            self.prose.gap("the list of local partners, suppliers and collaborators", "B3")
        part.paragraphs += self.prose.paragraphs(Q.DISCLOSURE_POLICY, Q.WITHHOLDING_CHECKED, Q.DISCLOSURE_LOCATION)
        part.say(self._screening_summary())
        part.paragraphs += self.prose.paragraphs(
            Q.LISTS_USED, Q.SCREENING_FREQUENCY, Q.OWNERSHIP_CHECKED, Q.LISTED_PARTNER_RESPONSE
        )
        figures = facts.invitation_figures
        if figures.sent:
            part.say(
                "Partners were asked to answer questionnaires themselves: "
                f"{counted(figures.sent, 'invitation')} sent, {figures.submitted} answered "
                f"({figures.response_rate}%), {figures.declined} declined, "
                f"{figures.overdue} past the due date without an answer, {figures.open} still open."
            )
        return part

    def decision(self) -> Part:
        part = Part("step-decision", "Step 4: the decision on continued presence")
        part.paragraphs = self.prose.paragraphs(
            Q.PRESENCE_DECISION,
            Q.MITIGATION_FEASIBLE,
            Q.DECISION_RATIONALE,
            Q.DECISION_CONDITIONS,
            Q.EXIT_PLAN,
            Q.LEVERAGE,
            Q.NEXT_COMMITMENTS,
        )
        return part

    # ---- Method, contact, gaps, index ------------------------------------------------------------------------

    def method(self) -> Part:
        a, facts = self.assessment, self.facts
        part = self.method_part = Part("method", "Method and limitations", refs=["B2"])
        part.say(
            f"The report covers {day(a.period_start)} to {day(a.period_end)}"
            + (f" and this scope: {a.scope.rstrip('.')}" if a.scope else "")
            + f". It is composed from the company's answers to the questionnaire “{a.questionnaire.title}” "
            f"(version {a.questionnaire.version}) and from its records: the risk register, the audits, the partner "
            "list and its screening, stakeholder engagements, requests for information and grievance cases. "
            "The figures are the company's own unless an auditor checked them."
        )
        restricted = [audit for audit in facts.audits if audit.restrictions]
        if restricted:
            part.say(
                "Independent inquiry was restricted. "
                + " ".join(
                    f"{audit.firm} met these restrictions: {joined([r.lower() for r in audit.restriction_labels()])}."
                    for audit in restricted
                )
                + " What the auditors could not see or hear freely is not verified."
            )
        lists = facts.screening_lists
        if lists:
            described = []
            for screening_list in lists:
                dated = f" of {day(screening_list.file_date)}" if screening_list.file_date else ", date unknown"
                described.append(
                    f"{screening_list.name}{dated}"
                    + (f" ({screening_list.caveat.strip().rstrip('.')})" if screening_list.caveat else "")
                )
            part.say(
                "Partners were screened by name, in Latin and Chinese script, against these public lists: "
                + "; ".join(described)
                + ". A name match is a lead to check, not proof; an entity missing from the lists may still be "
                "owned or controlled by one that is listed."
            )
        return part

    def contact(self) -> Part:
        facts = self.facts
        part = Part("contact", "How to reach the company")
        requests = facts.requests
        part.say(
            "Anyone may ask the company for information about how it handles the risks in this report. "
            + (
                f"In the period it received {counted(requests.received, 'request')}: {requests.answered} "
                f"answered ({requests.answered_in_time} within the time promised), {requests.declined} "
                f"declined and {requests.open} still open."
                if requests.received
                else "No request was received in the period."
            )
        )
        mechanism = facts.mechanism
        text = f"Concerns and complaints can be raised, anonymously if wished, at {facts.grievance_url}"
        if mechanism and mechanism.languages:
            text += f", in {mechanism.languages.rstrip('.')}"
        text += "."
        if mechanism and mechanism.channels:
            text += f" Other channels: {mechanism.channels.rstrip('.')}."
        if mechanism and mechanism.retaliation_protection:
            text += f" Protection against retaliation: {mechanism.retaliation_protection.rstrip('.')}."
        # The channels and their protections answer C6.1; how a complaint is handled (C6.3) is its own answer.
        part.say(text, refs=("C6.1",))
        rated = [row for row in facts.self_assessment if row.rating]
        unrated = [row.short_name.lower() for row in facts.self_assessment if not row.rating]
        part.say(
            "The company's own assessment of the mechanism against the eight effectiveness criteria of UNGP 31: "
            + (
                "; ".join(f"{row.short_name.lower()}: {(row.rating_label or '').lower()}" for row in rated) + ". "
                if rated
                else "none is rated yet. "
            )
            + (f"Not assessed yet: {joined(unrated)}." if unrated and rated else "")
        )
        figures = facts.case_figures
        if figures.received:
            part.say(
                refs=("C6.4",),
                text=f"{counted(figures.received, 'case')} received in the period, about "
                + joined([f"{issue.lower()} ({count})" for issue, count in figures.by_issue])
                + ". "
                + (
                    f"Median days to acknowledge: {figures.median_days_to_acknowledge}. "
                    if figures.median_days_to_acknowledge is not None
                    else ""
                )
                + (
                    f"Median days to close: {figures.median_days_to_close}. "
                    if figures.median_days_to_close is not None
                    else ""
                )
                + f"Remedies provided: {figures.remedies_provided}."
                + (
                    f" Of those who said, {figures.outcome_accepted} found the outcome acceptable and "
                    f"{figures.outcome_not_accepted} did not."
                    if figures.outcome_accepted or figures.outcome_not_accepted
                    else ""
                ),
            )
        else:
            part.say("No grievance case was received in the period.")
        if mechanism:
            self.prose.settle(Q.GRIEVANCE_CHANNEL, "the grievance mechanism's record answers it (Contact)")
        part.paragraphs += self.prose.paragraphs(
            Q.WORKER_VOICE, Q.GRIEVANCE_CHANNEL, Q.COMPLAINT_HANDLING, Q.CONCERNS_CONFIDENCE, Q.REMEDY_PROVIDED
        )
        return part

    def gaps(self) -> Part:
        part = Part("gaps", "", refs=[])
        items = [
            gap.what[0].upper() + gap.what[1:] + (f" ({', '.join(gap.refs)})" if gap.refs else "")
            for gap in self.gap_list()
        ]
        if items:
            part.say(
                "The company has not yet recorded the following; the references in brackets are those of the UNGP "
                "Reporting Framework the missing item would answer.",
                items=items,
            )
        else:
            part.say("Every question that applies was answered, and every salient issue has its records.")
        return part

    def gap_list(self) -> list[Gap]:
        return list(self.prose.gaps.values())

    def index(self, chapters: list[Chapter]) -> list[IndexRow]:
        """Each UNGPRF reference with the first printed part that answers it, or none."""
        first: dict[str, tuple[Part, str]] = {}
        for chapter in chapters:
            for part in chapter.printed_parts:
                section = (
                    chapter.heading if part.heading in ("", chapter.heading) else f"{chapter.heading}: {part.heading}"
                )
                for ref in part.answered_refs:
                    first.setdefault(ref, (part, section))
        rows = []
        for ref, subject in ungprf_references().items():
            found = first.get(ref)
            rows.append(IndexRow(ref, subject, found[0], found[1]) if found else IndexRow(ref, subject, None))
        return rows

    def minimum_statement(self, rows: list[IndexRow]) -> str:
        """Whether the report meets the UNGPRF minimum (MINIMUM_REFS), read from the index, and what is missing."""
        missing = [row.ref for row in rows if row.ref in MINIMUM_REFS and row.part is None]
        if not missing:
            return (
                "This report meets the minimum the UNGP Reporting Framework sets for a report that uses it: it "
                "answers A1, A2, B1 to B4 and C1 to C6."
            )
        return (
            "This report does not yet meet the minimum the UNGP Reporting Framework sets for a report that uses it "
            f"(A1, A2, B1 to B4 and C1 to C6): {joined(missing)} {'is' if len(missing) == 1 else 'are'} not "
            "answered."
        )

    # ---- Helpers -----------------------------------------------------------------------------------------------

    def _risk_line(self, risk: Risk) -> str:
        return (
            f"{label(risk)} {risk.title}: {risk.impact_word.lower()} impact on {risk.rights_affected.rstrip('.')}; "
            f"{risk.salience_band} salience"
        )

    def _audit_summary(self) -> str:
        audits = self.facts.audits
        if not audits:
            return (
                "No independent audit of this assessment is recorded for the period."
                if self.prose.value(Q.AUDIT_DONE) != "yes"
                else "An independent audit took place; its record is not yet in this report."
            )
        restricted = sum(1 for audit in audits if audit.restrictions)
        findings = sum(len(audit.findings.all()) for audit in audits)
        return (
            f"{joined([audit.firm for audit in audits])} audited the assessment and recorded "
            f"{counted(findings, 'finding')}"
            + (
                "; access was not restricted"
                if not restricted
                else "; the auditor met restrictions on access"
                if len(audits) == 1
                else f"; {restricted} of the {len(audits)} audits met restrictions on access"
            )
            + "."
        )

    def _partner_summary(self) -> str:
        named, withheld = len(self.facts.disclosed_partners), self.facts.withheld_total
        if not named and not withheld:
            return ""
        return f"It names {named} of its {named + withheld} partners in the region. {self._screening_summary()}"

    def _screening_summary(self) -> str:
        counts = self.facts.screening_counts
        confirmed, potential = counts.get("confirmed", 0), counts.get("potential", 0)
        dismissed = counts.get("dismissed", 0)
        if not (confirmed or potential or dismissed):
            return "Screening found no partner that resembles a listed entity."
        text = (
            f"Screening confirmed {counted(confirmed, 'partner')} as listed."
            if confirmed
            else "Screening confirmed no partner as a listed entity."
        )
        if potential:
            text += f" {counted(potential, 'possible match')} {'is' if potential == 1 else 'are'} still being checked."
        if dismissed:
            were = "was" if dismissed == 1 else "were"
            text += f" {counted(dismissed, 'possible match')} {were} checked and dismissed."
        return text


def compose_chapters(composer: Composer, variant: str) -> list[Chapter]:
    """Every chapter of a report in the UNGPRF form (the internal report's too); the statutory forms are
    composed in statutory.py."""
    chapters = _ungprf(composer)
    # Last: the gaps and the index are known once every other part is composed.
    return chapters + _gaps_and_index(composer, chapters, with_index=variant == Variant.UNGPRF)


def _gaps_and_index(composer: Composer, chapters: list[Chapter], *, with_index: bool) -> list[Chapter]:
    closing = []
    if with_index:
        rows = composer.index(chapters)
        uncovered = [row.ref for row in rows if row.part is None]
        if uncovered:
            composer.prose.gap("the UNGPRF references no part of this report answers: " + ", ".join(uncovered))
        index = Part("ungprf-index", "Index to the UNGP Reporting Framework", block="index", data=rows)
        index.say(
            "Each reference of the UNGP Reporting Framework with the part of this report that answers it and its "
            "page, or “not covered”. The framework's questions are cited by reference only."
        )
        minimum = composer.minimum_statement(rows)
        index.say(minimum)
        if composer.summary_part is not None:
            composer.summary_part.say(minimum)
    gaps = composer.gaps()
    count = len(composer.gap_list())
    if count:
        # Said where the summary and the method name the gaps: one count, so the two never disagree.
        for part in (composer.summary_part, composer.method_part):
            if part is not None:
                part.say(f"This report does not yet cover {counted(count, 'item')}; they are listed at its end.")
    closing.append(Chapter("gaps", "What this report does not yet cover", parts=[gaps]))
    if with_index:
        closing.append(Chapter("index", "Index to the UNGP Reporting Framework", parts=[index]))
    return closing


def _steps(composer: Composer) -> Chapter:
    return Chapter(
        "steps",
        "How the due diligence was applied",
        "The four steps as the company applied them in the period (UNGP 17-21, OECD DDG steps 2-5).",
        [composer.risk_assessment(), *composer.audits(), composer.partner_disclosure(), composer.decision()],
    )


def _method_and_contact(composer: Composer) -> list[Chapter]:
    method, contact = composer.method(), composer.contact()
    return [Chapter("method", "Method and limitations", parts=[method]), Chapter("contact", "Contact", parts=[contact])]


def _ungprf(composer: Composer) -> list[Chapter]:
    chapters = [
        Chapter("summary", "Summary", parts=[composer.summary()]),
        Chapter(
            "part-a",
            "Part A: Governance of respect for human rights",
            parts=[composer.policy_commitment(), composer.embedding()],
        ),
        Chapter(
            "part-b",
            "Part B: The focus of this report",
            parts=[
                composer.salient_issues(),
                composer.determination(),
                composer.focal_geographies(),
                composer.other_severe_impacts(),
            ],
        ),
    ]
    shown = composer.salient[:SALIENT_SET_OUT]
    more = len(composer.salient) - len(shown)
    chapters.append(
        Chapter(
            "part-c",
            "Part C: Managing each salient issue",
            "For each salient issue: the policies that apply, whom the company engaged, how the impact was assessed, "
            "what was done, how performance is tracked and what remedy was provided."
            + (
                f" The {len(shown)} most salient are set out here; {more} more are in the risk register."
                if more
                else ""
            ),
            [composer.managing_salient_issues(), *(composer.salient_issue(risk) for risk in shown)],
        )
    )
    chapters.append(_steps(composer))
    chapters += _method_and_contact(composer)
    return chapters
