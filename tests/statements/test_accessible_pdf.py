"""The annual statement's PDFs are tagged PDF/A-3a as the reports are: read back with pikepdf (structure tree, every
page's content tagged, the language, each regime's own title and subject) and checked by qpdf."""

import shutil
import subprocess

import pytest

from duediligence.statements.render import render_statement_pdf
from tests.reports.pdf_structure import structure_of

QPDF = shutil.which("qpdf")


@pytest.mark.parametrize("regime", ["uk_msa", "norway"])
def test_each_regime_is_tagged_with_its_language_structure_and_own_metadata(statement, year_assessments, regime):
    found = structure_of(render_statement_pdf(statement, regime).pdf)
    assert found.marked and found.language == "en"
    assert not found.untagged, f"content drawn outside the structure tree: {found.untagged}"
    assert not found.unclaimed, f"marked content no structure element claims: {found.unclaimed}"
    for tag in ("/Document", "/H1", "/H2", "/H3", "/P", "/L", "/LI"):
        assert found.tags[tag], f"no {tag} in the structure tree"
    assert found.metadata["part"] == "3" and found.metadata["conformance"] == "A"
    assert statement.organisation.name in found.metadata["title"]
    law = "Modern Slavery Act" if regime == "uk_msa" else "Transparency Act"
    assert law in found.metadata["description"] and "Guiding Principles" not in found.metadata["description"]


@pytest.mark.skipif(QPDF is None, reason="qpdf is installed by the test set-up (browser-deps.sh)")
def test_qpdf_finds_no_structural_error(statement, year_assessments, tmp_path):
    path = tmp_path / "statement.pdf"
    path.write_bytes(render_statement_pdf(statement, "uk_msa").pdf)
    result = subprocess.run([QPDF, "--check", str(path)], capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stdout + result.stderr
