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


def nested(depth: int) -> str:
    return "[" * depth + "]" * depth


def test_json_nested_past_the_limit_is_a_400_wherever_it_is_sent(officer_api, assessment):
    targets = [
        ("put", f"/api/v1/assessments/{assessment.pk}/answers/operates_in_region/", {"If-Match": '"0"'}),
        ("post", f"/api/v1/assessments/{assessment.pk}/partners/upsert/", {}),
        ("post", f"/api/v1/assessments/{assessment.pk}/submit/", {}),
    ]
    for depth in (65, 350, 5_000, 100_000):
        for method, url, headers in targets:
            body = f'{{"value": {nested(depth)}}}' if method == "put" else nested(depth)
            response = getattr(officer_api.client, method)(
                url, body, content_type="application/json", headers={**officer_api.headers, **headers}
            )
            assert response.status_code == 400, (depth, url, response.status_code)
            assert "nested" in response.json()["detail"], response.json()
    # Within the limit, the body reaches the view, which says what is wrong with it.
    within = officer_api.put(
        f"/api/v1/assessments/{assessment.pk}/answers/operates_in_region/",
        {"value": [[["yes"]]]},
        **{"If-Match": '"0"'},
    )
    assert within.status_code == 400 and "nested" not in str(within.json())


def test_an_if_match_too_long_for_a_version_is_a_400(officer_api, assessment):
    url = f"/api/v1/assessments/{assessment.pk}/answers/operates_in_region/"
    for raw in ("9" * 5_000, "9" * 19, "-1", "1e3", "٣"):
        response = officer_api.put(url, {"value": "yes"}, **{"If-Match": f'"{raw}"'})
        assert response.status_code == 400, (raw[:20], response.status_code)
        assert "If-Match" in response.json()


def test_a_chunked_body_is_read_whole_or_refused_in_json(officer_api, assessment, settings):
    from tests.security.test_bad_input_at_the_door import chunked_post

    url = f"/api/v1/assessments/{assessment.pk}/partners/upsert/"
    items = b'[{"name": "Chunked Co.", "category": "supplier", "country": "China"}]'
    response = chunked_post(officer_api.client, url, items, "application/json", officer_api.headers)
    assert response.status_code == 200 and response.json()["created"] == 1
    settings.REQUEST_BODY_MAX_BYTES = 16
    response = chunked_post(officer_api.client, url, items, "application/json", officer_api.headers)
    assert response.status_code == 413 and "larger than the API accepts" in response.json()["detail"]
