import pytest
from django.core.management import call_command


@pytest.fixture
def default_list(db):
    from io import StringIO

    call_command("import_screening_list", "--default", stdout=StringIO())
    from duediligence.partners.models import ScreeningList

    return ScreeningList.objects.get()


def csv_bytes(*rows: str, bom: bool = False) -> bytes:
    header = "name,name_local,category,city,region,country,relationship,products,since,disclosed,withheld_reason"
    text = "\n".join([header, *rows]) + "\n"
    return ("\ufeff" if bom else "").encode() + text.encode("utf-8")
