"""The registry of what an assessment owns: complete, and the reviewed content covers what people type."""

import datetime

from django import forms
from django.apps import apps

from duediligence.assessments.models import Assessment
from duediligence.assessments.ownership import content_of, not_owned, owned_models, tables, unclassified_fields
from duediligence.audits.models import Audit, CorrectiveAction, Finding
from duediligence.partners.cleaning import COLUMNS
from duediligence.review.content import content_hash
from duediligence.risks.models import MitigationAction
from tests.conftest import create_risk, project_form_classes


def project_models():
    return [model for model in apps.get_models() if model.__module__.startswith("duediligence.")]


def refers_to(model, targets) -> bool:
    return any(
        field.is_relation and field.many_to_one and field.related_model in targets
        for field in model._meta.concrete_fields
    )


def test_every_table_that_hangs_off_an_assessment_is_registered():
    """A table added later without registering it (or saying why it is not owned) fails here."""
    known = set(owned_models()) | {Assessment}
    excluded = set(not_owned())
    grown = True
    while grown:
        grown = False
        for model in project_models():
            if model in known or model in excluded:
                continue
            assert not refers_to(model, known), f"{model.__name__} belongs to an assessment but is not registered"
    assert excluded, "reports and render jobs are registered as not owned, with a reason"


def test_every_field_of_every_owned_table_is_reviewed_or_bookkeeping_with_a_reason():
    for table in tables():
        assert unclassified_fields(table) == [], table.key
        assert all(reason.strip() for reason in table.bookkeeping.values()), table.key
        assert not set(table.reviewed) & set(table.bookkeeping), table.key
        for name in table.refs:
            table.model._meta.get_field(name)


def _model_forms():
    for form in project_form_classes():
        if issubclass(form, forms.ModelForm) and form._meta.model is not None:
            yield form


def test_every_field_people_type_into_is_in_the_reviewed_content():
    by_model = {table.model: table for table in tables()}
    checked = 0
    for form in _model_forms():
        table = by_model.get(form._meta.model)
        if table is None:
            continue
        typed = set(form.base_fields) & {field.name for field in form._meta.model._meta.concrete_fields}
        assert typed <= set(table.reviewed), f"{form.__name__} lets people type {typed - set(table.reviewed)}"
        checked += 1
    assert checked >= 6  # risks, actions, audits, findings, corrective actions, partners
    partner_table = by_model[next(model for model in by_model if model.__name__ == "Partner")]
    imported = {column for column in COLUMNS if column in {f.name for f in partner_table.model._meta.fields}}
    assert imported <= set(partner_table.reviewed), "the partner CSV import fills fields that are not reviewed"


def test_the_content_covers_corrective_actions_audit_independence_and_scope_and_who_is_affected(assessment, officer):
    """Regression: an approval did not cover these, though the auditor approved them."""
    risk = create_risk(assessment, officer, "Compulsory DNA collection")
    MitigationAction.objects.create(
        risk=risk, description="End-use checks", owner="Sales", due_date=datetime.date(2026, 9, 1)
    )
    audit = Audit.objects.create(
        assessment=assessment,
        firm="Independent Audit GmbH",
        lead_auditor="R. Auditor",
        independence="No other work for the company.",
        methods=["remote"],
        started_on=datetime.date(2026, 3, 1),
        ended_on=datetime.date(2026, 3, 2),
        scope_sites="Two sites in Ürümqi",
        created_by=officer,
    )
    finding = Finding.objects.create(audit=audit, severity="high", description="No end-use records", risk=risk)
    action = CorrectiveAction.objects.create(
        finding=finding, description="Keep end-use records", owner="Compliance", due_date=datetime.date(2026, 8, 1)
    )
    content = content_of(assessment)
    text = str(content)
    for expected in [
        "No other work for the company.",
        "Two sites in Ürümqi",
        "Keep end-use records",
        risk.rights_affected,
        risk.people_affected,
        "End-use checks",
    ]:
        assert expected in text
    before = content_hash(content)
    action.description = "Keep end-use records for five years"
    action.save()
    assert content_hash(content_of(assessment)) != before, "a corrective action is part of what is approved"
    assert str(risk.uid) in content["risks"] and str(audit.uid) in content["audits"]
