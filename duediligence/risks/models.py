"""Step 1's risk register: salient human rights risks, their scores and the actions that mitigate them."""

from __future__ import annotations

import datetime
from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.db.models.functions import Greatest
from django.utils import timezone

from duediligence.assessments.models import Assessment
from duediligence.lib.fields import BoundedTextField, uid_field
from duediligence.questionnaires.models import Question
from duediligence.risks import scoring


class Category(models.TextChoices):
    # The values match `risk_rule.suggest.category` in questionnaire definitions.
    MISUSE = "misuse", "Misuse of products or services"
    SURVEILLANCE_PRIVACY = "surveillance_privacy", "Surveillance and privacy"
    FORCED_LABOUR = "forced_labour", "Forced labour"
    LABOUR_RIGHTS = "labour_rights", "Other labour rights"
    DISCRIMINATION = "discrimination", "Discrimination and persecution"
    EXPRESSION = "expression", "Freedom of expression and information"
    SECURITY_OF_PERSON = "security_of_person", "Security of person"
    OTHER = "other", "Other"


class Impact(models.TextChoices):
    ACTUAL = "actual", "Actual: it is happening or has happened"
    POTENTIAL = "potential", "Potential: it could happen"


class Leverage(models.TextChoices):
    # UNGP 19 commentary: what the company can do depends on its ability to change the other party's conduct.
    NONE = "none", "None: we cannot change the other party's conduct"
    SOME = "some", "Some: we can press for change"
    STRONG = "strong", "Strong: we can make change happen"


class Involvement(models.TextChoices):
    CAUSES = "causes", "Causes"
    CONTRIBUTES = "contributes", "Contributes"
    LINKED = "linked", "Directly linked through a business relationship"


def _gross_severity() -> Any:
    """scoring.severity as SQL: the larger of scale, irremediability and their larger one raised by scope."""
    gravest = Greatest(F("scale"), F("irremediability"))
    return Greatest(gravest, (gravest + F("scope") + 1) / 2)


# Rules on residual scores and actual harms (issue 34), checked by the database for every risk written since.
# Risks of earlier revisions stay as they were reviewed: migration 0009 adds these NOT VALID.
RESIDUAL_AND_ACTUAL_RULES = (
    # Mitigation never makes a harm worse: residual scores at most the gross ones.
    models.CheckConstraint(
        condition=Q(residual_likelihood__isnull=True) | Q(residual_likelihood__lte=F("likelihood")),
        name="risk_residual_likelihood_within_gross",
        violation_error_message="The residual likelihood cannot be above the likelihood before mitigation.",
    ),
    models.CheckConstraint(
        condition=Q(residual_severity__isnull=True) | Q(residual_severity__lte=_gross_severity()),
        name="risk_residual_severity_within_gross",
        violation_error_message="The residual severity cannot be above the severity before mitigation.",
    ),
    # An actual harm is happening or has happened: its likelihood is certain.
    models.CheckConstraint(
        condition=~Q(impact="actual") | Q(likelihood=5),
        name="risk_actual_is_certain",
        violation_error_message="An actual harm is certain: its likelihood is 5.",
    ),
    # And what cannot be undone stays so, whatever is done next.
    models.CheckConstraint(
        condition=~Q(impact="actual")
        | Q(residual_severity__isnull=True)
        | Q(residual_severity__gte=F("irremediability")),
        name="risk_actual_keeps_irremediability",
        violation_error_message="An actual harm keeps its irremediability: the residual severity cannot be below it.",
    ),
)


def score_field(label: str, **kwargs: Any) -> models.PositiveSmallIntegerField:
    return models.PositiveSmallIntegerField(label, **kwargs)


def in_range(field: str, allow_null: bool = False) -> Q:
    condition = Q(**{f"{field}__gte": 1, f"{field}__lte": 5})
    return condition | Q(**{f"{field}__isnull": True}) if allow_null else condition


