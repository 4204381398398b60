import json

import pytest

from liaison.cli import main

SOURCES = [
    {"id": "pa", "text": "Coverage of protected areas and other effective area-based conservation measures"},
    {"id": 2, "text": "Rate of invasive alien species establishment"},
]
TARGETS = [
    {"id": "GBF-3", "text": "Ensure that by 2030 at least 30 per cent of terrestrial and marine areas are conserved"},
    {"id": "GBF-6", "text": "Eliminate, minimize, reduce or mitigate the impacts of invasive alien species"},
    {"id": "GBF-7", "text": "Reduce pollution risks from all sources, including excess nutrients and pesticides"},
]


def lines_write(path, records):
    path.write_text("".join(json.dumps(record) + "\n" for record in records), encoding="utf-8")
    return str(path)


@pytest.fixture
def files(tmp_path):
    return lines_write(tmp_path / "sources.jsonl", SOURCES), lines_write(tmp_path / "targets.jsonl", TARGETS)


def test_align_prints_one_json_line_per_source_best_first(files, capsys):
    sources, targets = files
    assert main(["align", sources, targets, "--top", "2"]) == 0
    lines = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert [line["id"] for line in lines] == ["pa", 2]
    assert lines[0]["matches"][0]["id"] == "GBF-3"
    assert lines[1]["matches"][0]["id"] == "GBF-6"
    assert all(len(line["matches"]) <= 2 for line in lines)
    assert set(lines[1]["matches"][0]) == {"id", "score", "why"}
    assert "invasive" in lines[1]["matches"][0]["why"]


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ('{"id": "a", "text": "x"}\n\n{"id": "b", "text": "y"}\n', "SOURCES.jsonl line 2: empty line"),
        ('{"id": "a", "text": "x"}\n{"id": "b", "text": \n', "SOURCES.jsonl line 2: not valid JSON"),
        ('["a", "x"]\n', "SOURCES.jsonl line 1: expected an object"),
        ('{"text": "x"}\n', 'SOURCES.jsonl line 1: missing "id"'),
        ('{"id": "a", "text": ""}\n', 'SOURCES.jsonl line 1: missing or empty "text"'),
    ],
)
def test_bad_source_lines_are_reported_with_their_number(files, tmp_path, capsys, content, message):
    _, targets = files
    bad = tmp_path / "bad.jsonl"
    bad.write_text(content, encoding="utf-8")
    assert main(["align", str(bad), targets]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert f"liaison align: error: {message}" in captured.err


def test_bad_target_file_and_encoding(files, tmp_path, capsys):
    sources, _ = files
    bad = tmp_path / "targets.jsonl"
    bad.write_bytes(b'{"id": "a", "text": "caf\xe9"}\n')
    assert main(["align", sources, str(bad)]) == 2
    assert "TARGETS.jsonl line 1: not valid UTF-8" in capsys.readouterr().err
    assert main(["align", sources, str(tmp_path / "missing.jsonl")]) == 2
    assert "cannot read" in capsys.readouterr().err


def test_unknown_encoder_is_a_clean_error(files, capsys):
    sources, targets = files
    assert main(["align", sources, targets, "--encoder", "word2vec"]) == 2
    assert "unknown encoder 'word2vec'" in capsys.readouterr().err
