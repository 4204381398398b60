"""/api/informea/NationalPlans: a country's frameworks as InforMEA NationalPlan records, read through
framework_visible_to (an unpublished plan by its country's focal points only), with OData's $filter and $orderby."""

from __future__ import annotations

import pytest

from liaison.accounts.models import Role
from liaison.catalogue.models import Country
from liaison.frameworks.models import Framework

pytestmark = pytest.mark.django_db
URL = "/api/informea/NationalPlans"


@pytest.fixture
def plans():
    kenya = Country.objects.get(iso3="KEN")
    shown = Framework.objects.create(code="KE-NBSAP-T", name="Kenya NBSAP test", kind="nbsap", country=kenya,
                                     is_published=True)
    draft = Framework.objects.create(code="KE-NBSAP-DRAFT", name="Kenya NBSAP draft", kind="nbsap", country=kenya,
                                     is_published=False)
    return shown, draft


def ids(answer) -> list[str]:
    assert answer.status_code == 200, answer.content
    return [r["id"] for r in answer.json()["d"]["results"]]


def test_national_plans_in_informea_shape_and_what_each_reader_may_see(client, plans, user_factory, as_user):
    shown, draft = plans
    public = client.get(URL, {"$filter": "country eq 'KE'"})
    assert ids(public) == [str(shown.pk)]
    [record] = public.json()["d"]["results"]
    assert record["treaty"] == "cbd" and record["country"] == "ke" and record["type"] == "nbsap"
    assert record["title"] == [{"__metadata": {"type": "LocalizableString"}, "language": "en",
                                "value": "Kenya NBSAP test"}]
    assert record["url"].endswith("/frameworks/KE-NBSAP-T/") and record["submission"].startswith("/Date(")
    assert record["__metadata"]["type"] == "NationalPlan"
    focal_point = as_user(user_factory((Role.FOCAL_POINT, "CBD", "KEN")))
    assert set(ids(focal_point.get(URL, {"$filter": "country eq 'KEN'"}))) == {str(shown.pk), str(draft.pk)}
    other = as_user(user_factory((Role.FOCAL_POINT, "CBD", "UGA")))
    assert ids(other.get(URL, {"$filter": "country eq 'KEN'"})) == [str(shown.pk)]
    assert str(draft.pk) not in ids(client.get(URL, {"$top": "500"}))  # no global framework either
    assert all(r["country"] for r in client.get(URL, {"$top": "500"}).json()["d"]["results"])


def test_national_plans_filters_and_bad_options(client, plans):
    shown, _draft = plans
    assert str(shown.pk) in ids(client.get(URL, {"$filter": "treaty eq 'cbd'"}))
    assert ids(client.get(URL, {"$filter": "treaty eq 'cms'"})) == []
    assert ids(client.get(URL, {"$filter": f"id eq {shown.pk}"})) == [str(shown.pk)]
    for bad in ({"$filter": "id eq 'x'"}, {"$filter": "colour eq 'red'"}, {"$orderby": "title"},
                {"$filter": "country eq"}, {"$top": "-1"}):
        answer = client.get(URL, bad)
        assert answer.status_code == 400, (bad, answer.content)
