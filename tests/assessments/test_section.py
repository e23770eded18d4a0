from django.urls import reverse

from duediligence.assessments.models import Answer
from duediligence.assessments.snapshot import Snapshot


def section_url(assessment, number=1, key="context"):
    return reverse("assessments:section", args=[assessment.pk, number, key])


def post_section(client, assessment, data, number=1, key="context", action="continue"):
    page = client.get(section_url(assessment, number, key)).content.decode()
    versions = {}
    for chunk in page.split('name="version__')[1:]:
        name = chunk.split('"', 1)[0]
        versions[f"version__{name}"] = chunk.split('value="', 1)[1].split('"', 1)[0]
    # As a browser would: the markers of questions drawn visible are sent, those of hidden ones are disabled.
    shown = [
        chunk.split('"', 1)[0]
        for chunk in page.split('name="shown" value="')[1:]
        if not chunk.split(">", 1)[0].rstrip().endswith("disabled")
    ]
    return client.post(section_url(assessment, number, key), {"shown": shown, **versions, **data, "action": action})


def test_the_step_link_opens_its_first_section(officer_client, assessment):
    response = officer_client.get(reverse("assessments:step", args=[assessment.pk, 2]))
    assert response["Location"] == section_url(assessment, 2, "auditor")


def test_saving_stores_answers_and_continues_to_the_next_section(officer_client, assessment):
    response = post_section(officer_client, assessment, {"operates_in_region": "no", "state_programmes_known": "yes"})
    assert response["Location"] == section_url(assessment, 1, "end-use")
    assert Snapshot(assessment).values == {"operates_in_region": "no", "state_programmes_known": "yes"}


def test_save_and_come_back_later_returns_to_the_overview(officer_client, assessment):
    response = post_section(officer_client, assessment, {"operates_in_region": "no"}, action="later")
    assert response["Location"] == reverse("assessments:overview", args=[assessment.pk])
    overview = officer_client.get(response["Location"]).content.decode()
    assert "In progress" in overview


def test_the_last_section_leads_to_the_check_page(officer_client, assessment):
    response = post_section(officer_client, assessment, {"signoff_body": "The board"}, number=4, key="decision")
    assert response["Location"] == reverse("assessments:check", args=[assessment.pk])


def test_conditional_questions_are_hidden_until_their_condition_holds(officer_client, assessment):
    page = officer_client.get(section_url(assessment)).content.decode()
    assert 'id="q-activity_types"' in page
    assert 'data-question="activity_types" data-show-if=' in page
    assert page.split('id="q-activity_types"', 1)[1].split(">", 1)[0].rstrip().endswith("hidden")


def test_without_javascript_newly_shown_questions_bring_the_officer_back(officer_client, assessment):
    # The page was drawn with the follow-up questions hidden, so they are not in `shown`.
    drawn = ["operates_in_region", "state_programmes_known", "context_sources"]
    response = post_section(officer_client, assessment, {"operates_in_region": "yes", "shown": drawn})
    assert response["Location"] == section_url(assessment) + "#q-activity_types"
    page = officer_client.get(response["Location"]).content.decode()
    assert "Your answers opened 2 more questions here" in page
    assert 'id="q-activity_types"' in page
    head = page.split('id="q-activity_types"', 1)[1].split(">", 1)[0]
    assert "hidden" not in head


def test_an_invalid_answer_shows_an_error_summary_and_keeps_the_input(officer_client, assessment):
    answer_data = {"operates_in_region": "yes", "staff_in_region": "-5", "context_sources": "UN reports"}
    response = post_section(officer_client, assessment, answer_data)
    assert response.status_code == 400
    page = response.content.decode()
    assert "There is a problem" in page
    assert '<a href="#q-staff_in_region">' in page
    assert "greater than or equal to 0" in page
    assert 'value="-5"' in page
    assert "UN reports</textarea>" in page
    assert 'aria-invalid="true"' in page
    assert not Answer.objects.filter(assessment=assessment).exists()


def test_autosave_saves_the_valid_answers_and_returns_versions(officer_client, assessment):
    response = officer_client.post(
        section_url(assessment),
        {"operates_in_region": "yes", "staff_in_region": "lots", "autosave": "1", "version__operates_in_region": "0"},
    )
    assert response.status_code == 400
    body = response.json()
    assert body["saved"] is True
    assert body["versions"]["operates_in_region"] == 1
    assert "staff_in_region" in body["errors"]
    assert Snapshot(assessment).values == {"operates_in_region": "yes"}


def test_a_version_too_long_to_be_one_is_a_conflict_not_a_500(officer_client, assessment):
    for version in ("9" * 5_000, "9" * 19, "٣"):
        response = officer_client.post(
            section_url(assessment),
            {"operates_in_region": "yes", "autosave": "1", "version__operates_in_region": version},
        )
        assert response.status_code in (200, 400, 409), (version[:20], response.status_code)


def test_an_unchanged_save_does_not_add_history(officer_client, assessment, officer):
    post_section(officer_client, assessment, {"operates_in_region": "no"})
    post_section(officer_client, assessment, {"operates_in_region": "no"})
    answer = Answer.objects.get(assessment=assessment, question__key="operates_in_region")
    assert answer.version == 1
    assert answer.changes.count() == 1


def test_every_section_of_the_demo_assessment_renders_with_its_answers(officer_client, db):
    from django.core.management import call_command

    from duediligence.accounts.models import User
    from duediligence.assessments.models import Assessment
    from tests.conftest import client_for

    call_command("seed_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    demo = Assessment.objects.get(organisation__slug="meridian-genomics")
    client = client_for(User.objects.get(email="officer@meridian.example"))
    snapshot = Snapshot(demo)
    for step in snapshot.steps:
        for section in snapshot.sections_of(step):
            response = client.get(section_url(demo, step.number, section.key))
            assert response.status_code == 200, (step.number, section.key)
    page = client.get(section_url(demo, 1, "end-use")).content.decode()
    assert 'value="2" checked' in page  # end_users_known, a scale answer
    assert "Flag: high" in page


def test_progress_says_what_it_counts_and_a_section_says_more_may_follow(officer_client, assessment):
    from django.urls import reverse

    overview = officer_client.get(reverse("assessments:overview", args=[assessment.pk])).content.decode()
    assert "questions that apply answered (more may follow from your answers)" in overview
    section = officer_client.get(reverse("assessments:section", args=[assessment.pk, 1, "context"])).content.decode()
    assert "Some answers here bring further questions" in section
