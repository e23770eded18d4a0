"""The statutory variants of the public report: the UK Modern Slavery Act s.54 statement and the Norwegian
Transparency Act account, each in its law's order, reading the organisation's own records (profile, policies,
training) beside the assessment. What a variant lacks is listed in its own law's terms (the section a missing
item would answer), never in UNGPRF references. docs/reporting-regimes.md maps each requirement to its part.
"""

from __future__ import annotations

import datetime

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
from duediligence.reports.facts import OrganisationRecords
from duediligence.reports.models import Variant
from duediligence.reports.prose import ungprf_references
from duediligence.reports.questions import Q
from duediligence.risks.models import Category

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


def statutory_chapters(composer: Composer, variant: str, published_on: datetime.date | None) -> list[Chapter]:
    """`published_on` is the publication's date (None for a preview), which the Norway account prints."""
    chapters = _uk_msa(composer) if variant == Variant.UK_MSA else _norway(composer, published_on)
    return [*chapters, _gaps(composer, "statement" if variant == Variant.UK_MSA else "account")]


def _records(composer: Composer) -> OrganisationRecords:
    records = composer.facts.records
    assert records is not None, "a statutory variant gathers the organisation's records"
    return records


def _covering(entries: list[Policy] | list[Training], areas: set[Area]) -> list:
    return [entry for entry in entries if areas.intersection(entry.areas)]


def _in_period(composer: Composer, training: list[Training]) -> list[Training]:
    a = composer.assessment
    return [item for item in training if a.period_start <= item.held_on <= a.period_end]


def _policy_line(policy: Policy) -> str:
    return (
        f"{policy.title}: applies to {policy.scope.strip().rstrip('.')}; approved by {policy.approved_by} on "
        f"{day(policy.approved_on)}; published at {policy.link}"
    )


def people(number: int) -> str:
    return "1 person" if number == 1 else f"{number} people"


def _training_line(item: Training) -> str:
    return f"{item.topic}, for {item.audience}: {people(item.people)}, {day(item.held_on)}"


def _organisation(composer: Composer, part: Part, law: str) -> None:
    """Who the organisation is, from its profile: the statement covers the whole business, not one region."""
    profile = _records(composer).profile
    if profile is None:
        composer.prose.gap("the organisation's profile: its structure, group entities, sector and financial year", law)
        part.say(NOT_RECORDED.format(what="its profile (structure, group entities, sector, financial year)"))
        return
    part.say(
        f"{profile.legal_name} works in {profile.sector.rstrip('.')}. {profile.structure.strip().rstrip('.')}. "
        f"Its financial year ends on {profile.year_end_words}; turnover is reckoned as follows: "
        f"{profile.turnover_basis.rstrip('.')}."
    )
    part.say("The group entities this covers:", items=profile.entity_list)
    part.say("The countries where it operates:", items=profile.country_list)


def _the_assessment(composer: Composer) -> str:
    a = composer.assessment
    place = a.country + (f", {a.region}" if a.region else "")
    return (
        f"The due diligence set out here is that of the assessment “{a.title}” ({place}, {day(a.period_start)} to "
        f"{day(a.period_end)}); the organisation's other operations and supply chains are described above from "
        "its own records."
    )


# ---- UK Modern Slavery Act 2015, section 54 ---------------------------------------------------------------------


