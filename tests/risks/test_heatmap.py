from django.urls import reverse

from duediligence.risks.register import register_for


def test_risks_are_placed_by_severity_band_and_likelihood(make_risk, assessment):
    make_risk("A", scale=5, scope=5, irremediability=4, likelihood=2)  # severity 5 (scale 5)
    make_risk("B", scale=2, scope=2, irremediability=2, likelihood=4, residual_severity=1, residual_likelihood=1)
    register = register_for(assessment)
    gross = register.gross_map.cells
    assert gross[(5, 2)].labels == ["R1"]
    assert gross[(2, 4)].labels == ["R2"]
    residual = register.residual_map
    assert residual.cells[(1, 1)].labels == ["R2"]
    assert residual.unplaced == ["R1"]


def test_the_svg_is_accessible_and_escaped(make_risk, assessment):
    make_risk("<script>x</script>")
    svg = str(register_for(assessment).gross_map.svg())
    assert svg.startswith("<svg") and 'role="img"' in svg
    assert "<title id=" in svg and "<desc id=" in svg
    assert "<script>" not in svg


def test_the_page_shows_both_maps_with_data_tables(officer_client, make_risk, assessment):
    make_risk(scale=4, scope=4, irremediability=4, likelihood=3)
    page = officer_client.get(reverse("risks:register", args=[assessment.pk])).content.decode()
    assert page.count("<svg") == 2
    assert "Gross risk heat map as a table" in page
    assert "Residual risk heat map as a table" in page
    assert "Not yet scored for residual risk: R1" in page


def test_the_map_names_both_axes_and_shows_a_legend_of_the_bands():
    from duediligence.risks import heatmap

    svg = str(heatmap.build_counts({(5, 4): 2}, title="Combined map").svg())
    assert "Likelihood →" in svg and "Severity →" in svg
    for band in ("low", "medium", "high", "critical"):
        assert f">{band}</text>" in svg
