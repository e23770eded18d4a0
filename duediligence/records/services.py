"""Changing the organisation's records: every save is a new version, in a transaction that locks the organisation
so two saves never take the same version number. Nothing is updated or deleted (the database refuses it)."""

from __future__ import annotations

import datetime
import uuid
from typing import Any, TypeVar

from django.db import transaction
from django.db.models import Max, QuerySet
from django.utils import timezone

from duediligence.accounts.models import Organisation, User
from duediligence.records.models import Policy, Profile, Training, Versioned

Entry = TypeVar("Entry", bound=Versioned)


def _lock(organisation: Organisation) -> None:
    Organisation.objects.select_for_update().get(pk=organisation.pk)


def _as_of(queryset: QuerySet, as_of: datetime.datetime | None) -> QuerySet:
    return queryset if as_of is None else queryset.filter(recorded_at__lte=as_of)


def current_profile(organisation: Organisation, as_of: datetime.datetime | None = None) -> Profile | None:
    """The profile as it is, or as it was at `as_of` (versions never change, so this reads the same every time)."""
    return _as_of(Profile.objects.filter(organisation=organisation), as_of).order_by("-version").first()


def _current(model: type[Entry], organisation: Organisation, as_of: datetime.datetime | None) -> list[Entry]:
    """The newest version of each entry that is not withdrawn (at `as_of`, if given)."""
    entries = _as_of(model._default_manager.filter(organisation=organisation), as_of)
    latest = entries.order_by("uid", "-version").distinct("uid")
    return [entry for entry in latest if not entry.withdrawn]


def current_policies(organisation: Organisation, as_of: datetime.datetime | None = None) -> list[Policy]:
    return sorted(_current(Policy, organisation, as_of), key=lambda policy: (policy.title.lower(), policy.pk))


def current_training(organisation: Organisation, as_of: datetime.datetime | None = None) -> list[Training]:
    return sorted(_current(Training, organisation, as_of), key=lambda item: (item.held_on, item.pk), reverse=True)


def latest_version(model: type[Entry], organisation: Organisation, uid: uuid.UUID) -> Entry | None:
    return model._default_manager.filter(organisation=organisation, uid=uid).order_by("-version").first()


@transaction.atomic
def profile_save(*, organisation: Organisation, user: User, data: dict[str, Any]) -> Profile:
    """A new version of the profile, unless nothing changed (then the current one)."""
    _lock(organisation)
    current = current_profile(organisation)
    if current is not None and all(getattr(current, name) == value for name, value in data.items()):
        return current
    return Profile.objects.create(
        organisation=organisation,
        version=(current.version if current else 0) + 1,
        recorded_by=user,
        recorded_at=timezone.now(),
        **data,
    )


def _next_version(model: type[Versioned], uid: uuid.UUID) -> int:
    return (model._default_manager.filter(uid=uid).aggregate(top=Max("version"))["top"] or 0) + 1


@transaction.atomic
def entry_save(
    *, model: type[Entry], organisation: Organisation, user: User, data: dict[str, Any], uid: uuid.UUID | None = None
) -> Entry:
    """A new policy or training record (no uid), or a new version of one."""
    _lock(organisation)
    return model._default_manager.create(
        uid=uid or uuid.uuid4(),
        organisation=organisation,
        version=_next_version(model, uid) if uid else 1,
        recorded_by=user,
        recorded_at=timezone.now(),
        **data,
    )


def policy_save(
    *, organisation: Organisation, user: User, data: dict[str, Any], uid: uuid.UUID | None = None
) -> Policy:
    return entry_save(model=Policy, organisation=organisation, user=user, data=data, uid=uid)


def training_save(
    *, organisation: Organisation, user: User, data: dict[str, Any], uid: uuid.UUID | None = None
) -> Training:
    return entry_save(model=Training, organisation=organisation, user=user, data=data, uid=uid)


@transaction.atomic
def entry_withdraw(*, model: type[Entry], organisation: Organisation, user: User, uid: uuid.UUID) -> Entry:
    """Withdraw a policy or a training record: a last version marked withdrawn, the earlier ones kept."""
    _lock(organisation)
    previous = latest_version(model, organisation, uid)
    assert previous is not None, "the view fetched the entry"
    if previous.withdrawn:
        return previous
    previous.pk, previous._state.adding = None, True
    previous.version += 1  # the latest version, read under the organisation's lock
    previous.withdrawn, previous.recorded_by, previous.recorded_at = True, user, timezone.now()
    previous.save()
    return previous
