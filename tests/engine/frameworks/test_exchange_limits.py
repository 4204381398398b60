"""Framework imports over a size or item limit are refused before their rows are checked, as "too_large"."""

from __future__ import annotations

import pytest

from liaison.engine.frameworks import FrameworkImportError, framework_import

HEADER = "level,code,parent,title.en,text.en\nframework,NBSAP-X,,Plan X,\ngoal,1,,Protect,\n"


def _csv(targets: int) -> bytes:
    return (HEADER + "".join(f"target,{n},1,Target {n},Text {n}\n" for n in range(1, targets + 1))).encode()


def test_a_file_over_the_size_limit_is_too_large():
    with pytest.raises(FrameworkImportError) as caught:
        framework_import(_csv(50), fmt="csv", max_bytes=500)
    assert caught.value.kind == "too_large"
    assert "the limit is" in str(caught.value)


def test_too_many_items_is_too_large():
    with pytest.raises(FrameworkImportError) as caught:
        framework_import(_csv(100), fmt="csv", max_items=50)
    assert caught.value.kind == "too_large"
    assert "102 rows or items; the limit is 50" in str(caught.value)
    assert len(list(framework_import(_csv(100), fmt="csv").targets())) == 100


def test_a_bad_file_is_invalid_not_too_large():
    with pytest.raises(FrameworkImportError) as caught:
        framework_import(b"level,code\n", fmt="csv")
    assert caught.value.kind == "invalid"
