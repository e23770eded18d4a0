"""Questionnaires as data: loaded from YAML (see loader.py), immutable once loaded.

An assessment points at one Questionnaire version for life, so rewording a question means loading a new
version beside the old one; question keys stay stable across versions so answers can be compared.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import models

from duediligence.lib.public_languages import content_language
from duediligence.lib.translations import choice_labels, languages_of

# The fields each kind of item words for its readers, which its `translations` give in other languages (a
# question's choice labels too, under "choices").
TRANSLATED_FIELDS = {
    "questionnaire": ("title", "description"),
    "step": ("title", "intro"),
    "section": ("title", "intro"),
    "question": ("label", "help"),
}


class QuestionType(models.TextChoices):
    YES_NO = "yes_no", "Yes or no"
    SINGLE_CHOICE = "single_choice", "One choice"
    MULTIPLE_CHOICE = "multiple_choice", "Several choices"
    SCALE = "scale", "Scale of 1 to 5"
    NUMBER = "number", "Number"
    DATE = "date", "Date"
    SHORT_TEXT = "short_text", "Short text"
    LONG_TEXT = "long_text", "Long text"
    EVIDENCE = "evidence", "Evidence file"


class FlagLevel(models.TextChoices):
    LOW = "low", "Low"
    MEDIUM = "medium", "Medium"
    HIGH = "high", "High"


class ImmutableModel(models.Model):
    """Refuses any change once the row exists: a loaded questionnaire version never changes."""

    class Meta:
        abstract = True

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None and not self._state.adding:
            raise ValidationError(f"{self._meta.verbose_name} is part of a loaded questionnaire and cannot change.")
        super().save(*args, **kwargs)


class QuestionnaireQuerySet(models.QuerySet):
    def latest_version(self, slug: str) -> Questionnaire | None:
        found = self.filter(slug=slug).order_by("-version").first()
        assert found is None or isinstance(found, Questionnaire)
        return found


class QuestionnaireKind(models.TextChoices):
    ASSESSMENT = "assessment", "An assessment's questionnaire, answered by the company"
    PARTNER = "partner", "A partner questionnaire, answered by the partner in any language it is translated into"


class Questionnaire(ImmutableModel):
    slug = models.SlugField(max_length=80)
    version = models.PositiveIntegerField()
    kind = models.CharField(max_length=20, choices=QuestionnaireKind.choices, default=QuestionnaireKind.ASSESSMENT)
    title = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    # The wording in other languages, by language and field (lib/translations.py): {"zh-hans": {"title": ...}},
    # here and on each step, section and question; empty for questionnaires answered only in English.
    translations = models.JSONField(default=dict, blank=True)
    # Hash of the definition as loaded, so loading the same file again is recognised as a no-op and a changed
    # file under the same version is refused.
    source_sha256 = models.CharField(max_length=64)
    loaded_at = models.DateTimeField(auto_now_add=True)

    objects = QuestionnaireQuerySet.as_manager()

    class Meta:
        ordering = ["slug", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["slug", "version"], name="questionnaire_version_unique"),
            models.CheckConstraint(condition=models.Q(version__gte=1), name="questionnaire_version_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.title} (version {self.version})"

    @property
    def languages(self) -> list[str]:
        """The codes of the languages it can be answered in: its own and those it is translated into."""
        return [content_language().code, *languages_of(self)]


class Step(ImmutableModel):
    questionnaire = models.ForeignKey(Questionnaire, on_delete=models.CASCADE, related_name="steps")
    number = models.PositiveSmallIntegerField()
    key = models.SlugField(max_length=80)
    title = models.CharField(max_length=200)
    intro = models.TextField(blank=True)
    translations = models.JSONField(default=dict, blank=True)
    references = models.JSONField(default=list, blank=True)

    class Meta:
        ordering = ["questionnaire", "number"]
        constraints = [
            models.UniqueConstraint(fields=["questionnaire", "number"], name="step_number_unique"),
            models.CheckConstraint(condition=models.Q(number__gte=1, number__lte=4), name="step_number_1_to_4"),
        ]

    def __str__(self) -> str:
        return f"Step {self.number}: {self.title}"


class Section(ImmutableModel):
    step = models.ForeignKey(Step, on_delete=models.CASCADE, related_name="sections")
    key = models.SlugField(max_length=80)
    title = models.CharField(max_length=200)
    intro = models.TextField(blank=True)
    translations = models.JSONField(default=dict, blank=True)
    position = models.PositiveSmallIntegerField()

    class Meta:
        ordering = ["step", "position"]
        constraints = [models.UniqueConstraint(fields=["step", "key"], name="section_key_unique_in_step")]

    def __str__(self) -> str:
        return self.title


class Question(ImmutableModel):
    # Denormalised from section.step so one query fetches a whole questionnaire in order.
    questionnaire = models.ForeignKey(Questionnaire, on_delete=models.CASCADE, related_name="questions")
    section = models.ForeignKey(Section, on_delete=models.CASCADE, related_name="questions")
    key = models.SlugField(max_length=80)
    position = models.PositiveSmallIntegerField(help_text="Order within the whole questionnaire.")
    type = models.CharField(max_length=20, choices=QuestionType.choices)
    label = models.TextField()
    help = models.TextField(blank=True)
    # {"zh-hans": {"label": ..., "help": ..., "choices": {value: label}}}: see lib/translations.py.
    translations = models.JSONField(default=dict, blank=True)
    required = models.BooleanField(default=True)
    # [{"value": ..., "label": ...}] for choice questions.
    choices = models.JSONField(default=list, blank=True)
    # Type-specific settings: unit, min and max for numbers; low and high labels for scales; max_length.
    options = models.JSONField(default=dict, blank=True)
    references = models.JSONField(default=list, blank=True)
    show_if = models.JSONField(null=True, blank=True)
    risk_rule = models.JSONField(null=True, blank=True)

    class Meta:
        ordering = ["questionnaire", "position"]
        constraints = [
            models.UniqueConstraint(fields=["questionnaire", "key"], name="question_key_unique"),
            models.UniqueConstraint(fields=["questionnaire", "position"], name="question_position_unique"),
            models.CheckConstraint(condition=models.Q(type__in=QuestionType.values), name="question_type_known"),
        ]

    def __str__(self) -> str:
        return self.key

    @property
    def choice_labels(self) -> dict:
        return {choice["value"]: choice["label"] for choice in self.choices}

    def choice_labels_in(self, language: str) -> dict:
        return choice_labels(self, self.choice_labels, language)