class Risk(models.Model):
    uid = uid_field()
    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="risks")
    title = models.CharField(max_length=200)
    category = models.CharField(max_length=30, choices=Category.choices)
    rights_affected = BoundedTextField("rights affected", help_text="For example: privacy; freedom of movement.")
    people_affected = BoundedTextField("people affected", help_text="Who could be harmed, and roughly how many.")
    scale = score_field("scale", help_text="How grave the harm would be: 1 minor, 5 grave.")
    scope = score_field("scope", help_text="How many people: 1 a few, 5 a whole population.")
    irremediability = score_field(
        "irremediability", help_text="How hard to put right: 1 easily remedied, 5 cannot be undone."
    )
    likelihood = score_field("likelihood", help_text="How likely without further action: 1 remote, 5 almost certain.")
    involvement = models.CharField("how the company is involved", max_length=20, choices=Involvement.choices)
    impact = models.CharField("actual or potential", max_length=20, choices=Impact.choices, default=Impact.POTENTIAL)
    leverage = models.CharField(
        "the company's leverage",
        max_length=20,
        choices=Leverage.choices,
        blank=True,
        help_text="Over the party that causes or contributes to the harm (UNGP 19).",
    )
    crucial_relationship = models.BooleanField(
        "the relationship is crucial to the business",
        null=True,
        blank=True,
        help_text="Whether the business could do without it: a crucial one makes ending it harder (UNGP 19).",
    )
    residual_severity = score_field(
        "residual severity", null=True, blank=True, help_text="Severity once the mitigation actions are done (1-5)."
    )
    residual_likelihood = score_field(
        "residual likelihood", null=True, blank=True, help_text="Likelihood once the mitigation actions are done."
    )
    residual_reason = BoundedTextField(
        "why the residual band is lower",
        blank=True,
        help_text="Needed when the residual scores put the risk in a lower band: what was done that lowers it. "
        "At least one mitigation action must be done first.",
    )
    potential_reason = BoundedTextField(
        "why this is not an actual harm",
        blank=True,
        help_text="Needed when a substantiated grievance, a high or critical audit finding or an answer says the "
        "harm is happening, and you still record it as potential; the auditor reads it.",
    )
    # The scores the questionnaire suggested when this risk was accepted from a suggestion; a score set lower
    # needs a reason, which the auditor reads.
    suggested_scores = models.JSONField(null=True, blank=True, editable=False)
    # The uid of the same risk in the previous period's assessment, when it was carried forward from there.
    carried_from = models.UUIDField(null=True, blank=True, editable=False)
    scores_lowered_reason = BoundedTextField(
        "why a score is lower than suggested",
        blank=True,
        help_text="Needed when you set any score below what the answers suggested; the auditor reads it.",
    )
    source_question = models.ForeignKey(
        Question, null=True, blank=True, on_delete=models.PROTECT, related_name="+", help_text="The flagged answer."
    )
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["id"]
        constraints = [
            models.CheckConstraint(condition=in_range("scale"), name="risk_scale_1_to_5"),
            models.CheckConstraint(condition=in_range("scope"), name="risk_scope_1_to_5"),
            models.CheckConstraint(condition=in_range("irremediability"), name="risk_irremediability_1_to_5"),
            models.CheckConstraint(condition=in_range("likelihood"), name="risk_likelihood_1_to_5"),
            models.CheckConstraint(condition=in_range("residual_severity", True), name="risk_residual_sev_1_to_5"),
            models.CheckConstraint(condition=in_range("residual_likelihood", True), name="risk_residual_lik_1_to_5"),
            models.CheckConstraint(condition=Q(category__in=Category.values), name="risk_category_known"),
            models.CheckConstraint(condition=Q(impact__in=Impact.values), name="risk_impact_known"),
            models.CheckConstraint(condition=Q(leverage__in=[*Leverage.values, ""]), name="risk_leverage_known"),
            *RESIDUAL_AND_ACTUAL_RULES,
        ]

    def __str__(self) -> str:
        return self.title

    # Scores are computed from the criteria on every read (risks/scoring.py), never stored: a change of the
    # rules re-scores every risk, existing ones included, with nothing to migrate.
    @property
    def severity(self) -> int:
        return scoring.severity(self.scale, self.scope, self.irremediability)

    @property
    def salience(self) -> int:
        return scoring.salience(self.severity, self.likelihood)

    @property
    def salience_band(self) -> str:
        return scoring.band(self.severity, self.likelihood)

    @property
    def is_salient(self) -> bool:
        return scoring.is_salient(self.severity, self.likelihood)

    @property
    def impact_word(self) -> str:
        """ "Actual" or "Potential", for tables (the choice labels explain themselves at more length)."""
        return str(self.get_impact_display()).split(":")[0]

    @property
    def leverage_word(self) -> str:
        return str(self.get_leverage_display()).split(":")[0].lower() if self.leverage else "not assessed"

    @property
    def needs_remedy(self) -> bool:
        """An actual harm the company causes or contributes to calls for remedy (UNGP 22): provided, or why not."""
        return self.impact == Impact.ACTUAL and self.involvement in (Involvement.CAUSES, Involvement.CONTRIBUTES)

    @property
    def has_residual(self) -> bool:
        return self.residual_severity is not None and self.residual_likelihood is not None

    @property
    def residual_salience(self) -> int | None:
        if self.residual_severity is None or self.residual_likelihood is None:
            return None
        return scoring.salience(self.residual_severity, self.residual_likelihood)

    @property
    def residual_band(self) -> str | None:
        if self.residual_severity is None or self.residual_likelihood is None:
            return None
        return scoring.band(self.residual_severity, self.residual_likelihood)

    @property
    def residual_lowers_band(self) -> bool:
        if self.residual_severity is None or self.residual_likelihood is None:
            return False
        return scoring.lowers_band(self.severity, self.likelihood, self.residual_severity, self.residual_likelihood)


