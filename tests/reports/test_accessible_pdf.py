"""The report PDFs are tagged PDF/A-3a: read back with pikepdf (the structure tree, every page's content, the
figures' alternatives, the languages, the metadata) and checked by qpdf. docs/reporting-regimes.md says what this
validates and what it does not."""

import shutil
import subprocess

import pytest

from duediligence.reports.models import Variant
from duediligence.reports.render import render_pdf
from tests.reports.pdf_structure import structure_of

QPDF = shutil.which("qpdf")


@pytest.mark.parametrize(("kind", "variant"), [("public", v) for v in Variant.values] + [("internal", "ungprf")])
def test_every_report_is_tagged_with_its_language_structure_and_alternatives(rich, kind, variant):
    pdf, _ = render_pdf(rich, kind, variant=variant)
    found = structure_of(pdf)

    assert found.marked and found.language == "en"
    assert not found.untagged, f"content drawn outside the structure tree: {found.untagged}"
    assert not found.unclaimed, f"marked content no structure element claims: {found.unclaimed}"
    for tag in ("/Document", "/H1", "/H2", "/P", "/L", "/LI"):
        assert found.tags[tag], f"no {tag} in the structure tree"
    # Every figure says what it shows; the heat maps list each risk's cell.
    assert found.figures and all(alt for _, alt in found.figures)
    alternatives = " ".join(alt for _, alt in found.figures)
    if kind == "internal" or variant == Variant.UNGPRF:
        assert "R1 at severity 5, likelihood 4 (critical)" in alternatives
        assert found.tags["/Table"] and found.tags["/TH"] and found.tags["/TD"]
    # The partner's name in Chinese is marked as such.
    assert ("zh-Hans", "/Span") in found.languages
    assert found.metadata["part"] == "3" and found.metadata["conformance"] == "A"


def test_each_variant_has_its_own_title_and_subject(rich):
    subjects = {}
    for variant in Variant.values:
        metadata = structure_of(render_pdf(rich, "public", variant=variant)[0]).metadata
        subjects[variant] = metadata["description"]
        assert rich.organisation.name in metadata["title"]
    assert "Modern Slavery Act" in subjects[Variant.UK_MSA] and "Guiding Principles" not in subjects[Variant.UK_MSA]
    assert "Transparency Act" in subjects[Variant.NORWAY] and "Guiding Principles" not in subjects[Variant.NORWAY]
    assert "UNGP Reporting Framework" in subjects[Variant.UNGPRF]


@pytest.mark.skipif(QPDF is None, reason="qpdf is installed by the test set-up (browser-deps.sh)")
def test_qpdf_finds_no_structural_error(rich, tmp_path):
    path = tmp_path / "report.pdf"
    path.write_bytes(render_pdf(rich, "public")[0])
    result = subprocess.run([QPDF, "--check", str(path)], capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "No syntax or stream encoding errors found" in result.stdout
