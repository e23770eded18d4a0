"""Several counts in one round trip to PostgreSQL."""

from __future__ import annotations

from django.db import connection
from django.db.models import QuerySet


def counts(**querysets: QuerySet) -> dict[str, int]:
    """COUNT(*) of each queryset, all in one SELECT of scalar subqueries: a page that shows five counts pays for
    one query (and one ORM compilation each, which costs more than PostgreSQL's work here) instead of five."""
    if not querysets:
        return {}
    parts: list[str] = []
    params: list = []
    for index, queryset in enumerate(querysets.values()):
        sql, query_params = queryset.order_by().values("pk").query.sql_with_params()
        parts.append(f"(SELECT COUNT(*) FROM ({sql}) AS counted_{index})")
        params.extend(query_params)
    with connection.cursor() as cursor:
        cursor.execute("SELECT " + ", ".join(parts), params)
        row = cursor.fetchone()
    return dict(zip(querysets, row, strict=True))
