"""A PAdES signature on a PDF: any change to the bytes, or a signature by another key, is reported as such."""

from duediligence.signing import pdf, services


def test_a_signed_pdf_verifies_and_keeps_its_pdf_a_identity(organisation, org_admin, minimal_pdf):
    key = services.key_generate(organisation=organisation, user=org_admin)
    signed = pdf.sign(minimal_pdf, key, reason="Published")
    # An incremental update: the rendered bytes are untouched, the signature comes after them.
    assert signed.startswith(minimal_pdf)
    check = pdf.check(signed, [key])
    assert check.verified and check.intact and check.whole_file and organisation.name in check.signer


def test_a_changed_byte_breaks_the_signature(organisation, org_admin, minimal_pdf):
    key = services.key_generate(organisation=organisation, user=org_admin)
    signed = bytearray(pdf.sign(minimal_pdf, key, reason="Published"))
    at = signed.index(b"/Title")
    signed[at + 1 : at + 6] = b"Xitle"
    assert not pdf.check(bytes(signed), [key]).verified


def test_something_added_after_signing_is_not_the_signed_file(organisation, org_admin, minimal_pdf):
    key = services.key_generate(organisation=organisation, user=org_admin)
    signed = pdf.sign(minimal_pdf, key, reason="Published")
    check = pdf.check(signed + b"\n% appended\n", [key])
    assert not check.verified


def test_another_organisations_key_is_named_but_not_trusted(organisation, other_organisation, org_admin, minimal_pdf):
    ours = services.key_generate(organisation=organisation, user=org_admin)
    theirs = services.key_generate(organisation=other_organisation, user=org_admin)
    check = pdf.check(pdf.sign(minimal_pdf, theirs, reason="R"), [ours])
    assert check.signed and check.key is None and not check.verified and other_organisation.name in check.signer


def test_an_unsigned_or_broken_file_is_a_plain_no(organisation, org_admin, minimal_pdf):
    key = services.key_generate(organisation=organisation, user=org_admin)
    assert not pdf.check(minimal_pdf, [key]).signed
    assert not pdf.check(b"%PDF-1.7 not really", [key]).signed
