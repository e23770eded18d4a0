"""Step 3: the partners an assessment discloses, the public lists they are screened against, and the matches."""

from __future__ import annotations

import uuid
from typing import Any

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.contrib.postgres.indexes import GinIndex
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q

from duediligence.assessments.models import Assessment
from duediligence.lib.fields import BoundedTextField, uid_field
from duediligence.lib.scripts import Written, written_in
from duediligence.partners.names import key_for, keys_dump, partner_tokens
from duediligence.partners.normalise import location_key, normalise


class TokenArrayField(ArrayField):
    """Screening's look-up tokens: strings the app made itself (names.py), about ninety per partner.

    Django's ArrayField prepares each element through the base field, and psycopg2 sends a list as an ARRAY[...]
    of one quoted constant per element, which PostgreSQL then parses one by one: for ten thousand partners that
    was most of the import's time (bench/partners_import.py). Saved values go as one array literal instead
    ('{"a","b"}', read by the column's own input function); look-ups (&&) keep the list, as Django's lookups
    expect."""

    def get_db_prep_value(self, value: Any, connection: Any, prepared: bool = False) -> Any:
        return None if value is None else list(value)

    def get_db_prep_save(self, value: Any, connection: Any) -> Any:
        if value is None or hasattr(value, "as_sql"):  # bulk_update hands over its CASE expression
            return value
        return array_literal(value)

    def get_placeholder(self, value: Any, compiler: Any, connection: Any) -> str:
        # ArrayField works the cast out again for every row (db_type): a tenth of a second per thousand rows.
        placeholder = self.__dict__.get("_placeholder")
        if placeholder is None:
            placeholder = self.__dict__["_placeholder"] = f"%s::{self.db_type(connection)}"
        return placeholder


def array_literal(values: Any) -> str:
    """PostgreSQL's text form of an array of strings: each element quoted, its backslashes and quotes escaped."""
    if not values:
        return "{}"
    joined = "\x00".join(values)  # no text PostgreSQL stores holds a NUL
    if '"' not in joined and "\\" not in joined:
        return '{"' + joined.replace("\x00", '","') + '"}'
    return "{" + ",".join('"' + v.replace("\\", "\\\\").replace('"', '\\"') + '"' for v in values) + "}"


class Category(models.TextChoices):
    SUPPLIER = "supplier", "Supplier"
    DISTRIBUTOR = "distributor", "Distributor"
    CUSTOMER = "customer", "Customer"
    JOINT_VENTURE = "joint_venture", "Joint venture"
    GOVERNMENT = "government", "Government agency"
    PSB = "psb", "Public security bureau"
    PSB_LAB = "psb_lab", "PSB-affiliated lab"
    XPCC = "xpcc", "Bingtuan (XPCC) entity"
    RESEARCH = "research", "University or research institute"
    OTHER = "other", "Other"


class WithheldReason(models.TextChoices):
    SAFETY = "safety", "Naming them could put people at risk"
    CONTRACT = "contract", "Contractual confidentiality"
    COMMERCIAL = "commercial", "Commercial sensitivity"
    LEGAL = "legal", "The law forbids it"
    OTHER = "other", "Other reason"


class PartnerQuerySet(models.QuerySet):
    def with_screening(self) -> PartnerQuerySet:
        confirmed = ScreeningMatch.objects.filter(partner=models.OuterRef("pk"), status=MatchStatus.CONFIRMED)
        potential = ScreeningMatch.objects.filter(partner=models.OuterRef("pk"), status=MatchStatus.POTENTIAL)
        return self.annotate(has_confirmed=models.Exists(confirmed), has_potential=models.Exists(potential))


