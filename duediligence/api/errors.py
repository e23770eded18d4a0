"""Errors as JSON, the way DRF answers its own, for the exceptions our services raise."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from rest_framework import exceptions
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler


def exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    if isinstance(exc, ValidationError):
        # A service refused the write (Django's ValidationError): a 400 with its messages, never a 500.
        exc = exceptions.ValidationError({"detail": exc.messages})
    return drf_exception_handler(exc, context)
