import pytest
from django.core.cache import caches


@pytest.fixture
def page_cache_on(settings, tmp_path):
    """The page cache on (the test settings turn it off), with a data version of this test's own."""
    settings.LIAISON_PAGE_CACHE_SECONDS = 300
    settings.LIAISON_DATA_VERSION_FILE = tmp_path / "data-version"
    caches["pages"].clear()
    yield
    caches["pages"].clear()