class Partner(models.Model):
    uid = uid_field()
    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="partners")
    name = models.CharField(max_length=300)
    name_local = models.CharField("name in local script", max_length=300, blank=True)
    category = models.CharField(max_length=20, choices=Category.choices)
    city = models.CharField("city or prefecture", max_length=120, blank=True)
    region = models.CharField(max_length=120, blank=True)
    country = models.CharField(max_length=120)
    relationship = BoundedTextField(blank=True, help_text="What the relationship is, e.g. exclusive distributor.")
    products = BoundedTextField("products or services involved", blank=True)
    since = models.DateField(null=True, blank=True, help_text="When the relationship began.")
    disclosed = models.BooleanField("name disclosed publicly", default=True)
    withheld_reason = models.CharField(max_length=20, choices=WithheldReason.choices, blank=True)
    contact_email = models.EmailField(
        "contact email", blank=True, help_text="Where questionnaires for this partner are sent."
    )
    owner = models.CharField(
        "parent company or owner",
        max_length=300,
        blank=True,
        help_text="Screened too: blocking sanctions reach companies owned 50% or more by a listed party.",
    )
    owner_share = models.PositiveSmallIntegerField(
        "owner's share, in per cent",
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(100)],
        help_text="How much of the partner the owner holds, if known.",
    )
    # Derived on save, never typed: the keys for duplicate checks and screening.
    name_norm = models.CharField(max_length=300, editable=False)
    local_norm = models.CharField(max_length=300, editable=False, blank=True)
    location_norm = models.CharField(max_length=400, editable=False)
    # The words (and Chinese character pairs, and pinyin) screening looks listed names up by (names.py).
    match_tokens = TokenArrayField(models.CharField(max_length=300), default=list, blank=True, editable=False)
    # Its names (and its owner's) as screening read them, so screening again needs no reading (names.keys_dump).
    name_keys = models.BinaryField(default=b"", blank=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = PartnerQuerySet.as_manager()

    class Meta:
        ordering = ["name", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["assessment", "name_norm", "location_norm"], name="partner_unique_name_location"
            ),
            models.CheckConstraint(
                condition=Q(disclosed=True, withheld_reason="") | Q(disclosed=False) & ~Q(withheld_reason=""),
                name="withheld_partner_has_reason",
            ),
            models.CheckConstraint(condition=Q(category__in=Category.values), name="partner_category_known"),
            models.CheckConstraint(
                condition=Q(owner_share__isnull=True) | Q(owner_share__gte=1, owner_share__lte=100),
                name="partner_owner_share_percent",
            ),
        ]
        indexes = [
            # No search indexes on the partner side: screening reads partners in turn and looks each up in the
            # listed names' indexes (EntityName), so indexes here would only slow every import down.
            models.Index(fields=["assessment", "name"], name="partner_list_order"),
            # The API pages an assessment's partners by id: one page's rows are read, not all of them sorted.
            models.Index(fields=["assessment", "id"], name="partner_api_order"),
        ]

    def __str__(self) -> str:
        return self.name

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.refresh_keys()
        super().save(*args, **kwargs)

    def name_in(self, language: str) -> str:
        """The name as readers of `language` (a public page's code) know it: the name in local script where its
        letters are that language's (a Chinese name on Chinese pages, a Uyghur one on Uyghur pages), else the name."""
        written = self.local_script
        if written and written.tag.split("-")[0].lower() == language.split("-")[0].lower():
            return self.name_local
        return self.name

    @property
    def local_script(self) -> Written | None:
        """What the name in local script is written in, for its lang and dir attributes."""
        return written_in(self.name_local) if self.name_local.strip() else None

    def refresh_keys(self) -> None:
        self.name_norm = normalise(self.name)
        self.local_norm = normalise(self.name_local)
        self.location_norm = location_key(self.city, self.region, self.country)
        self.match_tokens = partner_tokens(self.name, self.name_local, self.owner)
        self.name_keys = keys_dump(tuple(key_for(own) for own in (self.name, self.name_local, self.owner)))

    @property
    def location(self) -> str:
        return ", ".join(part for part in (self.city, self.region, self.country) if part)


class ListKind(models.TextChoices):
    """What being on a list means: their legal effects differ, so each entry says which it is."""

    EXPORT_CONTROL = "export_control", "Export control"
    IMPORT_BAN = "import_ban", "Import ban (UFLPA)"
    BLOCKING_SANCTION = "blocking_sanction", "Blocking sanction"
    INVESTMENT_BAN = "investment_ban", "Investment ban"
    CONTEXT = "context", "Not itself listed (related to listed entities)"
    OTHER = "other", "Other list"


