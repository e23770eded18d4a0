"""Several counts in one query, each as the queryset alone would count it."""

from django.db import connection
from django.test.utils import CaptureQueriesContext

from duediligence.lib.counting import counts
from duediligence.partners.models import Partner
from duediligence.review.models import Comment


def test_each_count_matches_its_queryset_and_all_take_one_query(assessment, officer):
    Partner.objects.create(assessment=assessment, name="Kashgar Trading", category="supplier", country="China")
    Partner.objects.create(assessment=assessment, name="Aksu Mill", category="supplier", country="China")
    Comment.objects.create(assessment=assessment, author=officer, text="Why?")
    querysets = {
        "partners": assessment.partners.all(),
        "kashgar": assessment.partners.filter(name__startswith="Kashgar"),
        "open_comments": assessment.comments.open(),
        "none": assessment.partners.filter(name="Nobody's 'quoted' name"),
    }
    with CaptureQueriesContext(connection) as queries:
        figures = counts(**querysets)
    assert len(queries) == 1
    assert figures == {name: queryset.count() for name, queryset in querysets.items()}
    assert figures == {"partners": 2, "kashgar": 1, "open_comments": 1, "none": 0}
    assert counts() == {}
