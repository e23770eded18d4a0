"""A partner's name in its own script is shown as what it is (lang and dir from its letters), and readers of a public
page see the name as they know it: the Chinese name on Chinese pages, the Uyghur one on Uyghur pages."""

from django.urls import reverse

from duediligence.partners.models import Partner


def partner(assessment, name_local, name="Kashgar Silk Weaving Co."):
    return Partner.objects.create(
        assessment=assessment, name=name, name_local=name_local, category="supplier", city="Kashgar", country="China"
    )


def test_the_name_readers_of_each_language_know(assessment):
    chinese = partner(assessment, "喀什丝绸织造有限公司")
    uyghur = partner(assessment, "قەشقەر يىپەك توقۇمىچىلىق شىركىتى", name="Kashgar Silk Works")
    unknown = partner(assessment, "", name="Kashgar Cotton Co.")
    assert chinese.name_in("zh-hans") == "喀什丝绸织造有限公司"
    assert chinese.name_in("ug") == chinese.name_in("en") == "Kashgar Silk Weaving Co."
    assert uyghur.name_in("ug") == "قەشقەر يىپەك توقۇمىچىلىق شىركىتى"
    assert uyghur.name_in("zh-hans") == "Kashgar Silk Works"
    assert unknown.name_in("zh-hans") == "Kashgar Cotton Co." and unknown.local_script is None


def test_the_partner_pages_mark_each_local_name_with_its_own_language_and_direction(officer_client, assessment):
    uyghur = partner(assessment, "قەشقەر يىپەك توقۇمىچىلىق شىركىتى", name="Kashgar Silk Works")
    partner(assessment, "喀什丝绸织造有限公司")
    listing = officer_client.get(reverse("partners:list", args=[assessment.pk])).content.decode()
    assert '<bdi lang="ug" dir="rtl">قەشقەر يىپەك توقۇمىچىلىق شىركىتى</bdi>' in listing
    assert '<bdi lang="zh-Hans" dir="ltr">喀什丝绸织造有限公司</bdi>' in listing
    detail = officer_client.get(reverse("partners:detail", args=[assessment.pk, uyghur.pk])).content.decode()
    assert 'lang="ug" dir="rtl">قەشقەر يىپەك توقۇمىچىلىق شىركىتى</bdi>' in detail