class ScreeningList(models.Model):
    """A public list of entities (e.g. the BIS Entity List, the UFLPA Entity List), as last imported."""

    slug = models.SlugField(max_length=80, unique=True)
    name = models.CharField(max_length=200)
    publisher = models.CharField(max_length=200)
    source_url = models.URLField(max_length=500, blank=True)
    retrieved_on = models.DateField(null=True, blank=True)
    caveat = models.TextField(blank=True, help_text="What users must know about the list's completeness.")
    format = models.CharField(max_length=20, blank=True)
    # The date the publisher gave the file (in the file itself where the format has one), and each file read
    # with its SHA-256, so anyone can check which list a screening was made against.
    file_date = models.DateField(null=True, blank=True)
    file_date_from = models.CharField(max_length=100, blank=True, help_text="Where the file date comes from.")
    files = models.JSONField(default=list, blank=True)
    imported_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class ListImport(models.Model):
    """One import of a list: the history behind "N new potential matches since the list of <date>"."""

    screening_list = models.ForeignKey(ScreeningList, on_delete=models.CASCADE, related_name="imports")
    file_date = models.DateField(null=True, blank=True)
    files = models.JSONField(default=list, blank=True)
    entities = models.PositiveIntegerField(default=0)
    # The file date of the list this import replaced; null for a list imported the first time.
    replaced = models.ForeignKey("self", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    new_matches = models.PositiveIntegerField(default=0)
    # What this edition changed: entities new to the list, entities whose entry changed (a new version, the same
    # identity), and entities no longer on it.
    added = models.PositiveIntegerField(default=0)
    changed = models.PositiveIntegerField(default=0)
    removed = models.PositiveIntegerField(default=0)
    # Frozen revisions (submitted, approved or published) whose partners the new or changed entries would flag:
    # they are told, not re-screened (ListNotice).
    notices = models.PositiveIntegerField(default=0)
    imported_at = models.DateTimeField(auto_now_add=True)
    # Whether the frozen revisions' batches are still to be planned: the first runner with no live batch left does
    # it (lists.rescreen_run), so live assessments are screened again before every frozen partner is read.
    frozen_pending = models.BooleanField(default=False)
    # When the last batch of re-screening (ScreeningBatch) was done; null while some remain.
    screened_at = models.DateTimeField(null=True, blank=True)
    notified_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-imported_at", "-id"]

    def __str__(self) -> str:
        return f"{self.screening_list} of {self.file_date or self.imported_at.date()}"


class ListedEntity(models.Model):
    """One entity as one edition of a list gives it. Rows are never changed or deleted by an import: an entry that
    changes gets a new row with the same `identity`, and the old one stays (no longer `current`), so a frozen
    revision's matches keep pointing at the entry its reviewers saw, while live assessments move to the new one
    with their decisions."""

    screening_list = models.ForeignKey(ScreeningList, on_delete=models.PROTECT, related_name="entities")
    # The same entity across editions: kept when the name is unchanged, when the publisher's identifier is, or
    # when the former name is among the new entry's aliases (a renamed entity).
    identity = models.UUIDField(default=uuid.uuid4, db_index=True, editable=False)
    # The publisher's own identifier, where the format has one (CSL id, OFAC entry number, OpenSanctions id, EU
    # logical id).
    source_id = models.CharField(max_length=100, blank=True)
    # In the list's latest edition; entries replaced or removed stay for the matches made against them.
    current = models.BooleanField(default=True)
    added_in = models.ForeignKey(ListImport, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    ended_in = models.ForeignKey(ListImport, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    name = models.CharField(max_length=500)
    aliases = ArrayField(models.CharField(max_length=500), default=list, blank=True)
    local_names = ArrayField(
        models.CharField(max_length=500), default=list, blank=True, help_text="Names in other scripts, e.g. Chinese."
    )
    category = models.CharField(max_length=100, blank=True)
    # Its names as screening read them, in the order of `labels` (names.keys_dump): an entry is kept across
    # editions until it changes, so a list import reads only the names of new or changed entries.
    name_keys = models.BinaryField(default=b"", blank=True, editable=False)
    programmes = ArrayField(models.CharField(max_length=200), default=list, blank=True)
    kinds = ArrayField(
        models.CharField(max_length=20, choices=ListKind.choices),
        default=list,
        blank=True,
        help_text="What listing means.",
    )
    countries = ArrayField(models.CharField(max_length=100), default=list, blank=True)
    parent = models.CharField(max_length=500, blank=True)
    date_listed = models.DateField(null=True, blank=True)
    source = models.TextField(blank=True)
    source_url = models.TextField(blank=True)
    retrieved_on = models.DateField(null=True, blank=True, help_text="When the source was read.")
    note = models.TextField(blank=True)
    verified = models.BooleanField(default=True, help_text="Confirmed in the public source given.")

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "listed entities"

    def __str__(self) -> str:
        return self.name

    @property
    def labels(self) -> list[str]:
        """Every name the list gives it: its name, aliases and names in other scripts."""
        return [self.name, *self.aliases, *self.local_names]

    def read_names(self) -> None:
        """Store its names as read (name_keys), for the imports after this one."""
        self.name_keys = keys_dump(tuple(key_for(label) for label in self.labels))

    @property
    def kind_labels(self) -> list[str]:
        return [ListKind(kind).label for kind in self.kinds if kind in ListKind.values]


class EntityName(models.Model):
    """Every name an entity is listed under (name, aliases, local-script names), normalised, for matching."""

    entity = models.ForeignKey(ListedEntity, on_delete=models.CASCADE, related_name="names")
    name_norm = models.CharField(max_length=500)
    # The name as listed, and whether it is the entity's name, an alias or its name in another script: a match
    # says which one it was made on.
    label = models.CharField(max_length=500, blank=True)
    kind = models.CharField(max_length=10, blank=True)
    tokens = TokenArrayField(models.CharField(max_length=300), default=list, blank=True)

    class Meta:
        # fastupdate off: bulk-inserted rows must not sit in the GIN pending list, which every search scans
        # linearly (seconds become minutes for 10,000 partners until autovacuum merges it).
        indexes = [
            GinIndex(fields=["tokens"], name="entity_name_tokens", fastupdate=False),
        ]

    def __str__(self) -> str:
        return self.name_norm


class MatchStatus(models.TextChoices):
    POTENTIAL = "potential", "Potential match"
    CONFIRMED = "confirmed", "Confirmed match"
    DISMISSED = "dismissed", "Dismissed"


class ScreeningMatch(models.Model):
    uid = uid_field()
    partner = models.ForeignKey(Partner, on_delete=models.CASCADE, related_name="matches")
    entity = models.ForeignKey(ListedEntity, on_delete=models.PROTECT, related_name="matches")
    score = models.DecimalField(max_digits=4, decimal_places=3)
    exact = models.BooleanField(default=False)
    matched_name = models.CharField(max_length=500)
    # Which name, alias or script matched, on which words: shown beside the match.
    explanation = models.CharField(max_length=500, blank=True)
    # The partner's owner matched, not the partner itself.
    via_owner = models.BooleanField(default=False)
    # The list import that found it, when a new or replaced list did (not a change to the partner).
    found_in = models.ForeignKey(ListImport, null=True, blank=True, on_delete=models.SET_NULL, related_name="matches")
    status = models.CharField(max_length=20, choices=MatchStatus.choices, default=MatchStatus.POTENTIAL)
    reason = BoundedTextField(blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-exact", "-score", "id"]
        constraints = [
            models.UniqueConstraint(fields=["partner", "entity"], name="one_match_per_partner_entity"),
            models.CheckConstraint(condition=~Q(status="dismissed") | ~Q(reason=""), name="dismissed_match_has_reason"),
        ]

    def __str__(self) -> str:
        return f"{self.partner_id} ~ {self.entity_id} ({self.status})"


class ScreeningBatch(models.Model):
    """Partners a list import screens again (live assessments) or reads for notices (frozen revisions): those the
    edition's new or changed entries could concern (lists.batches_plan), in batches of one transaction each. A
    batch is done whole or not at all, so an interrupted run resumes where it stopped and no officer's save waits
    on a screening longer than one batch takes (lists.rescreen_run)."""

    list_import = models.ForeignKey(ListImport, on_delete=models.CASCADE, related_name="batches")
    # Live batches are screened first, so officers see the new edition's matches before frozen revisions' notices.
    frozen = models.BooleanField(default=False)
    first_partner = models.BigIntegerField()
    last_partner = models.BigIntegerField()
    partners = models.PositiveIntegerField()
    partner_ids = ArrayField(models.BigIntegerField(), default=list)
    # Live: new potential matches found; frozen: partners a notice names.
    found = models.PositiveIntegerField(default=0)
    done_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["list_import", "frozen", "first_partner"]
        indexes = [
            models.Index(
                fields=["list_import", "frozen", "first_partner"],
                condition=models.Q(done_at__isnull=True),
                name="screening_batch_to_do",
            )
        ]

    def __str__(self) -> str:
        return f"{'frozen' if self.frozen else 'live'} partners {self.first_partner}–{self.last_partner}"


class ListNotice(models.Model):
    """A new edition of a list would flag partners of a frozen revision: that revision is told, never re-screened.

    Its reviewed content (matches included) is what was approved and stays so (assessments/frozen.py); the notice
    says which partners the new or changed entries would flag, so a manager can decide to start a correction.
    """

    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="list_notices")
    list_import = models.ForeignKey(ListImport, on_delete=models.CASCADE, related_name="+")
    # [{"partner": name, "entity": listed name, "matched_name": ..., "explanation": ...}], for the page and email.
    found = models.JSONField(default=list)
    partners = models.PositiveIntegerField()
    created_at = models.DateTimeField(auto_now_add=True)
    notified_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [models.UniqueConstraint(fields=["assessment", "list_import"], name="one_list_notice_per_import")]

    def __str__(self) -> str:
        imported = self.list_import
        noun = "partner" if self.partners == 1 else "partners"
        verb = "matches" if self.partners == 1 else "match"
        when = imported.file_date or imported.imported_at.date()
        listed = imported.screening_list
        return f"{self.partners} {noun} of this revision {verb} entries added to {listed} on {when:%-d %b %Y}"


class ScreeningWord(models.Model):
    """How many names a word of screening occurs in (its document frequency), which makes a rare word strong
    evidence and a common one weak (partners/weights.py). The row whose word is empty holds the number of
    names counted. Rebuilt after every list import from the listed entities, the partners and the corpus of
    unlisted companies."""

    word = models.CharField(max_length=300, primary_key=True)
    documents = models.PositiveIntegerField()

    class Meta:
        verbose_name = "screening word"

    def __str__(self) -> str:
        return f"{self.word}: {self.documents}"
