"""The statutory variants of the public report: the UK Modern Slavery Act s.54 statement and the Norwegian
Transparency Act account, each in its law's order, reading the organisation's own records (profile, policies,
training) beside the assessment. What a variant lacks is listed in its own law's terms (the section a missing
item would answer), never in UNGPRF references. docs/reporting-regimes.md maps each requirement to its part.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

from duediligence.engagement.models import InformationRequest
from duediligence.records.models import Area, Policy, Training
from duediligence.reports.compose import (
    Chapter,
    Composer,
    Part,
    _method_and_contact,
    _steps,
    counted,
    day,
    label,
)
from duediligence.reports.facts import OrganisationRecords, StatutoryRequests, request_figures, statutory_requests
from duediligence.reports.models import Variant
from duediligence.reports.prose import Gap, Paragraph, ungprf_references
from duediligence.reports.questions import Q
from duediligence.risks.models import Category, Risk

NOT_RECORDED = "The company has not recorded {what}; see “What this statement does not yet cover”."

# The policies a statement under s.54(5)(b) is read for, each with what the company's register must hold.
MSA_POLICIES: list[tuple[str, set[Area]]] = [
    ("a policy against forced labour and modern slavery", {Area.FORCED_LABOUR, Area.TRAFFICKING}),
    ("standards for suppliers (a supplier code of conduct)", {Area.SUPPLIERS}),
    ("a policy of responsible recruitment", {Area.RECRUITMENT}),
    ("a whistleblowing or speak-up policy", {Area.WHISTLEBLOWING}),
]
MSA_AREAS = {
    Area.FORCED_LABOUR,
    Area.TRAFFICKING,
    Area.CHILD_LABOUR,
    Area.RECRUITMENT,
    Area.SUPPLIERS,
    Area.WHISTLEBLOWING,
}
# Decent working conditions as the Transparency Act reads them beside human rights (s.3(b)).
DECENT_WORK: list[tuple[str, Area]] = [
    ("wages", Area.WAGES),
    ("working hours", Area.WORKING_HOURS),
    ("health and safety at work", Area.HEALTH_SAFETY),
]
WORKER_RISKS = (Category.FORCED_LABOUR, Category.LABOUR_RIGHTS)


@dataclass
class StatementTexts:
    """The officer's own words an annual statement prints beside what the records and assessments say (the
    statements app keeps them); a report of one assessment has none."""

    introduction: str = ""
    business_and_supply_chains: str = ""
    remediation: str = ""
    effectiveness: str = ""
    working_conditions: str = ""


@dataclass
class Scope:
    """What a statutory text covers: the assessments it draws on (one composer each), the organisation's records,
    the period, the requests for information of that period, and where its gaps in the law's terms go.

    A report of one assessment is a scope of one (its gaps join the assessment's own, in the order found); the
    annual statement is a scope of every assessment of the financial year, with gaps of its own."""

    composers: list[Composer]
    records: OrganisationRecords
    start: datetime.date
    end: datetime.date
    requests: list[InformationRequest]
    today: datetime.date
    texts: StatementTexts = field(default_factory=StatementTexts)
    # The annual statement's own gaps; a scope of one assessment records them in that assessment's prose instead.
    own_gaps: dict[str, Gap] | None = None
    # The parts that say how many gaps there are (the summary, the method), known once the rest is composed.
    counting_parts: list[Part] = field(default_factory=list)

    @property
    def several(self) -> bool:
        return self.own_gaps is not None

    def gap(self, what: str, law: str) -> None:
        if self.own_gaps is None:
            self.composers[0].prose.gap(what, law)
        else:
            self.own_gaps.setdefault(what, Gap(what, [law]))

    def gap_list(self) -> list[Gap]:
        if self.own_gaps is None:
            return self.composers[0].gap_list()
        found = list(self.own_gaps.values())
        for composer in self.composers:
            found += [Gap(f"{assessment_name(composer)}: {gap.what}", gap.refs) for gap in composer.gap_list()]
        return found

    def risks(self) -> Iterator[tuple[Composer, Risk]]:
        for composer in self.composers:
            for risk in composer.risks:
                yield composer, risk

    def each(self, part: Part, produce: Callable[[Composer], list[Paragraph]]) -> None:
        """What each assessment says to this part, under its name when there are several."""
        for composer in self.composers:
            paragraphs = produce(composer)
            if paragraphs and self.several:
                part.say(f"From the assessment {assessment_name(composer)}:")
            part.paragraphs += paragraphs


def assessment_name(composer: Composer) -> str:
    a = composer.assessment
    return f"“{a.title}” ({a.country}{', ' + a.region if a.region else ''})"


def scope_of_assessment(composer: Composer) -> Scope:
    a, facts = composer.assessment, composer.facts
    assert facts.records is not None and facts.statutory_requests is not None, "a statutory variant gathers both"
    return Scope(
        composers=[composer],
        records=facts.records,
        start=a.period_start,
        end=a.period_end,
        requests=facts.information_requests,
        today=facts.statutory_requests.today,
    )


# What a statutory variant of one assessment's report is made under (its summary's first sentence ends so).
STATUTORY_FRAMING: dict[str, str] = {
    Variant.UK_MSA: "as part of its slavery and human trafficking statement under section 54 of the UK Modern "
    "Slavery Act 2015",
    Variant.NORWAY: "as part of its account of due diligence under section 5 of the Norwegian Transparency Act",
}


def statutory_chapters(composer: Composer, variant: str, published_on: datetime.date | None) -> list[Chapter]:
    """One assessment's report in a statutory form. `published_on` is the publication's date (None for a
    preview), which the Norway account prints."""
    scope = scope_of_assessment(composer)
    # The law's chapter first: the summary counts what it found missing.
    law = msa_chapter(scope) if variant == Variant.UK_MSA else norway_chapter(scope, published_on)
    summary = Chapter("summary", "Summary", parts=[composer.summary(STATUTORY_FRAMING[variant])])
    closing = [_steps(composer), *_method_and_contact(composer)]
    scope.counting_parts = [part for part in (composer.summary_part, composer.method_part) if part is not None]
    noun = "statement" if variant == Variant.UK_MSA else "account"
    return [summary, law, *closing, gaps_chapter(scope, noun)]


def _covering(entries: list[Policy] | list[Training], areas: set[Area]) -> list:
    return [entry for entry in entries if areas.intersection(entry.areas)]


def _in_period(scope: Scope, training: list[Training]) -> list[Training]:
    return [item for item in training if scope.start <= item.held_on <= scope.end]


def _policy_line(policy: Policy) -> str:
    return (
        f"{policy.title}: applies to {policy.scope.strip().rstrip('.')}; approved by {policy.approved_by} on "
        f"{day(policy.approved_on)}; published at {policy.link}"
    )


def people(number: int) -> str:
    return "1 person" if number == 1 else f"{number} people"


def _training_line(item: Training) -> str:
    return f"{item.topic}, for {item.audience}: {people(item.people)}, {day(item.held_on)}"


def _organisation(scope: Scope, part: Part, law: str) -> None:
    """Who the organisation is, from its profile: the statement covers the whole business, not one region."""
    profile = scope.records.profile
    if profile is None:
        scope.gap("the organisation's profile: its structure, group entities, sector and financial year", law)
        part.say(NOT_RECORDED.format(what="its profile (structure, group entities, sector, financial year)"))
        return
    part.say(
        f"{profile.legal_name} works in {profile.sector.rstrip('.')}. {profile.structure.strip().rstrip('.')}. "
        f"Its financial year ends on {profile.year_end_words}; turnover is reckoned as follows: "
        f"{profile.turnover_basis.rstrip('.')}."
    )
    part.say("The group entities this covers:", items=profile.entity_list)
    part.say("The countries where it operates:", items=profile.country_list)
    if scope.texts.business_and_supply_chains:
        part.paragraphs.append(
            Paragraph(scope.texts.business_and_supply_chains, lead="The business and its supply chains:", quoted=True)
        )


def _coverage(scope: Scope) -> str:
    if not scope.several:
        a = scope.composers[0].assessment
        place = a.country + (f", {a.region}" if a.region else "")
        return (
            f"The due diligence set out here is that of the assessment “{a.title}” ({place}, {day(a.period_start)} "
            f"to {day(a.period_end)}); the organisation's other operations and supply chains are described above "
            "from its own records."
        )
    if not scope.composers:
        return "No assessment of due diligence covers this financial year."
    return (
        f"The due diligence set out here is that of every assessment whose period falls in the financial year "
        f"{day(scope.start)} to {day(scope.end)}, {counted(len(scope.composers), 'assessment')} in all; together "
        "with the organisation's own records they cover its business and supply chains as a whole."
    )


def label_by_assessment(composers: list[Composer]) -> None:
    """Label each assessment's risks with its number in the scope (A2-R1 is the first risk of the second), so that
    labels stay unique across a statement of several assessments; the list of assessments gives the numbers."""
    for number, composer in enumerate(composers, start=1):
        for risk in composer.risks:
            risk.label = f"A{number}-{label(risk)}"  # type: ignore[attr-defined]


def _coverage_items(scope: Scope) -> list[str]:
    return [
        f"A{number} {assessment_name(c)}: {day(c.assessment.period_start)} to {day(c.assessment.period_end)}, "
        f"{counted(len(c.risks), 'risk')} in its register"
        for number, c in enumerate(scope.composers, start=1)
    ]


# ---- UK Modern Slavery Act 2015, section 54 ---------------------------------------------------------------------


def msa_chapter(scope: Scope) -> Chapter:
    """The statement in the six areas of s.54(5), with the homepage link of s.54(7)."""
    records = scope.records
    forced = [(c, risk) for c, risk in scope.risks() if risk.category in WORKER_RISKS]

    structure = Part("msa-structure", "1. Structure, business and supply chains (section 54(5)(a))")
    _organisation(scope, structure, "MSA s.54(5)(a)")
    structure.say(_coverage(scope), items=_coverage_items(scope) if scope.several else None)
    scope.each(structure, lambda c: c.prose.paragraphs(Q.TRACING_DEPTH, Q.HIGH_RISK_INPUTS))

    policies = Part("msa-policies", "2. Policies on slavery and human trafficking (section 54(5)(b))")
    relevant = _covering(records.policies, MSA_AREAS)
    if relevant:
        policies.say("The policies in force:", items=[_policy_line(policy) for policy in relevant])
    for what, areas in MSA_POLICIES:
        if not _covering(records.policies, areas):
            scope.gap(what, "MSA s.54(5)(b)")
    missing = [what for what, areas in MSA_POLICIES if not _covering(records.policies, areas)]
    if missing:
        policies.say(NOT_RECORDED.format(what=", ".join(missing)))
    scope.each(policies, lambda c: c.prose.paragraphs(Q.POLICY_COMMITMENT, Q.GOVERNANCE))

    diligence = Part("msa-diligence", "3. Due diligence in the business and supply chains (section 54(5)(c))")

    def diligence_of(c: Composer) -> list[Paragraph]:
        found = c.prose.paragraphs(
            Q.LABOUR_TRANSFER, Q.FREEDOM_OF_MOVEMENT, Q.WORKER_VOICE, Q.OWNERSHIP_CHECKED, Q.LISTS_USED
        )
        return [*found, Paragraph(c._screening_summary())]

    scope.each(diligence, diligence_of)

    risks = Part("msa-risks", "4. Risks of slavery and trafficking, and how they are managed (section 54(5)(d))")
    if forced:
        risks.say(
            "The risks of forced labour and of other abuse of workers in the register"
            + (" of each assessment" if scope.several else "")
            + ":",
            items=[c._risk_line(risk) for c, risk in forced],
        )
    else:
        risks.say("The register holds no risk of forced labour or other abuse of workers.")
    for c, risk in forced:
        text = " ".join(filter(None, [c._actions_for(risk), c._remedy_for(risk)]))
        risks.say(text, lead=f"{label(risk)}:")
    if scope.texts.remediation:
        risks.paragraphs.append(Paragraph(scope.texts.remediation, lead="Remediation:", quoted=True))

    effectiveness = Part("msa-effectiveness", "5. Effectiveness, measured by indicators (section 54(5)(e))")
    for c in scope.composers:
        own = [risk for risk in c.risks if risk.category in WORKER_RISKS]
        for risk in own or c.salient:
            effectiveness.say(c._tracking_of(risk), lead=f"{label(risk)} {risk.title}:")
    scope.each(effectiveness, lambda c: c.prose.paragraphs(Q.EFFECTIVENESS, Q.AUDIT_CONCLUSION))
    if scope.texts.effectiveness:
        effectiveness.paragraphs.append(
            Paragraph(scope.texts.effectiveness, lead="Indicators across the business:", quoted=True)
        )
    if not effectiveness.printed:
        scope.gap("indicators of effectiveness with their results", "MSA s.54(5)(e)")
        effectiveness.say(NOT_RECORDED.format(what="indicators of effectiveness with results"))

    training = Part("msa-training", "6. Training on slavery and human trafficking (section 54(5)(f))")
    given = _covering(_in_period(scope, records.training), MSA_AREAS)
    if given:
        trained = sum(item.people for item in given)
        training.say(
            f"In the period {people(trained)} took part in training on slavery, trafficking and fair recruitment:",
            items=[_training_line(item) for item in given],
        )
    else:
        scope.gap("training on modern slavery and trafficking in the period", "MSA s.54(5)(f)")
        training.say(NOT_RECORDED.format(what="training on modern slavery in the period"))

    publication = Part("msa-publication", "Where this statement is published (section 54(7))")
    profile = records.profile
    if profile is not None and profile.website:
        publication.say(
            f"The statement is published on the organisation's website, {profile.website}, with a link to it in a "
            "prominent place on the homepage."
        )
    else:
        scope.gap("the website whose homepage links to the statement", "MSA s.54(7)")
        publication.say(NOT_RECORDED.format(what="the website whose homepage links to this statement"))

    return Chapter(
        "msa",
        "The statement under section 54 of the Modern Slavery Act 2015",
        "Set out in the six areas section 54(5) of the Act lists.",
        [structure, policies, diligence, risks, effectiveness, training, publication],
    )


# ---- Norwegian Transparency Act (åpenhetsloven) ----------------------------------------------------------------


def norway_chapter(scope: Scope, published_on: datetime.date | None) -> Chapter:
    """The account of s.5 (a) to (c), decent working conditions, the requests of ss.6-7, publication and updates."""
    records = scope.records

    enterprise = Part("no-enterprise", "The enterprise, its area of operations and its guidelines (section 5 a)")
    _organisation(scope, enterprise, "Transparency Act s.5(a)")
    enterprise.say(_coverage(scope), items=_coverage_items(scope) if scope.several else None)
    if records.policies:
        enterprise.say(
            "Its guidelines and procedures for handling adverse impacts on human rights and decent working conditions:",
            items=[_policy_line(policy) for policy in records.policies],
        )
    else:
        scope.gap("guidelines and procedures for handling adverse impacts", "Transparency Act s.5(a)")
        enterprise.say(NOT_RECORDED.format(what="its guidelines and procedures"))
    scope.each(
        enterprise, lambda c: [*c.prose.paragraphs(Q.POLICY_COMMITMENT, Q.GOVERNANCE), *c.determination().paragraphs]
    )

    impacts = Part("no-impacts", "Actual adverse impacts and significant risks found (section 5 b)")
    actual = [(c, risk) for c, risk in scope.risks() if risk.impact == "actual"]
    significant = [(c, risk) for c in scope.composers for risk in c.salient if risk.impact != "actual"]
    impacts.say(
        f"{counted(len(actual), 'actual adverse impact')} and "
        f"{counted(len(significant), 'significant risk')} were found through the due diligence:",
        items=[c._risk_line(risk) for c, risk in actual + significant],
    )

    measures = Part("no-measures", "Measures taken or planned, and their results (section 5 c)")
    for c, risk in actual + significant:
        text = " ".join(filter(None, [c._actions_for(risk), c._tracking_of(risk), c._remedy_for(risk)]))
        measures.say(text, lead=f"{label(risk)} {risk.title}:")
    scope.each(measures, lambda c: c.prose.paragraphs(Q.ACTIONS_TAKEN, Q.EFFECTIVENESS))

    decent = Part("no-decent-work", "Decent working conditions (sections 3 b and 4)")
    workers = [(c, risk) for c, risk in scope.risks() if risk.category in WORKER_RISKS]
    if workers:
        decent.say(
            "The risks to workers' conditions in the register:", items=[c._risk_line(risk) for c, risk in workers]
        )
    if scope.texts.working_conditions:
        decent.paragraphs.append(
            Paragraph(scope.texts.working_conditions, lead="Wages, working hours and health and safety:", quoted=True)
        )
    for what, area in DECENT_WORK:
        covering = _covering(records.policies, {area})
        trained = _covering(_in_period(scope, records.training), {area})
        if covering or trained:
            decent.say(
                "; ".join(
                    [f"policy: {policy.title}" for policy in covering] + [_training_line(item) for item in trained]
                )
                + ".",
                lead=f"{what[0].upper() + what[1:]}:",
            )
        else:
            scope.gap(f"a guideline or training on {what}", "Transparency Act s.3(b)")
            decent.say(
                NOT_RECORDED.format(what=f"a guideline or training on {what}"), lead=f"{what[0].upper() + what[1:]}:"
            )

    information = Part("no-requests", "Requests for information (sections 6 and 7)")
    figures = request_figures(scope.requests)
    limit: StatutoryRequests = statutory_requests(scope.requests, scope.today)
    information.say(
        f"In the period the company received {counted(figures.received, 'request')} for information. Of those "
        f"answered or declined, {limit.within_limit} {'was' if limit.within_limit == 1 else 'were'} within the "
        f"three weeks section 7 allows and {limit.late} later; {limit.open_within_limit} "
        f"{'is' if limit.open_within_limit == 1 else 'are'} open and still within three weeks."
    )
    if limit.overdue:
        information.say(
            f"{counted(len(limit.overdue), 'request')} {'is' if len(limit.overdue) == 1 else 'are'} open beyond "
            "the three-week limit:",
            items=[
                f"received {day(item.received_on)} from a {item.get_requester_kind_display().lower()}, "
                f"{(limit.today - item.received_on).days} days ago"
                for item in limit.overdue
            ],
        )

    publication = Part("no-publication", "Publication and updates (section 5)")
    deadline = datetime.date(scope.end.year + 1, 6, 30)
    published = published_on
    publication.say(
        (f"Published on {day(published)}; " if published else "Not yet published: this is a preview; ")
        + f"the Act asks for the account by 30 June each year, for this period by {day(deadline)}"
        + (", and it was published late." if published and published > deadline else ".")
    )
    publication.say(
        "The company updates and republishes this account when a significant change in its risks calls for it, "
        "as section 5 asks"
        # A revision of an assessment is published beside the earlier ones; an annual statement has no revisions yet.
        + ("." if scope.several else "; every earlier revision stays published with its own fingerprint.")
    )
    profile = records.profile
    if profile is not None and profile.website:
        publication.say(f"It is published on the enterprise's website, {profile.website}.")
    else:
        scope.gap("the website where the account is published", "Transparency Act s.5")

    return Chapter(
        "norway",
        "Account under the Transparency Act (Norway)",
        "The account of due diligence section 5 requires, with decent working conditions beside human rights "
        "and the requests for information of sections 6 and 7.",
        [enterprise, impacts, measures, decent, information, publication],
    )


# ---- What the statement does not yet cover ------------------------------------------------------------------------


def gaps_chapter(scope: Scope, noun: str) -> Chapter:
    """The gaps in the law's terms: a missing record with the section it would answer; an unanswered question by
    what it asks (the UNGPRF references the questions carry are not printed here)."""
    framework = set(ungprf_references())
    items = []
    for gap in scope.gap_list():
        refs = [ref for ref in gap.refs if ref not in framework]
        items.append(gap.what[0].upper() + gap.what[1:] + (f" ({', '.join(refs)})" if refs else ""))
    part = Part("gaps", "")
    if items:
        part.say(
            "The company has not yet recorded the following; a section in brackets is the one of the Act the "
            "missing item would answer.",
            items=items,
        )
        for summary in scope.counting_parts:
            summary.say(f"This {noun} does not yet cover {counted(len(items), 'item')}; they are listed at its end.")
    else:
        part.say(f"Every part of the {noun} the Act asks for has its records.")
    return Chapter("gaps", f"What this {noun} does not yet cover", parts=[part])
