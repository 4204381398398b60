"""Property tests: text_parse never raises, whatever the text, and its result is always JSON."""

from __future__ import annotations

import json

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from liaison.engine.decisions import text_parse

from .conftest import DOCUMENTS, SEED_NAME

SEED_LINES = (DOCUMENTS / SEED_NAME).read_text(encoding="utf-8").splitlines()
FRAGMENTS = [
    "1.", "(a)", "-", "\f", "Recalling", "Requests the Secretariat to", "Annex", "ANNEX I", "## ", "¹", "1\n\n",
    "Resolution 7.9", "decision XIII/24", "UNEP/CMS/COP11/Doc.21.1", "by COP14", "report to the", "-\n", "(1)", "\ufffe",
    "The Conference of the Parties", "We, the", "Consenting Governments:", "that the Secretariat shall",
]
KEYS = {"title", "convention", "symbol", "revision", "preamble", "operative", "references", "repeals", "footnotes",
        "annexes", "warnings", "mentions"}


def _check(text: str) -> None:
    result = text_parse(text)
    assert KEYS <= set(result)
    json.dumps(result)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text())
def test_any_text(text):
    _check(text)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.one_of(st.sampled_from(FRAGMENTS), st.sampled_from(SEED_LINES), st.text(max_size=30)), max_size=60))
def test_shuffled_decision_pieces(pieces):
    _check("\n".join(pieces))


@settings(max_examples=100, deadline=None)
@given(st.lists(st.sampled_from(SEED_LINES), min_size=1, max_size=200), st.sampled_from(["CMS", None, "X"]))
def test_seed_lines_in_any_order(lines, convention):
    result = text_parse("\n".join(lines), convention=convention, symbol="1.1")
    assert result["symbol"] == "1.1"
    assert all(isinstance(p["mandates"], list) for p in result["operative"])


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.one_of(
        st.binary(max_size=2000),
        st.builds(lambda head, tail: head + tail, st.sampled_from([b"%PDF-1.4\n", b"PK\x03\x04", b"\xef\xbb\xbf", b"---\n"]), st.binary(max_size=500)),
        st.text(max_size=500).map(lambda t: t.encode("utf-8")),
    ),
    st.sampled_from(["a.txt", "a.pdf", "a.docx", "a.md", "a.html", "a", "A.PDF"]),
)
def test_document_parse_raises_only_document_error(data, filename):
    from liaison.engine.decisions import DocumentError, document_parse

    try:
        result = document_parse(data, filename=filename)
    except DocumentError as exc:
        assert str(exc)
    else:
        assert result["operative"]
