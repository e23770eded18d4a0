import io
import re
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse
from pypdf import PdfReader

from duediligence.reports.render import render_html, render_pdf
from tests.reports.conftest import pdf_text


def test_the_internal_pdf_contains_everything_with_metadata_and_outline(rich):
    pdf, _ = render_pdf(rich, "internal")
    reader = PdfReader(io.BytesIO(pdf))
    text = pdf_text(pdf)
    assert "Internal human rights due diligence report" in text
    assert "Reagent supply stays suspended until end-use audits pass." in text
    assert "Compulsory biometric collection" in text
    assert "Secret Clinic" in text  # withheld names appear internally
    assert "Annex: every answer" in text
    assert "Page 1 of" in text or "Page 2 of" in text
    assert reader.metadata.title.startswith("Internal human rights due diligence report: Meridian Test AG")
    assert reader.metadata.author == "Meridian Test AG"
    titles = [item.title for item in reader.outline if not isinstance(item, list)]
    assert "Part C: Managing each salient issue" in titles and "Screening results" in titles
    assert reader.trailer["/Root"]["/Lang"] == "en"


def test_the_public_pdf_leaves_out_what_is_internal(rich):
    text = pdf_text(render_pdf(rich, "public")[0])
    assert "Human rights due diligence report" in text
    assert "Tianshan Instruments Co." in text
    assert "Secret Clinic" not in text
    assert "The company lists 2 partners in the region and names 1." in text
    assert "naming them could put people at risk" in text
    assert "Annex" not in text and "Review timeline" not in text and "Screening results" not in text
    assert "The company decided to continue its activities in the region, on conditions." in text


def test_the_heat_map_is_vector_svg_in_both_media(rich):
    html = render_html(rich, "public")
    assert html.count("<svg") == 2
    pdf, _ = render_pdf(rich, "public")
    assert b"/Subtype /Image" not in pdf  # drawn as vectors, not embedded as a picture


def test_rendering_the_same_content_again_gives_the_same_bytes(rich):
    import datetime

    at = datetime.datetime(2026, 11, 1, 12, 0, tzinfo=datetime.UTC)
    assert render_pdf(rich, "public", rendered_at=at)[0] == render_pdf(rich, "public", rendered_at=at)[0]


def test_the_preview_renders_for_members_only(officer_client, outsider_client, rich):
    page = officer_client.get(reverse("reports:preview", args=[rich.pk, "public"])).content.decode()
    assert "Preview, not published" in page
    assert outsider_client.get(reverse("reports:preview", args=[rich.pk, "public"])).status_code == 404


def test_a_manager_requests_a_pdf_and_the_worker_renders_it(manager_client, rich, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = manager_client.post(reverse("reports:pdf", args=[rich.pk, "internal"]))
    job_url = response["Location"]
    page = manager_client.get(job_url).content.decode()
    assert "Download the PDF" in page
    download = manager_client.get(job_url + "download/")
    assert "Reagent supply stays suspended" in pdf_text(b"".join(download.streaming_content))
    assert manager_client.get(job_url + "status/").json()["status"] == "done"


def test_a_manager_demoted_to_officer_loses_the_pdf_of_a_job_started_before(
    manager_client, manager, rich, django_capture_on_commit_callbacks
):
    from duediligence.accounts.models import Membership

    with django_capture_on_commit_callbacks(execute=True):
        job_url = manager_client.post(reverse("reports:pdf", args=[rich.pk, "internal"]))["Location"]
    assert manager_client.get(job_url + "download/").status_code == 200
    Membership.objects.filter(user=manager).update(role="officer")
    for suffix in ("", "status/", "download/"):
        assert manager_client.get(job_url + suffix).status_code == 403, suffix


def test_officers_preview_but_do_not_download_pdfs(officer_client, rich):
    assert officer_client.post(reverse("reports:pdf", args=[rich.pk, "internal"])).status_code == 403


def test_the_command_writes_a_pdf(rich, tmp_path):
    out = StringIO()
    call_command("render_report", str(rich.pk), "--kind", "public", "--out", str(tmp_path / "r.pdf"), stdout=out)
    assert "SHA-256" in out.getvalue()
    assert "Human rights due diligence report" in pdf_text((tmp_path / "r.pdf").read_bytes())
    with pytest.raises(CommandError, match="no assessment 999"):
        call_command("render_report", "999", "--out", str(tmp_path / "x.pdf"))


def test_the_parsed_stylesheet_and_fonts_kept_between_renders_change_no_byte(rich):
    """The renderer keeps the stylesheet parsed and the fonts loaded; the PDF is the one a fresh render gives."""
    import datetime

    from weasyprint import HTML

    from duediligence.reports.render import PDF_VARIANT, STATIC_ROOT_DIR, html_to_pdf, stylesheet_element

    html = render_html(rich, "internal", rendered_at=datetime.datetime(2026, 11, 1, 12, 0, tzinfo=datetime.UTC))
    assert stylesheet_element() in html  # the element html_to_pdf swaps for the parsed stylesheet
    fresh = HTML(string=html, base_url=f"{STATIC_ROOT_DIR}/").write_pdf(pdf_variant=PDF_VARIANT)
    assert html_to_pdf(html) == fresh
    assert html_to_pdf(html) == fresh  # and again, with what the first render left loaded


def test_the_contents_gives_each_chapter_the_page_its_heading_is_on(rich):
    pages = [page.extract_text() for page in PdfReader(io.BytesIO(render_pdf(rich, "internal")[0])).pages]
    contents = next(page for page in pages if "Contents" in page)
    entries = re.findall(r"^(\S.*?)\s*(?:\. ?)+\s*(\d+)$", contents, flags=re.MULTILINE)
    assert len(entries) >= 10
    for heading, number in entries:
        assert heading in pages[int(number) - 1], (heading, number)


def test_after_the_warm_up_the_first_report_compiles_no_template(rich, unfreeze_after_warm_up):
    """The worker's warm-up compiles every template the report is made of, so no one waiting for it pays that."""
    import gc
    from unittest import mock

    from django.template import engines
    from django.template.base import Template

    from duediligence.reports.render import warm_up

    for loader in engines["django"].engine.template_loaders:
        loader.reset()
    warm_up()
    assert gc.get_freeze_count() > 0  # what the warm-up loaded stays out of every later collection
    with mock.patch.object(Template, "compile_nodelist", side_effect=AssertionError("compiled while rendering")):
        for kind in ("internal", "public"):
            assert "Contents" in render_html(rich, kind)
