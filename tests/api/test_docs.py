"""The API's documentation page: every operation of the schema, on a plain page of ours (no script needed)."""

from html import escape

from django.test import Client
from django.urls import reverse

from duediligence.api.docs import documentation


def test_the_page_documents_every_operation_of_the_schema(db):
    _info, groups, schemas = documentation()
    page = Client().get(reverse("api:docs")).content.decode()
    operations = [operation for group in groups for operation in group.operations]
    assert len(operations) >= 17
    for operation in operations:
        assert f'id="{operation.anchor}"' in page and escape(operation.summary) in page
    # Every schema an operation names is on the page, under the anchor its links use.
    for schema in schemas:
        assert f'id="schema-{schema.name}"' in page
    assert "<script" not in page.split("</main>")[0].split("<main")[-1]
    assert "Authorization: Bearer" in page and reverse("api:schema") in page
    assert 'href="#schema-PartnerItemRequest"' in page
