"""A decision's number read from its file name comes through exactly (issue 18: "13.1000" became "13.100", so
distinct files were stored as revisions of one decision)."""

from __future__ import annotations

import pytest

from liaison.engine.decisions import document_parse

TEXT = ("The Conference of the Parties to the Convention on the Conservation of Migratory Species of Wild Animals\n"
        "1. Requests the Secretariat to report on the flyways by 2026;\n")


@pytest.mark.parametrize(("name", "symbol"), [
    ("CMS_Resolution_13.1000.txt", "13.1000"),
    ("CMS_Resolution_13.100.txt", "13.100"),
    ("cms_res_11_10_rev_cop12.txt", "11.10"),
    ("Decision_14.102.txt", "14.102"),
])
def test_the_number_in_the_file_name_is_kept_whole(name, symbol):
    result = document_parse(TEXT.encode(), filename=name)
    assert result["symbol"] == symbol


def test_two_files_that_differ_in_the_fourth_digit_are_two_decisions():
    first = document_parse(TEXT.encode(), filename="CMS_Resolution_13.1000.txt")["symbol"]
    second = document_parse(TEXT.encode(), filename="CMS_Resolution_13.1001.txt")["symbol"]
    assert first != second
