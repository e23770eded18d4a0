"""The API's documentation page, drawn by us from the OpenAPI schema drf-spectacular generates.

A vendored Swagger UI was the one page that failed the accessibility checks (contrast, controls nested in
controls, tiny targets) and needed a script to show anything. This page is plain HTML from the same schema: one
section per group of operations, each operation with its parameters, request body and responses as tables, a
curl example, and every schema the operations name, linked by anchor. It works without JavaScript and is read
by screen readers like any other page of the site.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from drf_spectacular.generators import SchemaGenerator

METHODS = ("get", "post", "put", "patch", "delete")


@dataclass
class Field:
    name: str
    type: str
    required: bool
    description: str
    schema: str = ""  # the component it refers to, for a link


@dataclass
class Body:
    type: str
    schema: str = ""


@dataclass
class Operation:
    method: str
    path: str
    anchor: str
    summary: str
    description: str
    parameters: list[Field]
    request: Body | None
    responses: list[tuple[str, str, Body | None]]


@dataclass
class Group:
    name: str
    operations: list[Operation] = field(default_factory=list)


@dataclass
class Schema:
    name: str
    description: str
    fields: list[Field]
    choices: list[str]


def _ref_name(ref: str) -> str:
    return ref.rsplit("/", 1)[-1]


def _type_of(schema: dict[str, Any]) -> tuple[str, str]:
    """A schema's type as a reader says it, and the component it names (for a link)."""
    if "$ref" in schema:
        name = _ref_name(schema["$ref"])
        return name, name
    if "oneOf" in schema or "anyOf" in schema:
        kinds = [_type_of(option) for option in schema.get("oneOf", schema.get("anyOf", []))]
        named = next((name for _, name in kinds if name and name != "BlankEnum" and name != "NullEnum"), "")
        return " or ".join(kind for kind, _ in kinds), named
    if schema.get("type") == "array":
        inner, named = _type_of(schema.get("items", {}))
        return f"list of {inner}", named
    kind = str(schema.get("type", "any"))
    if schema.get("format"):
        kind += f" ({schema['format']})"
    if schema.get("nullable"):
        kind += ", or null"
    return kind, ""


def _body(content: dict[str, Any] | None) -> Body | None:
    if not content:
        return None
    media = content.get("application/json") or next(iter(content.values()))
    kind, named = _type_of(media.get("schema", {}))
    return Body(kind, named)


@cache
def documentation() -> tuple[dict[str, Any], list[Group], list[Schema]]:
    """The schema, read once per process: the operations by group, and the schemas they name."""
    spec = SchemaGenerator().get_schema(request=None, public=True)
    groups: dict[str, Group] = {}
    for path, operations in spec["paths"].items():
        for method in METHODS:
            operation = operations.get(method)
            if operation is None:
                continue
            tag = (operation.get("tags") or ["other"])[0]
            parameters = []
            for parameter in operation.get("parameters", []):
                kind, named = _type_of(parameter.get("schema", {}))
                where = {"path": "in the address", "query": "query", "header": "header"}.get(parameter["in"], "")
                parameters.append(
                    Field(
                        parameter["name"],
                        f"{kind}, {where}",
                        bool(parameter.get("required")),
                        parameter.get("description", ""),
                        named,
                    )
                )
            groups.setdefault(tag, Group(tag)).operations.append(
                Operation(
                    method=method.upper(),
                    path=path,
                    anchor=operation["operationId"],
                    summary=operation.get("summary", ""),
                    description=operation.get("description", ""),
                    parameters=parameters,
                    request=_body((operation.get("requestBody") or {}).get("content")),
                    responses=[
                        (code, answer.get("description", ""), _body(answer.get("content")))
                        for code, answer in sorted(operation.get("responses", {}).items())
                    ],
                )
            )
    schemas = []
    for name, schema in sorted(spec["components"]["schemas"].items()):
        required = set(schema.get("required", []))
        fields = []
        for field_name, property_schema in schema.get("properties", {}).items():
            kind, named = _type_of(property_schema)
            if property_schema.get("readOnly"):
                kind += ", read only"
            fields.append(
                Field(
                    field_name,
                    kind,
                    field_name in required,
                    property_schema.get("description", "") or property_schema.get("title", ""),
                    named,
                )
            )
        choices = [str(value) for value in schema.get("enum", []) if value not in ("", None)]
        schemas.append(Schema(name, schema.get("description", ""), fields, choices))
    return spec["info"], list(groups.values()), schemas


def api_docs(request: HttpRequest) -> HttpResponse:
    info, groups, schemas = documentation()
    return render(request, "api/docs.html", {"info": info, "groups": groups, "schemas": schemas})
