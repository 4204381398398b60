"""`liaison search rebuild` and `liaison search query`."""

import pytest

from liaison.cli import main
from liaison.search.models import SearchDocument

pytestmark = pytest.mark.django_db


def test_rebuild_fills_the_index_again_and_says_what_it_holds(capsys):
    SearchDocument.objects.all().delete()
    assert main(["search", "rebuild"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("Indexed ") and "paragraph" in out and "country" in out
    assert SearchDocument.objects.filter(kind="paragraph").exists()
    assert main(["search", "query", "wetlands", "--kind", "paragraph"]) == 0
    assert "CMS Resolution 11.10 ¶15" in capsys.readouterr().out


def test_query_refuses_a_limit_out_of_range(capsys):
    assert main(["search", "query", "wetlands", "--limit", "0"]) == 2
    assert "--limit" in capsys.readouterr().err
