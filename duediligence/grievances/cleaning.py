"""Hidden details removed from the files people send with a grievance: a photo's GPS position, camera and time, a
document's author, company and editing history. A reporter rarely knows these travel with a file.

Each accepted type (assessments/evidence.py) has its cleaner: images are decoded and encoded again by Pillow with
nothing but their pixels (turned upright first, since the orientation tag goes too); PDFs lose their document
information and XMP metadata (pikepdf), and the photos inside them are cleaned as images are; Word, Excel and
OpenDocument files lose their document properties, the names on comments and tracked changes, Word's revision
marks, and the photos inside them, and every member of the archive gets the same date. Plain text has no hidden
part. A file a cleaner cannot read (damaged, protected by a password) raises `CannotClean` with the reason, and
the reporter decides whether to send it as it is (public_views.py): it is never stored uncleaned unasked.

Not removed, and said so on the page: what the content itself shows (a face, a name in the text), files embedded
in a PDF or a document other than pictures, and a document's own text and comments.
"""

from __future__ import annotations

import io
import re
import warnings
import zipfile
from collections.abc import Callable
from dataclasses import dataclass

import pikepdf
from django.utils.translation import gettext as _
from PIL import Image, ImageOps

JPEG, PNG, PDF, TEXT = "image/jpeg", "image/png", "application/pdf", "text/plain"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
ODT = "application/vnd.oasis.opendocument.text"

# A document whose parts unpack to more than this is refused rather than read (a "zip bomb").
UNPACKED_LIMIT = 200 * 1024 * 1024
# Every member of a cleaned archive gets this date (the earliest a ZIP can hold), so none tells when it was edited.
ZIP_EPOCH = (1980, 1, 1, 0, 0, 0)


class CannotClean(Exception):
    """The file's hidden details could not be removed; the message says why, in the reporter's language."""


@dataclass(frozen=True)
class Cleaned:
    data: bytes
    # False only for a format with nothing hidden in it (plain text).
    had_hidden_parts: bool = True


def clean(content_type: str, data: bytes) -> Cleaned:
    """The file without its hidden details, or CannotClean."""
    cleaner = CLEANERS.get(content_type)
    if cleaner is None:
        raise CannotClean(_("We have no way to remove hidden details from this kind of file."))
    return cleaner(data)


def _image(data: bytes) -> Cleaned:
    return Cleaned(_image_bytes(data))