def _uk_msa(composer: Composer) -> list[Chapter]:
    records = _records(composer)
    forced = [risk for risk in composer.risks if risk.category in WORKER_RISKS]

    structure = Part("msa-structure", "1. Structure, business and supply chains (section 54(5)(a))")
    _organisation(composer, structure, "MSA s.54(5)(a)")
    structure.say(_the_assessment(composer))
    structure.paragraphs += composer.prose.paragraphs(Q.TRACING_DEPTH, Q.HIGH_RISK_INPUTS)

    policies = Part("msa-policies", "2. Policies on slavery and human trafficking (section 54(5)(b))")
    relevant = _covering(records.policies, MSA_AREAS)
    if relevant:
        policies.say("The policies in force:", items=[_policy_line(policy) for policy in relevant])
    for what, areas in MSA_POLICIES:
        if not _covering(records.policies, areas):
            composer.prose.gap(what, "MSA s.54(5)(b)")
    missing = [what for what, areas in MSA_POLICIES if not _covering(records.policies, areas)]
    if missing:
        policies.say(NOT_RECORDED.format(what=", ".join(missing)))
    policies.paragraphs += composer.prose.paragraphs(Q.POLICY_COMMITMENT, Q.GOVERNANCE)

    diligence = Part("msa-diligence", "3. Due diligence in the business and supply chains (section 54(5)(c))")
    diligence.paragraphs = composer.prose.paragraphs(
        Q.LABOUR_TRANSFER, Q.FREEDOM_OF_MOVEMENT, Q.WORKER_VOICE, Q.OWNERSHIP_CHECKED, Q.LISTS_USED
    )
    diligence.say(composer._screening_summary())

    risks = Part("msa-risks", "4. Risks of slavery and trafficking, and how they are managed (section 54(5)(d))")
    if forced:
        risks.say(
            "The risks of forced labour and of other abuse of workers in the register:",
            items=[composer._risk_line(risk) for risk in forced],
        )
    else:
        risks.say("The register holds no risk of forced labour or other abuse of workers.")
    for risk in forced:
        text = " ".join(filter(None, [composer._actions_for(risk), composer._remedy_for(risk)]))
        risks.say(text, lead=f"{label(risk)}:")

    effectiveness = Part("msa-effectiveness", "5. Effectiveness, measured by indicators (section 54(5)(e))")
    for risk in forced or composer.salient:
        effectiveness.say(composer._tracking_of(risk), lead=f"{label(risk)} {risk.title}:")
    effectiveness.paragraphs += composer.prose.paragraphs(Q.EFFECTIVENESS, Q.AUDIT_CONCLUSION)
    if not effectiveness.printed:
        composer.prose.gap("indicators of effectiveness with their results", "MSA s.54(5)(e)")
        effectiveness.say(NOT_RECORDED.format(what="indicators of effectiveness with results"))

    training = Part("msa-training", "6. Training on slavery and human trafficking (section 54(5)(f))")
    given = _covering(_in_period(composer, records.training), MSA_AREAS)
    if given:
        trained = sum(item.people for item in given)
        training.say(
            f"In the period {people(trained)} took part in training on slavery, trafficking and fair recruitment:",
            items=[_training_line(item) for item in given],
        )
    else:
        composer.prose.gap("training on modern slavery and trafficking in the period", "MSA s.54(5)(f)")
        training.say(NOT_RECORDED.format(what="training on modern slavery in the period"))

    publication = Part("msa-publication", "Where this statement is published (section 54(7))")
    profile = records.profile
    if profile is not None and profile.website:
        publication.say(
            f"The statement is published on the organisation's website, {profile.website}, with a link to it in a "
            "prominent place on the homepage."
        )
    else:
        composer.prose.gap("the website whose homepage links to the statement", "MSA s.54(7)")
        publication.say(NOT_RECORDED.format(what="the website whose homepage links to this statement"))

    return [
        Chapter("summary", "Summary", parts=[composer.summary()]),
        Chapter(
            "msa",
            "The statement under section 54 of the Modern Slavery Act 2015",
            "Set out in the six areas section 54(5) of the Act lists.",
            [structure, policies, diligence, risks, effectiveness, training, publication],
        ),
        _steps(composer),
        *_method_and_contact(composer),
    ]


# ---- Norwegian Transparency Act (åpenhetsloven) ----------------------------------------------------------------


