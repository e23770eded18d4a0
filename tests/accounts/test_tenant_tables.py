"""Every table of ours belongs to one organisation, reachable by foreign keys, or is shared data listed here with
why. This is what sharding by organisation (docs/deployment.md, "When one primary is not enough") needs from the
schema: each tenant row can be routed to its organisation's shard; shared tables are copied to every shard."""

from __future__ import annotations

from django.apps import apps
from django.db import models

from duediligence.accounts.models import Organisation

SHARED = {
    "accounts.User": "a person may be a member of several organisations (an auditor firm serves many)",
    "questionnaires.Questionnaire": "published questionnaire versions, the same for every organisation",
    "questionnaires.Step": "part of a questionnaire version",
    "questionnaires.Section": "part of a questionnaire version",
    "questionnaires.Question": "part of a questionnaire version",
    "partners.ScreeningList": "official lists every organisation screens against",
    "partners.ListImport": "one import of an official list",
    "partners.ListedEntity": "an entry of an official list",
    "partners.EntityName": "a name of an entry of an official list",
    "partners.ScreeningBatch": "a range of partner ids a list import screens again; ids and counts only",
    "partners.ScreeningWord": (
        "how many names a word occurs in, over the lists, a shipped corpus and every open partner name; counts "
        "only, never a name, and words seen in a single name are not stored"
    ),
    "security.PublicCounter": "rate-limit counters of the public pages, per address, expiring, never per tenant",
    "accounts.PersonalKey": "a person's own key pair, one for all the organisations they belong to",
}


def path_to_organisation(model: type[models.Model], seen: tuple = ()) -> list[str] | None:
    """The foreign keys from `model` to Organisation (e.g. ['risk', 'assessment', 'organisation']), or None."""
    for field in model._meta.concrete_fields:
        if not isinstance(field, models.ForeignKey):
            continue
        target = field.related_model
        if target is Organisation:
            return [field.name]
        if target not in seen and isinstance(target, type):
            rest = path_to_organisation(target, (*seen, model))
            if rest:
                return [field.name, *rest]
    return None


def our_models() -> list[type[models.Model]]:
    return [m for m in apps.get_models() if m.__module__.startswith("duediligence.") and m is not Organisation]


def test_every_table_reaches_its_organisation_or_is_shared_with_a_reason():
    unplaced = [m._meta.label for m in our_models() if m._meta.label not in SHARED and not path_to_organisation(m)]
    assert unplaced == [], "route these to an organisation by a foreign key, or list them in SHARED with why"


def test_shared_tables_are_not_tenant_tables():
    labels = {m._meta.label for m in our_models()}
    assert set(SHARED) <= labels, set(SHARED) - labels
    tenant_paths = {label for label in SHARED if path_to_organisation(apps.get_model(label))}
    assert tenant_paths == set(), "a table that reaches an organisation belongs to it; take it out of SHARED"
