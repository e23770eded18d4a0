"""What a reporter writes is unreadable at rest: a dump of the database and the file store hold neither their
sentence nor their photo's position. The officer with access reads the case as before; an auditor, another
organisation's officer and the site's operator do not (docs/grievances.md, the threat model)."""

from __future__ import annotations

import io
import os
import re
import subprocess
from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import Client
from django.urls import reverse
from PIL import Image
from PIL.TiffImagePlugin import IFDRational

from duediligence.grievances.models import Case
from tests.conftest import PASSWORD, client_for
from tests.security.test_operator_admin import admin_login, code_for

SENTENCE = "The guards at the Yengisar spinning mill took our passports on the ninth of March."
PLACE = "Yengisar dormitory block seven"
CONTACT = "rahile.witness@example.test"
REPLY = "We asked the mill owner to hand every passport back by Friday."
CAMERA = "Yengisar-Test-Camera-X9"
# A position as a photo's EXIF stores it: degrees, minutes, seconds as rationals (numerator, denominator).
LATITUDE = ((38, 1), (55, 1), (4137, 100))
LONGITUDE = ((76, 1), (10, 1), (2291, 100))


def photo_with_position() -> bytes:
    """A JPEG carrying what a phone puts in one: GPS position, camera, and an XMP packet naming the position."""
    image = Image.new("RGB", (64, 48), (120, 80, 40))
    exif = Image.Exif()
    exif[0x010F] = "Test Phone Maker"  # Make
    exif[0x0110] = CAMERA  # Model
    gps = exif.get_ifd(0x8825)
    gps.update({1: "N", 2: rationals(LATITUDE), 3: "E", 4: rationals(LONGITUDE)})
    xmp = (
        b'<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">'
        b'<rdf:Description xmlns:exif="http://ns.adobe.com/exif/1.0/" exif:GPSLatitude="38,55.6895N" '
        b'exif:GPSLongitude="76,10.3818E"/></rdf:RDF></x:xmpmeta>'
    )
    out = io.BytesIO()
    image.save(out, "JPEG", exif=exif, xmp=xmp)
    return out.getvalue()


def rationals(values: tuple) -> tuple:
    return tuple(IFDRational(*pair) for pair in values)


def latitude_bytes() -> bytes:
    """The latitude's rationals as the file stores them (big-endian TIFF, as Pillow writes EXIF)."""
    return b"".join(value.to_bytes(4, "big") for pair in LATITUDE for value in pair)


def traces(text: str) -> list[bytes]:
    """How a text could appear in a dump: as UTF-8, or as the hex PostgreSQL prints a bytea in."""
    raw = text.encode("utf-8")
    return [raw, raw.hex().encode()]


def secrets() -> dict[str, list[bytes]]:
    position = latitude_bytes()
    return {
        "the reporter's sentence": traces(SENTENCE),
        "the place": traces(PLACE),
        "the contact address": traces(CONTACT),
        "the officer's reply": traces(REPLY),
        "the camera": traces(CAMERA),
        "the photo's position (EXIF)": [position, position.hex().encode()],
        "the photo's position (XMP)": traces("38,55.6895N"),
        "the photo's name": traces("passports-taken.jpg"),
    }


def database_dump() -> bytes:
    """pg_dump of the test database, as a backup or a replica would hold it (committed data: a transactional test)."""
    db = connection.settings_dict
    env = {**os.environ, "PGPASSWORD": db.get("PASSWORD") or ""}
    command = ["pg_dump", "--no-owner", "-h", db["HOST"] or "127.0.0.1", "-p", str(db["PORT"] or 5432)]
    command += ["-U", db["USER"] or "postgres", db["NAME"]]
    return subprocess.run(command, env=env, capture_output=True, check=True, timeout=120).stdout


def file_store() -> bytes:
    return b"".join(path.read_bytes() for path in sorted(Path(settings.MEDIA_ROOT).rglob("*")) if path.is_file())