class ActionStatus(models.TextChoices):
    PLANNED = "planned", "Planned"
    IN_PROGRESS = "in_progress", "In progress"
    DONE = "done", "Done"
    CANCELLED = "cancelled", "Cancelled"


OPEN_ACTION_STATUSES = (ActionStatus.PLANNED, ActionStatus.IN_PROGRESS)


class MitigationActionQuerySet(models.QuerySet):
    def overdue(self, today: datetime.date | None = None) -> MitigationActionQuerySet:
        return self.filter(status__in=OPEN_ACTION_STATUSES, due_date__lt=today or timezone.localdate())


class MitigationAction(models.Model):
    uid = uid_field()
    risk = models.ForeignKey(Risk, on_delete=models.CASCADE, related_name="actions")
    description = BoundedTextField()
    owner = models.CharField(max_length=200, help_text="Who is responsible: a name or a role.")
    due_date = models.DateField()
    status = models.CharField(max_length=20, choices=ActionStatus.choices, default=ActionStatus.PLANNED)
    updated_at = models.DateTimeField(auto_now=True)

    objects = MitigationActionQuerySet.as_manager()

    class Meta:
        ordering = ["due_date", "id"]
        constraints = [models.CheckConstraint(condition=Q(status__in=ActionStatus.values), name="action_status_known")]

    def __str__(self) -> str:
        return self.description[:60]

    @property
    def is_overdue(self) -> bool:
        return self.status in OPEN_ACTION_STATUSES and self.due_date < timezone.localdate()


class RemedyKind(models.TextChoices):
    # Forms of remedy by reference (UNGP 25 commentary); the wording is ours.
    COMPENSATION = "compensation", "Financial or other compensation"
    RESTITUTION = "restitution", "Restoring what was lost (e.g. reinstatement, returned documents)"
    REHABILITATION = "rehabilitation", "Rehabilitation (e.g. medical or psychological care)"
    APOLOGY = "apology", "Apology and acknowledgement"
    NON_REPETITION = "non_repetition", "Guarantee that it will not happen again (changed practice)"
    COOPERATION = "cooperation", "Cooperating in remedy provided by others"
    NONE = "none", "No remedy provided"


