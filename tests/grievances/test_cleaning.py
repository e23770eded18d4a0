"""Files lose their hidden details before they are stored: photos their EXIF and XMP, PDFs their document
information and XMP, office documents their properties and the names on comments. A file that cannot be cleaned
is sent only when the reporter, told so first, says it may be."""

from __future__ import annotations

import io
import re
import zipfile

import pikepdf
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from PIL import Image, PngImagePlugin

from duediligence.grievances import cleaning, sealing
from duediligence.grievances.cleaning import CannotClean, clean
from duediligence.grievances.models import Case
from tests.conftest import client_for
from tests.grievances.test_encryption_at_rest import CAMERA, latitude_bytes, photo_with_position
from tests.grievances.test_public_pages import officer_key

AUTHOR = "Gulnar Ablimit"


def test_a_photo_loses_its_position_camera_and_xmp_and_keeps_its_pixels():
    original = photo_with_position()
    cleaned = clean(cleaning.JPEG, original).data
    assert latitude_bytes() not in cleaned and CAMERA.encode() not in cleaned and b"GPSLatitude" not in cleaned
    with Image.open(io.BytesIO(cleaned)) as photo, Image.open(io.BytesIO(original)) as before:
        assert not photo.getexif() and "xmp" not in photo.info
        assert photo.size == before.size and photo.getpixel((10, 10)) == pytest.approx(before.getpixel((10, 10)), abs=3)


def test_a_png_loses_its_text_chunks():
    info = PngImagePlugin.PngInfo()
    info.add_text("Author", AUTHOR)
    out = io.BytesIO()
    Image.new("RGB", (8, 8), "white").save(out, "PNG", pnginfo=info)
    assert AUTHOR.encode() in out.getvalue()
    assert AUTHOR.encode() not in clean(cleaning.PNG, out.getvalue()).data


def test_a_pdf_loses_its_author_producer_and_xmp():
    pdf = pikepdf.new()
    pdf.add_blank_page()
    pdf.docinfo["/Author"] = AUTHOR
    pdf.docinfo["/Producer"] = "Secret Office 9"
    with pdf.open_metadata(set_pikepdf_as_editor=False) as meta:
        meta["dc:creator"] = [AUTHOR]
    out = io.BytesIO()
    pdf.save(out)
    assert AUTHOR.encode() in out.getvalue()
    cleaned = clean(cleaning.PDF, out.getvalue()).data
    assert AUTHOR.encode() not in cleaned and b"Secret Office 9" not in cleaned
    with pikepdf.open(io.BytesIO(cleaned)) as opened:
        assert len(opened.pages) == 1 and "/Metadata" not in opened.Root


def test_a_word_document_loses_its_properties_and_the_names_on_its_comments():
    source = io.BytesIO()
    with zipfile.ZipFile(source, "w") as docx:
        docx.writestr(
            "docProps/core.xml",
            f'<?xml version="1.0"?><cp:coreProperties xmlns:cp="x" xmlns:dc="y"><dc:creator>{AUTHOR}</dc:creator>'
            "</cp:coreProperties>",
        )
        docx.writestr(
            "word/comments.xml",
            f'<w:comments xmlns:w="w"><w:comment w:id="0" w:author="{AUTHOR}" w:initials="GA" '
            'w:date="2026-03-09T10:00:00Z"><w:p><w:r><w:t>Check the dates</w:t></w:r></w:p></w:comment></w:comments>',
        )
        docx.writestr(
            "word/document.xml", '<w:document xmlns:w="w"><w:body><w:p w:rsidR="00AB12"/></w:body></w:document>'
        )
    cleaned = clean(cleaning.DOCX, source.getvalue()).data
    assert AUTHOR.encode() not in cleaned
    with zipfile.ZipFile(io.BytesIO(cleaned)) as docx:
        assert b"Check the dates" in docx.read("word/comments.xml"), "the document's own text stays"
        assert b"00AB12" not in docx.read("word/document.xml")
        assert {member.date_time for member in docx.infolist()} == {cleaning.ZIP_EPOCH}


def test_a_damaged_pdf_cannot_be_cleaned():
    with pytest.raises(CannotClean, match="could not be read"):
        clean(cleaning.PDF, b"%PDF-1.7\n1 0 obj << /Author (" + AUTHOR.encode() + b") >> broken")


def test_the_reporter_is_told_before_a_file_that_cannot_be_cleaned_is_sent_and_decides(organisation, officer, case_key):
    broken = b"%PDF-1.7\n1 0 obj << /Author (" + AUTHOR.encode() + b") >> broken"
    url = reverse("grievance_public:intake", args=[organisation.slug, "en"])
    concern = {"issue": "safety", "description": "The fire exits are locked at night.", "place": "Hall 3"}
    client = Client()
    refused = client.post(url, {**concern, "attachment": SimpleUploadedFile("list.pdf", broken)})
    page = refused.content.decode()
    assert refused.status_code == 400 and not Case.objects.exists()
    assert "We could not remove the hidden details" in page and "list.pdf" in page
    assert "Send my file as it is" in page and "The fire exits are locked at night." in page
    sent = client.post(
        url, {**concern, "send_uncleaned": "on", "attachment": SimpleUploadedFile("list.pdf", broken)}
    ).content.decode()
    assert "was stored as you sent it, with its hidden details" in sent
    case = Case.objects.get(code=re.search(r"GR-[0-9A-Z]{4}-[0-9A-Z]{4}", sent).group(0))
    key = sealing.case_key_for_organisation(case, officer_key(organisation, officer))
    attachment = case.attachments.get()
    assert attachment.cleaned is False and sealing.file_meta(attachment, key).name == "list.pdf"
    assert sealing.file_content(attachment, key) == broken, "stored as sent, as the reporter chose (encrypted)"
    detail = client_for(officer).get(reverse("grievances:detail", args=[case.pk])).content.decode()
    assert "sent as it was: hidden details not removed" in detail