def file_case(organisation) -> Case:
    photo = SimpleUploadedFile("passports-taken.jpg", photo_with_position(), content_type="image/jpeg")
    client = Client()
    response = client.post(
        reverse("grievance_public:intake", args=[organisation.slug, "en"]),
        {
            "issue": "forced_labour",
            "description": SENTENCE,
            "place": PLACE,
            "happened": "March 2026",
            "contact_email": CONTACT,
            "attachment": photo,
        },
    )
    assert response.status_code == 200, response.content.decode()[:2000]
    code = re.search(r"GR-[0-9A-Z]{4}-[0-9A-Z]{4}", response.content.decode()).group(0)
    return Case.objects.get(code=code)


@pytest.mark.slow
def test_a_dump_of_the_database_and_the_file_store_reveal_nothing_a_reporter_or_officer_wrote(
    transactional_db, organisation, officer
):
    from tests.conftest import set_up_case_key

    set_up_case_key(organisation, officer)
    original = photo_with_position()
    # The markers are really in the photo as sent, so their absence below means something.
    assert latitude_bytes() in original and CAMERA.encode() in original and b"38,55.6895N" in original
    case = file_case(organisation)
    officer_client = client_for(officer)
    replied = officer_client.post(reverse("grievances:reply", args=[case.pk]), {"text": REPLY})
    assert replied.status_code == 302

    dump, files = database_dump(), file_store()
    assert b"CREATE TABLE public.grievances_case " in dump and case.code.encode() in dump, "a real, full dump"
    assert files, "the photo is in the file store"
    for what, forms in secrets().items():
        for form in forms:
            assert form not in dump, f"{what} is readable in a database dump"
            assert form not in files, f"{what} is readable in the file store"

    # The officer reads the case as before, and the photo they download has lost its position and camera.
    page = officer_client.get(reverse("grievances:detail", args=[case.pk])).content.decode()
    assert SENTENCE in page and REPLY in page and PLACE in page and "passports-taken.jpg" in page
    attachment = case.attachments.get()
    download = officer_client.get(reverse("grievances:attachment", args=[case.pk, attachment.token]))
    assert download.status_code == 200
    received = b"".join(download.streaming_content) if download.streaming else download.content
    with Image.open(io.BytesIO(received)) as opened:
        assert opened.size == (64, 48)
        assert not opened.getexif() and "xmp" not in opened.info
    assert latitude_bytes() not in received and CAMERA.encode() not in received
    shown = officer_client.post(reverse("grievances:contact", args=[case.pk])).content.decode()
    assert CONTACT in shown


def test_an_auditor_another_organisations_officer_and_the_operator_cannot_read_a_case(
    organisation, officer, auditor, manager, org_admin, outsider, case_key
):
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from duediligence.accounts.models import User

    case = file_case(organisation)
    detail = reverse("grievances:detail", args=[case.pk])
    assert SENTENCE in client_for(officer).get(detail).content.decode()
    for user in (auditor, manager, org_admin):
        client = client_for(user)
        page = client.get(detail).content.decode()
        assert case.code in page and SENTENCE not in page and PLACE not in page
        assert client.post(reverse("grievances:contact", args=[case.pk])).status_code == 403
        assert client.get(
            reverse("grievances:attachment", args=[case.pk, case.attachments.get().token])
        ).status_code in (
            403,
            404,
        )
    # Another organisation's officer, with their own unlocked key, does not even find the case.
    stranger = client_for(outsider)
    assert stranger.get(detail).status_code == 404
    assert stranger.post(reverse("grievances:contact", args=[case.pk])).status_code == 404

    # The operator, signed in to the admin with both factors, finds no page that shows a case's text.
    operator = User.objects.create_user(
        email="operator@test.example", password=PASSWORD, full_name="Site Operator", is_staff=True, is_superuser=True
    )
    device = TOTPDevice.objects.create(user=operator, name="Operator phone", confirmed=True)
    admin = Client()
    assert admin_login(admin, operator.email, PASSWORD, code_for(device)).status_code == 302
    index = admin.get("/admin/").content.decode()
    assert "grievances" not in index.lower()
    for path in ("/admin/grievances/case/", f"/admin/grievances/case/{case.pk}/change/"):
        assert admin.get(path).status_code == 404
    # And with SQL access, the operator's columns hold ciphertext only.
    stored = Case.objects.filter(pk=case.pk).values().get()
    assert all(SENTENCE not in str(value) and PLACE not in str(value) for value in stored.values())
    assert stored["sealed_report"] is not None and stored["legacy_plaintext"] is None
