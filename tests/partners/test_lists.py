from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from duediligence.partners.models import ListedEntity, ScreeningList


def test_the_default_list_keeps_sources_and_marks_unverified_entries(default_list):
    assert default_list.entities.count() == 134
    aksu = ListedEntity.objects.get(name="Aksu District Public Security Bureau")
    assert aksu.verified is False
    assert aksu.local_names == ["阿克苏地区公安局"]
    assert "84 FR 54002" in aksu.source
    assert ListedEntity.objects.filter(verified=True).exists()


def test_a_csl_file_imports_and_a_reimport_replaces_it(db, tmp_path):
    path = tmp_path / "csl.csv"
    path.write_text(
        "source,entity_number,type,programs,name,title,addresses,alt_names,source_list_url\n"
        'Entity List (EL) - Bureau of Industry and Security,,Entity,EAR,Example Surveillance Co.,,"Urumqi, CN",'
        '"Example Surv; 示例监控",https://example.test/el\n'
        "Entity List (EL) - Bureau of Industry and Security,,Entity,EAR,Second Co.,,,,\n",
        encoding="utf-8",
    )
    call_command("import_screening_list", str(path), "--format", "csl", "--slug", "csl", stdout=StringIO())
    entity = ListedEntity.objects.get(name="Example Surveillance Co.")
    assert (entity.aliases, entity.local_names, entity.programmes) == (["Example Surv"], ["示例监控"], ["EAR"])
    path.write_text("source,name,alt_names,programs\nEL,Second Co.,,EAR\n", encoding="utf-8")
    call_command("import_screening_list", str(path), "--format", "csl", "--slug", "csl", stdout=StringIO())
    assert list(ScreeningList.objects.get(slug="csl").entities.values_list("name", flat=True)) == ["Second Co."]


def test_a_file_missing_columns_is_refused_and_changes_nothing(default_list, tmp_path):
    path = tmp_path / "bad.csv"
    path.write_text("title\nx\n", encoding="utf-8")
    with pytest.raises(CommandError, match="missing column"):
        call_command("import_screening_list", str(path), "--format", "csl", "--slug", "xinjiang-reference")
    assert default_list.entities.count() == 134
