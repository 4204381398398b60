"""Every schema of the API has its own name: ninja names OpenAPI components by class name alone, so two classes of
one name in two apps silently replace each other in /api/openapi.json (a caller then validates against the
wrong shape)."""

from collections import defaultdict

from ninja import Schema


def _subclasses(cls):
    for sub in cls.__subclasses__():
        yield sub
        yield from _subclasses(sub)


def test_no_two_api_schemas_share_a_name():
    import liaison.config.api  # noqa: F401  (imports every router and its schemas)

    by_name = defaultdict(set)
    for cls in _subclasses(Schema):
        if cls.__module__.startswith("liaison."):
            by_name[cls.__name__].add(cls.__module__)
    clashes = {name: sorted(mods) for name, mods in by_name.items() if len(mods) > 1}
    assert not clashes, f"schemas sharing a name across modules: {clashes}"


def test_the_openapi_document_names_the_frameworks_link_shape(client):
    components = client.get("/api/openapi.json").json()["components"]["schemas"]
    assert "QuestionLinkOut" in components and "LinkOut" in components
    assert "source_type" in components["LinkOut"]["properties"]
