"""Look-up tokens are saved as one array literal (partners/models.py TokenArrayField): whatever a token holds, it
reads back as it was written, by every way of saving."""

import pytest

from duediligence.partners.models import EntityName, Partner
from duediligence.partners.names import partner_tokens

AWKWARD = ['a"b', "back\\slash", "com,ma", "{brace}", "two words", "NULL", "新疆", "", "é"]


@pytest.mark.django_db
def test_tokens_read_back_as_written_by_every_way_of_saving(assessment):
    created = Partner.objects.bulk_create(
        [Partner(assessment=assessment, name="Plain", name_norm="plain", category="supplier")]
    )[0]
    Partner.objects.filter(pk=created.pk).update(match_tokens=AWKWARD)
    assert Partner.objects.get(pk=created.pk).match_tokens == AWKWARD

    created.match_tokens = list(reversed(AWKWARD))
    Partner.objects.bulk_update([created], ["match_tokens"])
    assert Partner.objects.get(pk=created.pk).match_tokens == list(reversed(AWKWARD))

    Partner.objects.filter(pk=created.pk).update(match_tokens=[])
    assert Partner.objects.get(pk=created.pk).match_tokens == []

    created.save()  # a save reads the name again: its own tokens, saved the same way
    assert Partner.objects.get(pk=created.pk).match_tokens == partner_tokens("Plain", "", "") != []


@pytest.mark.django_db
def test_a_saved_token_is_found_by_the_overlap_lookup(assessment):
    partner = Partner.objects.create(
        assessment=assessment, name="Hoshine Silicon", country="China", category="supplier"
    )
    assert partner.match_tokens
    token = partner.match_tokens[0]
    assert Partner.objects.filter(match_tokens__overlap=[token]).get() == partner
    assert not EntityName.objects.filter(tokens__overlap=['a"b']).exists()
