"""Every way a partner file can be hard to read ends in a message with its row (and column), never a 500; the
files Excel writes (semicolons, UTF-16 "Unicode text", old Mac line ends) are read as they are."""

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from duediligence.partners.importer import parse
from duediligence.partners.models import Partner
from tests.partners.test_import_export import GOOD, upload

HEADER = "name,name_local,category,city,region,country,relationship,products,since,disclosed,withheld_reason"


def errors(raw: bytes) -> list[tuple[int, str, str]]:
    return [(error.row, error.column, error.message) for error in parse(raw)[2].errors]


def names(raw: bytes) -> list[str]:
    partners, _, report = parse(raw)
    assert not report.errors, report.errors
    return [partner.name for partner in partners]


def test_a_cell_longer_than_the_csv_modules_limit_is_named_by_row_and_column():
    raw = f"{HEADER}\nKashgar Trading Co.,,supplier,,,China,{'x' * 140_000},,,yes,\n".encode()
    # The limit is the model's, as the form's is (partners/cleaning.py): 20,000 characters of free text.
    assert errors(raw) == [(2, "relationship", "Too long: 140,000 characters, at most 20,000.")]


def test_old_mac_line_ends_are_read():
    raw = f"{HEADER}\r{GOOD}\rSecond Co.,,supplier,,,China,,,,yes,\r".encode()
    assert names(raw) == ["Kashgar Trading Co.", "Second Co."]


def test_a_bare_cr_inside_a_quoted_cell_is_a_line_break_in_that_cell():
    raw = f'{HEADER}\r\nKashgar Trading Co.,,supplier,,,China,"Exclusive\rdistributor",,,yes,\r\n'.encode()
    partners, _, report = parse(raw)
    assert not report.errors
    assert partners[0].relationship == "Exclusive\ndistributor"


def test_a_semicolon_separated_file_as_excel_saves_it_in_europe_is_read():
    raw = (HEADER.replace(",", ";") + "\n" + "Kashgar Trading Co., Ltd.;;supplier;;;China;;;;yes;\n").encode(
        "utf-8-sig"
    )
    assert names(raw) == ["Kashgar Trading Co., Ltd."]


def test_excels_unicode_text_utf16_with_tabs_is_read():
    raw = (HEADER.replace(",", "\t") + "\r\n" + "新疆棉业有限公司\t\tsupplier\t\t\tChina\t\t\t\tyes\t\r\n").encode(
        "utf-16"
    )
    assert names(raw) == ["新疆棉业有限公司"]


def test_a_nul_byte_is_named_by_row_and_column():
    raw = f"{HEADER}\n{GOOD}\nBad\x00 Co.,,supplier,,,China,,,,yes,\n".encode()
    assert errors(raw)[0][:2] == (3, "name")


def test_broken_quotes_are_named_by_row():
    raw = f'{HEADER}\n{GOOD}\n"Unclosed Co.,,supplier,,,China,,,,yes,\n'.encode()
    (row, _, message), *_ = errors(raw)
    assert row >= 3 and "quotes" in message


@pytest.mark.parametrize(
    "raw",
    [
        f"{HEADER}\nKashgar Trading Co.,,supplier,,,China,{'x' * 140_000},,,yes,\n".encode(),
        f"{HEADER}\r{GOOD}\r".encode(),
        f'{HEADER}\n"Unclosed,,supplier,,,China,,,,yes,\n'.encode(),
        f"{HEADER}\nA\x00,,supplier,,,China,,,,yes,\n".encode(),
    ],
    ids=["overlong cell", "CR line ends", "broken quotes", "NUL"],
)
def test_through_the_page_each_is_a_message_and_nothing_is_imported_or_all_is(officer_client, assessment, raw):
    response = upload(officer_client, assessment, raw)
    assert response.status_code in (200, 400)
    page = response.content.decode()
    assert "Imported" in page or "Nothing was imported" in page
    if response.status_code == 400:
        assert not Partner.objects.exists()


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(
        st.one_of(
            st.sampled_from(
                [HEADER, GOOD, ",", ";", "\t", '"', '""', "\r", "\n", "\r\n", "\x00", "é", "喀什", "\ufeff"]
            ),
            st.text(max_size=40),
        ),
        max_size=30,
    )
)
def test_any_text_gives_a_report_never_an_exception(pieces):
    raw = "".join(pieces).encode("utf-8", errors="surrogatepass")
    partners, rows, report = parse(raw)
    assert len(partners) == len(rows)
    assert partners or report.errors
    for error in report.errors:
        assert isinstance(error.row, int) and error.message
