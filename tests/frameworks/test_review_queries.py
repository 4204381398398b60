"""The link review page makes as many queries for 200 pending links as for 2 (issue 10, bounded queries)."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext

from liaison.accounts.models import Role
from liaison.frameworks.models import Link, Target

from .plans import KENYA_PLAN_CSV

pytestmark = pytest.mark.django_db

KENYA_NFP = (Role.FOCAL_POINT, "CBD", "KEN")


def pending_from(sources: list[Target], count: int) -> None:
    """Store `count` more suggested links from `sources` to GBF, SPMS and Aichi targets."""
    targets = list(Target.objects.filter(framework__code__in=["GBF", "CMS-SPMS-2015-2023", "AICHI"]).order_by("pk"))
    taken = set(Link.objects.values_list("source_id", "target_id"))
    rows = []
    for source in sources:
        for target in targets:
            if len(rows) == count:
                break
            if (source.pk, target.pk) not in taken:
                rows.append(Link(source_type="target", source_id=source.pk, target=target, source="suggested:test",
                                 confidence=0.5, why="test"))
    Link.objects.bulk_create(rows)


def queries_of(client) -> tuple[int, int]:
    client.get("/links/review/")  # warm the session and the roles
    with CaptureQueriesContext(connection) as context:
        page = client.get("/links/review/")
    assert page.status_code == 200
    return len(context.captured_queries), len(page.context["rows"])


@pytest.mark.parametrize("roles", [KENYA_NFP, (Role.SECRETARIAT, "CMS"), (Role.REVIEWER, "CMS")])
def test_review_page_queries_do_not_grow_with_rows(client_for, django_assert_num_queries, roles):
    nfp = client_for(KENYA_NFP)
    nfp.post("/api/frameworks/import", {"file": SimpleUploadedFile("plan.csv", KENYA_PLAN_CSV.encode()),
                                        "country": "KEN"})
    sources = list(Target.objects.filter(framework__code="KE-NBSAP-2030").order_by("code"))
    client = client_for(roles)
    pending_from(sources, 2)
    at_two, rows = queries_of(client)
    assert rows == 2
    pending_from(sources, 198)
    client.get("/links/review/")
    with django_assert_num_queries(at_two):
        page = client.get("/links/review/")
    assert len(page.context["rows"]) == 200
