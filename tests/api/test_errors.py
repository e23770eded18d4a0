"""Errors on the API's paths come as JSON whatever raised them, while the pages keep their HTML error pages."""


def test_a_url_no_route_matches_is_a_json_404(officer_api, officer_client):
    missing = officer_api.get("/api/v1/no-such-resource/")
    assert missing.status_code == 404 and missing.json() == {"detail": "Not found."}
    page = officer_client.get("/no-such-page/")
    assert page.status_code == 404 and page["Content-Type"].startswith("text/html")


def test_the_bad_input_door_answers_the_api_in_json(officer_api):
    refused = officer_api.get("/api/v1/assessments/?status=dra%00ft")
    assert refused.status_code == 400
    assert refused.json() == {"detail": "The address holds a character that no page here uses."}
