"""The parts a statement cannot be submitted without, each in the terms of the law that asks for it. The check page
lists them; submitting refuses while any is missing. What the law lets a statement leave out is not here: the
statement prints it among what it does not yet cover."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext as _

from duediligence.assessments.models import Assessment
from duediligence.statements.models import Regime, Statement
from duediligence.statements.sources import SETTLED, assessments_of_year, records_of


@dataclass(frozen=True)
class Missing:
    what: str
    law: str
    # Where it is put right: "records", "texts" or an assessment.
    where: str
    assessment: Assessment | None = None


def missing_parts(statement: Statement) -> list[Missing]:
    found: list[Missing] = []
    records = records_of(statement)
    msa, norway = Regime.UK_MSA in statement.regimes, Regime.NORWAY in statement.regimes
    laws = " and ".join(law for law, made in (("MSA s.54(5)(a)", msa), ("Transparency Act s.5(a)", norway)) if made)
    if records.profile is None:
        found.append(
            Missing(_("The organisation's profile: its structure, group entities, sector and year"), laws, "records")
        )
    if not statement.business_and_supply_chains.strip():
        found.append(
            Missing(_("A description of the business and its supply chains as a whole, not one region"), laws, "texts")
        )
    assessments = assessments_of_year(statement)
    if not assessments:
        found.append(
            Missing(_("An assessment of due diligence whose period falls in the financial year"), laws, "assessment")
        )
    for assessment in assessments:
        if assessment.status not in SETTLED:
            found.append(
                Missing(
                    _("The assessment “%(title)s” approved by an auditor (it is %(status)s)")
                    % {"title": assessment.title, "status": assessment.get_status_display().lower()},
                    laws,
                    "assessment",
                    assessment,
                )
            )
    website = records.profile is not None and bool(records.profile.website)
    if msa and not website:
        found.append(Missing(_("The website whose homepage will link to the statement"), "MSA s.54(7)", "records"))
    if norway:
        if not website:
            found.append(
                Missing(_("The website where the account will be published"), "Transparency Act s.5", "records")
            )
        if not records.policies:
            found.append(
                Missing(
                    _("Guidelines and procedures for handling adverse impacts (the register of policies)"),
                    "Transparency Act s.5(a)",
                    "records",
                )
            )
    return found
