"""The API against its own OpenAPI schema: Schemathesis generates requests for every documented operation and
checks that none ends in a server error and that every response keeps to the schema (status codes, content
types, headers and bodies). A bounded number of examples per operation, derandomised, so CI stays fast and the
run repeats exactly."""

from collections import Counter

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from tests.api.conftest import token_for

CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
]


@pytest.fixture
def in_process_wsgi():
    """Requests run in this thread on the test's connection, as with Django's test client, which also keeps
    the per-request connection clean-up from closing the test's transaction."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield get_wsgi_application()
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture
def api_schema(db, in_process_wsgi):
    return schemathesis.openapi.from_wsgi("/api/v1/schema/", in_process_wsgi)


@pytest.fixture
def officer_world(assessment, match_under_review, officer, settings):
    settings.API_TOKEN_REQUESTS_PER_MINUTE = 100_000
    return {
        "headers": {"Authorization": f"Bearer {token_for(officer)}"},
        "path": {"assessment_id": assessment.pk, "match_id": match_under_review.pk, "key": "staff_in_region"},
    }


# Driven through Schemathesis' Python API with Hypothesis' @given, one operation after another: its pytest
# plugin does not run under pytest 9.
EXAMPLES = hypothesis_settings(
    max_examples=10, deadline=None, derandomize=True, database=None, suppress_health_check=list(HealthCheck)
)


def examples_of(operation, mode, path: dict, headers: dict, statuses: Counter) -> None:
    """Run Hypothesis' examples of one operation in one generation mode; raises what Schemathesis finds."""

    @EXAMPLES
    @given(case=operation.as_strategy(mode, path_parameters=path or None))
    def exercise(case):
        response = case.call(headers=headers)
        statuses[(operation.label, response.status_code)] += 1
        case.validate_response(response, checks=CHECKS)

    exercise()


def test_every_operation_keeps_to_the_schema(api_schema, officer_world):
    failures, operations, statuses = [], 0, Counter()
    for result in api_schema.get_all_operations():
        operation = result.ok()
        operations += 1
        # Real ids, so the generated bodies, queries and headers reach the rules behind the access checks.
        wanted = {parameter.name for parameter in operation.iter_parameters() if parameter.location == "path"}
        path = {name: value for name, value in officer_world["path"].items() if name in wanted}
        for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE):
            try:
                examples_of(operation, mode, path, officer_world["headers"], statuses)
            except (Exception, BaseExceptionGroup) as failure:  # every failing operation is reported, not the first
                failures.append(f"{operation.label} ({mode.value}): {failure}")
    assert operations == 19
    assert failures == [], "\n\n".join(failures)
    # Not a vacuous run: every operation was called, and generated data reached both acceptance and refusal.
    assert {label for label, _ in statuses} == {result.ok().label for result in api_schema.get_all_operations()}
    codes = Counter(code for _, code in statuses.elements())
    assert codes[200] > 50 and codes[400] > 20, codes
