from io import StringIO

from django.conf import settings
from django.core.management import call_command

from duediligence.accounts.models import Membership, Organisation, Role, User


def seed() -> str:
    out = StringIO()
    call_command("seed_demo", stdout=out)
    return out.getvalue()


def counts() -> tuple[int, int, int]:
    return Organisation.objects.count(), User.objects.count(), Membership.objects.count()


def test_it_creates_one_user_per_role_with_the_documented_password(db):
    seed()
    meridian = Organisation.objects.get(slug="meridian-genomics")
    roles = set(meridian.memberships.values_list("role", flat=True))
    assert roles == set(Role.values)
    officer = User.objects.get(email="officer@meridian.example")
    assert officer.check_password(settings.DEMO_PASSWORD)


def test_it_is_idempotent(db):
    assert "Created officer@meridian.example" in seed()
    first = counts()
    assert "Kept officer@meridian.example" in seed()
    assert counts() == first


def test_it_keeps_a_password_the_demo_user_changed(db):
    seed()
    officer = User.objects.get(email="officer@meridian.example")
    officer.set_password("my-own-choice-123")
    officer.save()
    seed()
    officer.refresh_from_db()
    assert officer.check_password("my-own-choice-123")


def test_it_creates_a_living_demo_assessment(db):
    from duediligence.assessments.models import Assessment
    from duediligence.assessments.snapshot import Snapshot

    seed()
    assessment = Assessment.objects.get(organisation__slug="meridian-genomics")
    snapshot = Snapshot(assessment)
    assert len(snapshot.flags) >= 5
    assert snapshot.missing_required  # partly answered: there is work left
    assert assessment.risks.count() == 2
    assert assessment.audits.get().findings.count() == 1
    assert assessment.partners.count() == 7
    assert assessment.partners.filter(matches__isnull=False).exists()
    assert "Kept demo assessment" in seed()
    assert Assessment.objects.count() == 1


def test_the_demo_has_tracking_engagement_and_a_worked_grievance_case(db):
    from duediligence.assessments.models import Assessment
    from duediligence.grievances.models import Case
    from duediligence.risks.models import Indicator

    seed()
    assessment = Assessment.objects.get(organisation__slug="meridian-genomics")
    assert Indicator.objects.filter(risk__assessment=assessment).count() == 2
    assert assessment.engagements.count() == 2 and assessment.information_requests.count() == 2
    case = Case.objects.get()
    assert case.status == "closed" and case.messages.filter(from_reporter=False).exists()
    assert case.organisation.grievance_mechanism.criteria.count() == 8
    # Encrypted as any case: nothing of its text in a column.
    assert case.sealed and case.legacy_plaintext is None and case.remedy_provided is True
    assert "Kashgar" not in str(Case.objects.filter(pk=case.pk).values().get())
    again = seed()
    assert "Kept the demo grievance cases" in again and "recovery key" not in again


def test_the_demo_officer_signs_in_and_reads_the_encrypted_case(client, db):
    from django.urls import reverse

    from duediligence.grievances.models import Case, CaseKey

    first = seed()
    # Each demo organisation's case key is set up once, its recovery key printed that once.
    assert first.count("recovery key") == 2 and CaseKey.objects.count() == 2
    case = Case.objects.get()
    signed_in = client.post(
        reverse("accounts:login"), {"username": "officer@meridian.example", "password": settings.DEMO_PASSWORD}
    )
    assert signed_in.status_code == 302
    page = client.get(reverse("grievances:detail", args=[case.pk])).content.decode()
    assert "A relative was asked to give a DNA sample" in page
    assert "We have suspended supply to the laboratory concerned" in page
    assert "Supply and service to the laboratory stopped" in page


def test_demo_managers_and_admins_sign_in_with_the_documented_authenticator_key(client, db):
    import base64

    from django_otp.oath import totp
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from tests.security.test_two_factor import code_for

    seed()
    device = TOTPDevice.objects.get(user__email="manager@meridian.example")
    readme_key = "MR2W KZDJ NRUW OZLO MNSS 2ZDF NVXS 2MBR".replace(" ", "")
    assert f"{totp(base64.b32decode(readme_key)):06d}" == code_for(device)
    assert TOTPDevice.objects.filter(user__email="admin@meridian.example", confirmed=True).exists()
    assert not TOTPDevice.objects.filter(user__email="officer@meridian.example").exists()
    client.post("/accounts/login/", {"username": "manager@meridian.example", "password": settings.DEMO_PASSWORD})
    response = client.post("/security/two-factor/verify/", {"code": code_for(device), "next": "/"})
    assert response["Location"] == "/"
    assert client.get("/").status_code == 200