def _image_bytes(data: bytes) -> bytes:
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data)) as opened:
                kind = opened.format
                opened.load()
                upright = ImageOps.exif_transpose(opened)
    except (OSError, ValueError, SyntaxError, Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise CannotClean(_("The picture could not be read: it may be damaged.")) from None
    # A fresh image of the same pixels: nothing of the original's info (EXIF, XMP, comments, ICC profile) comes
    # along, except a palette's transparency, which is part of the picture.
    pixels = Image.new(upright.mode, upright.size)
    pixels.paste(upright)
    if upright.mode == "P":
        pixels.putpalette(upright.getpalette() or [])
    out = io.BytesIO()
    if kind == "PNG":
        options = {"transparency": upright.info["transparency"]} if "transparency" in upright.info else {}
        pixels.save(out, "PNG", **options)
    else:
        if pixels.mode not in ("L", "RGB", "CMYK"):
            pixels = pixels.convert("RGB")
        pixels.save(out, "JPEG", quality=92)
    return out.getvalue()


def _pdf(data: bytes) -> Cleaned:
    try:
        with pikepdf.open(io.BytesIO(data)) as pdf:
            if "/Info" in pdf.trailer:
                del pdf.trailer["/Info"]
            for holder in (pdf.Root, *(page.obj for page in pdf.pages)):
                for name in ("/Metadata", "/PieceInfo"):
                    if name in holder:
                        del holder[name]
            for obj in pdf.objects:
                if isinstance(obj, pikepdf.Stream) and obj.get("/Subtype") == "/Image":
                    _pdf_photo(obj)
            out = io.BytesIO()
            pdf.save(out, deterministic_id=True)
    except pikepdf.PasswordError:
        raise CannotClean(_("The PDF is protected by a password, so we cannot open it to clean it.")) from None
    except pikepdf.PdfError:
        raise CannotClean(_("The PDF could not be read: it may be damaged.")) from None
    return Cleaned(out.getvalue())


def _pdf_photo(image: pikepdf.Stream) -> None:
    """A JPEG inside a PDF keeps its own EXIF (a scanned or photographed page): encoded again without it."""
    if image.get("/Filter") != "/DCTDecode":
        return
    if "/Metadata" in image:
        del image["/Metadata"]
    raw = image.read_raw_bytes()
    try:
        with Image.open(io.BytesIO(raw)) as photo:
            hidden = {"exif", "xmp", "photoshop", "comment"} & set(photo.info)
    except OSError:
        return  # not a JPEG Pillow reads; the PDF viewer will not show it either
    if hidden:
        image.write(_image_bytes(raw), filter=pikepdf.Name.DCTDecode)


# Empty property parts, valid for Office and LibreOffice: the parts stay (no relationship to mend), their values go.
_OOXML_EMPTY = {
    "docProps/core.xml": b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<cp:coreProperties '
    b'xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" '
    b'xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" '
    b'xmlns:dcmitype="http://purl.org/dc/dcmitype/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"/>',
    "docProps/app.xml": b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Properties '
    b'xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties" '
    b'xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes"/>',
    "docProps/custom.xml": b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Properties '
    b'xmlns="http://schemas.openxmlformats.org/officeDocument/2006/custom-properties" '
    b'xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes"/>',
}
_ODF_EMPTY = {
    "meta.xml": b'<?xml version="1.0" encoding="UTF-8"?>\n<office:document-meta '
    b'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" office:version="1.2"><office:meta/>'
    b"</office:document-meta>",
}
# Names on comments and tracked changes, and Word's revision-session marks (which link documents edited on the
# same computer): attribute values blanked, elements emptied. Plain substitutions on the XML's own syntax.
_NAMES = [
    (re.compile(rb'(\sw:(?:author|initials)=)("[^"]*"|\'[^\']*\')'), rb'\1""'),
    (re.compile(rb'\sw:rsid\w*=("[^"]*"|\'[^\']*\')'), b""),
    (re.compile(rb"<w:rsid\s[^>]*/>"), b""),
    (re.compile(rb"<author>[^<]*</author>"), b"<author></author>"),
    (re.compile(rb"<dc:creator>[^<]*</dc:creator>"), b"<dc:creator></dc:creator>"),
    (re.compile(rb"<dc:date>[^<]*</dc:date>"), b"<dc:date>1980-01-01T00:00:00</dc:date>"),
    (re.compile(rb'\sw:date=("[^"]*"|\'[^\']*\')'), b""),
    (re.compile(rb'(\s(?:displayName|userId|providerId)=)("[^"]*"|\'[^\']*\')'), rb'\1""'),
]
_PICTURE = re.compile(r"\.(jpe?g|png)$", re.I)


def _office(empty: dict[str, bytes]) -> Callable[[bytes], Cleaned]:
    def cleaner(data: bytes) -> Cleaned:
        try:
            source = zipfile.ZipFile(io.BytesIO(data))
            members = source.infolist()
            if sum(member.file_size for member in members) > UNPACKED_LIMIT:
                raise CannotClean(_("The document unpacks to more than we can read."))
            out = io.BytesIO()
            with zipfile.ZipFile(out, "w") as target:
                for member in members:
                    target.writestr(_dated(member), _office_part(member.filename, source.read(member), empty))
        except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, EOFError, KeyError):
            raise CannotClean(_("The document could not be read: it may be damaged.")) from None
        return Cleaned(out.getvalue())

    return cleaner


def _dated(member: zipfile.ZipInfo) -> zipfile.ZipInfo:
    # Same name, order and compression (an OpenDocument's first member must stay stored uncompressed); no date.
    fresh = zipfile.ZipInfo(member.filename, date_time=ZIP_EPOCH)
    fresh.compress_type = member.compress_type
    fresh.external_attr = 0o600 << 16
    return fresh


def _office_part(name: str, content: bytes, empty: dict[str, bytes]) -> bytes:
    if name in empty:
        return empty[name]
    if _PICTURE.search(name):
        return _image_bytes(content)
    if name.endswith(".xml"):
        for pattern, replacement in _NAMES:
            content = pattern.sub(replacement, content)
    return content


def _text(data: bytes) -> Cleaned:
    return Cleaned(data, had_hidden_parts=False)


CLEANERS: dict[str, Callable[[bytes], Cleaned]] = {
    JPEG: _image,
    PNG: _image,
    PDF: _pdf,
    DOCX: _office(_OOXML_EMPTY),
    XLSX: _office(_OOXML_EMPTY),
    ODT: _office(_ODF_EMPTY),
    TEXT: _text,
}