class Remedy(models.Model):
    """What was done to put right an actual harm the company caused or contributed to, or why nothing was."""

    uid = uid_field()
    risk = models.ForeignKey(Risk, on_delete=models.CASCADE, related_name="remedies")
    kind = models.CharField("form of remedy", max_length=20, choices=RemedyKind.choices)
    provided = BoundedTextField(
        "what was provided", blank=True, help_text="What was done, for whom, and whether they found it acceptable."
    )
    provided_on = models.DateField("when", null=True, blank=True)
    reason_none = BoundedTextField(
        "why no remedy was provided", blank=True, help_text="Needed when no remedy was provided."
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["provided_on", "id"]
        verbose_name_plural = "remedies"
        constraints = [
            models.CheckConstraint(condition=Q(kind__in=RemedyKind.values), name="remedy_kind_known"),
            models.CheckConstraint(
                condition=Q(kind="none", provided="") & ~Q(reason_none="") | ~Q(kind="none") & ~Q(provided=""),
                name="remedy_provided_or_reason",
            ),
        ]

    def __str__(self) -> str:
        return self.get_kind_display() if self.kind == RemedyKind.NONE else self.provided[:60]


class IndicatorKind(models.TextChoices):
    OUTCOME = "outcome", "Outcome: did the harm go down?"
    PROCESS = "process", "Process: was the action carried out?"


class Indicator(models.Model):
    """How the company tracks whether its response to a risk works (UNGP 20)."""

    uid = uid_field()
    risk = models.ForeignKey(Risk, on_delete=models.CASCADE, related_name="indicators")
    name = models.CharField(
        max_length=200, help_text="What is measured, e.g. share of workers holding their passports."
    )
    kind = models.CharField(max_length=20, choices=IndicatorKind.choices)
    unit = models.CharField(max_length=50, help_text="E.g. per cent, number of cases, days.")
    baseline = models.DecimalField(max_digits=14, decimal_places=2, null=True, blank=True)
    target = models.DecimalField(max_digits=14, decimal_places=2, null=True, blank=True)
    higher_is_better = models.BooleanField(
        "a higher result is better", default=True, help_text="Untick when the aim is to bring the number down."
    )
    source = models.CharField("source of the data", max_length=300, help_text="Where the figures come from.")
    review_date = models.DateField("next review", null=True, blank=True)
    carried_from = models.UUIDField(null=True, blank=True, editable=False)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["name", "id"]
        constraints = [models.CheckConstraint(condition=Q(kind__in=IndicatorKind.values), name="indicator_kind_known")]

    def __str__(self) -> str:
        return self.name

    @property
    def kind_word(self) -> str:
        return str(self.get_kind_display()).split(":")[0]

    @property
    def latest(self) -> IndicatorResult | None:
        # Results are prefetched where indicators are listed, so this reads the prefetched list, not the database.
        results = list(self.results.all())
        return max(results, key=lambda result: (result.period_end, result.pk)) if results else None

    @property
    def target_met(self) -> bool | None:
        """Whether the latest result reaches the target; None when either is missing."""
        latest = self.latest
        if latest is None or self.target is None:
            return None
        return latest.value >= self.target if self.higher_is_better else latest.value <= self.target


class IndicatorResult(models.Model):
    uid = uid_field()
    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="results")
    period_end = models.DateField("end of the period measured")
    value = models.DecimalField(max_digits=14, decimal_places=2)
    note = BoundedTextField(blank=True)

    class Meta:
        ordering = ["period_end", "id"]
        constraints = [
            models.UniqueConstraint(fields=["indicator", "period_end"], name="one_result_per_indicator_period")
        ]

    def __str__(self) -> str:
        return f"{self.value} at {self.period_end}"


class SuggestionOutcome(models.TextChoices):
    ACCEPTED = "accepted", "Accepted"
    DISMISSED = "dismissed", "Dismissed"


class SuggestionDecision(models.Model):
    """What the officer did with a risk the questionnaire suggested, so the same question is not asked twice."""

    uid = uid_field()
    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="suggestion_decisions")
    # The flagged answer decided; or, for a flag no answer raised (a partner that did not answer), its subject.
    question = models.ForeignKey(Question, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    subject = models.CharField(max_length=100, blank=True)
    outcome = models.CharField(max_length=20, choices=SuggestionOutcome.choices)
    reason = BoundedTextField(blank=True)
    risk = models.ForeignKey(Risk, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    decided_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["assessment", "question"], name="one_decision_per_suggestion"),
            models.UniqueConstraint(
                fields=["assessment", "subject"], condition=~Q(subject=""), name="one_decision_per_subject"
            ),
            models.CheckConstraint(
                condition=Q(question__isnull=False, subject="") | Q(question__isnull=True) & ~Q(subject=""),
                name="decision_has_question_or_subject",
            ),
            models.CheckConstraint(condition=~Q(outcome="dismissed") | ~Q(reason=""), name="dismissal_needs_reason"),
        ]

    def __str__(self) -> str:
        return f"{self.question_id}: {self.outcome}"
