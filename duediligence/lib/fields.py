import uuid
from typing import Any

from django.core.validators import MaxLengthValidator
from django.db import models

from duediligence.lib.limits import LONG_TEXT_MAX


class BoundedTextField(models.TextField):
    """Free text that people type, at most LONG_TEXT_MAX characters.

    The bound reaches the form (which says how long the text was) and model validation (which CSV imports run);
    the column stays `text`, so changing the bound needs no data migration.
    """

    def __init__(self, *args: Any, max_length: int = LONG_TEXT_MAX, **kwargs: Any) -> None:
        kwargs["max_length"] = max_length
        super().__init__(*args, **kwargs)
        self.validators.append(MaxLengthValidator(max_length))


def uid_field() -> models.UUIDField:
    """A row's identity across revisions and databases: corrections and imports copy it, never make a new one.

    Not unique on its own: every revision of an assessment holds a row with the same uid.
    """
    return models.UUIDField(default=uuid.uuid4, editable=False)