def _norway(composer: Composer, published_on: datetime.date | None) -> list[Chapter]:
    records, facts = _records(composer), composer.facts

    enterprise = Part("no-enterprise", "The enterprise, its area of operations and its guidelines (section 5 a)")
    _organisation(composer, enterprise, "Transparency Act s.5(a)")
    enterprise.say(_the_assessment(composer))
    if records.policies:
        enterprise.say(
            "Its guidelines and procedures for handling adverse impacts on human rights and decent working conditions:",
            items=[_policy_line(policy) for policy in records.policies],
        )
    else:
        composer.prose.gap("guidelines and procedures for handling adverse impacts", "Transparency Act s.5(a)")
        enterprise.say(NOT_RECORDED.format(what="its guidelines and procedures"))
    enterprise.paragraphs += composer.prose.paragraphs(Q.POLICY_COMMITMENT, Q.GOVERNANCE)
    enterprise.paragraphs += composer.determination().paragraphs

    impacts = Part("no-impacts", "Actual adverse impacts and significant risks found (section 5 b)")
    actual = [risk for risk in composer.risks if risk.impact == "actual"]
    significant = [risk for risk in composer.salient if risk.impact != "actual"]
    impacts.say(
        f"{counted(len(actual), 'actual adverse impact')} and "
        f"{counted(len(significant), 'significant risk')} were found through the due diligence:",
        items=[composer._risk_line(risk) for risk in actual + significant],
    )

    measures = Part("no-measures", "Measures taken or planned, and their results (section 5 c)")
    for risk in actual + significant:
        text = " ".join(
            filter(None, [composer._actions_for(risk), composer._tracking_of(risk), composer._remedy_for(risk)])
        )
        measures.say(text, lead=f"{label(risk)} {risk.title}:")
    measures.paragraphs += composer.prose.paragraphs(Q.ACTIONS_TAKEN, Q.EFFECTIVENESS)

    decent = Part("no-decent-work", "Decent working conditions (sections 3 b and 4)")
    workers = [risk for risk in composer.risks if risk.category in WORKER_RISKS]
    if workers:
        decent.say(
            "The risks to workers' conditions in the register:", items=[composer._risk_line(risk) for risk in workers]
        )
    for what, area in DECENT_WORK:
        covering = _covering(records.policies, {area})
        trained = _covering(_in_period(composer, records.training), {area})
        if covering or trained:
            decent.say(
                "; ".join(
                    [f"policy: {policy.title}" for policy in covering] + [_training_line(item) for item in trained]
                )
                + ".",
                lead=f"{what[0].upper() + what[1:]}:",
            )
        else:
            composer.prose.gap(f"a guideline or training on {what}", "Transparency Act s.3(b)")
            decent.say(
                NOT_RECORDED.format(what=f"a guideline or training on {what}"), lead=f"{what[0].upper() + what[1:]}:"
            )

    information = Part("no-requests", "Requests for information (sections 6 and 7)")
    requests, limit = facts.requests, facts.statutory_requests
    assert limit is not None
    information.say(
        f"In the period the company received {counted(requests.received, 'request')} for information. Of those "
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
    deadline = datetime.date(composer.assessment.period_end.year + 1, 6, 30)
    published = published_on
    publication.say(
        (f"Published on {day(published)}; " if published else "Not yet published: this is a preview; ")
        + f"the Act asks for the account by 30 June each year, for this period by {day(deadline)}"
        + (", and it was published late." if published and published > deadline else ".")
    )
    publication.say(
        "The company updates and republishes this account when a significant change in its risks calls for it, "
        "as section 5 asks; every earlier revision stays published with its own fingerprint."
    )
    profile = records.profile
    if profile is not None and profile.website:
        publication.say(f"It is published on the enterprise's website, {profile.website}.")
    else:
        composer.prose.gap("the website where the account is published", "Transparency Act s.5")

    return [
        Chapter("summary", "Summary", parts=[composer.summary()]),
        Chapter(
            "norway",
            "Account under the Transparency Act (Norway)",
            "The account of due diligence section 5 requires, with decent working conditions beside human rights "
            "and the requests for information of sections 6 and 7.",
            [enterprise, impacts, measures, decent, information, publication],
        ),
        _steps(composer),
        *_method_and_contact(composer),
    ]


# ---- What the statement does not yet cover ------------------------------------------------------------------------


def _gaps(composer: Composer, noun: str) -> Chapter:
    """The gaps in the law's terms: a missing record with the section it would answer; an unanswered question by
    what it asks (the UNGPRF references the questions carry are not printed here)."""
    framework = set(ungprf_references())
    items = []
    for gap in composer.gap_list():
        refs = [ref for ref in gap.refs if ref not in framework]
        items.append(gap.what[0].upper() + gap.what[1:] + (f" ({', '.join(refs)})" if refs else ""))
    part = Part("gaps", "")
    if items:
        part.say(
            "The company has not yet recorded the following; a section in brackets is the one of the Act the "
            "missing item would answer.",
            items=items,
        )
        for summary in (composer.summary_part, composer.method_part):
            if summary is not None:
                summary.say(
                    f"This {noun} does not yet cover {counted(len(items), 'item')}; they are listed at its end."
                )
    else:
        part.say(f"Every part of the {noun} the Act asks for has its records.")
    return Chapter("gaps", f"What this {noun} does not yet cover", parts=[part])
