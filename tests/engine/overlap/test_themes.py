"""The theme vocabulary: what it recognises, where its terms come from, how overlap is grouped."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import numpy as np
import openpyxl

from liaison.engine.overlap.themes import OTHER, components_find, themes_group, themes_tag, vocabulary_load

REPO = Path(__file__).resolve().parents[3]


def ids(text: str) -> set[str]:
    return set(themes_tag([text])[0])


def test_recognises_the_three_issues_of_resolution_11_10():
    assert "invasive-species" in ids("Urges Parties to prevent the introduction of invasive alien species")
    assert "invasive-species" in ids("control of non-native species on islands")
    assert "wildlife-product" in ids("the unsustainable trade in bushmeat threatens gorillas")
    assert "wildlife-product" in ids("Requests a report on the sustainable wild meat sector")
    assert "wildlife-product" in ids("Bush-meat hunting in Central Africa")
    assert "climate-change" in ids("the impacts of climate change on migratory species")
    assert "climate-change" in ids("Greenhouse gas emissions and sea-level rise")
    assert ids("Requests the Secretariat to organize the next meeting of the Standing Committee") == set()


def test_matches_whole_words_only():
    assert "wildlife-product" not in ids("the bushmeatery")  # not a word of the vocabulary
    assert "wetland" in ids("Ramsar Wetlands") and "wetland" not in ids("wetlandscape")


def test_seed_paragraph_20_names_all_three():
    seed = (REPO / "data/decision_documents/cms_resolution_11.10_rev_cop12_synergies_partnerships.txt").read_text()
    start = seed.index("cross-cutting issues")
    found = ids(seed[start : start + 200])
    assert {"climate-change", "wildlife-product", "invasive-species"} <= found


def test_every_source_term_exists_in_its_source_file():
    data = json.loads((REPO / "src/liaison/engine/vocabularies/themes.json").read_text())
    corpus: dict[str, str] = {}

    def text_of(path: str) -> str:
        if path not in corpus:
            full = REPO / path
            if full.suffix == ".xlsx":
                wb = openpyxl.load_workbook(full, read_only=True)
                corpus[path] = "\n".join(
                    str(c) for ws in wb.worksheets for row in ws.iter_rows(values_only=True) for c in row if c
                )
            elif full.suffix == ".csv":
                raw = full.read_text(encoding="utf-8", errors="replace").replace("\r", "\n")
                corpus[path] = "\n".join(";".join(r) for r in csv.reader(raw.splitlines(), delimiter=";"))
            else:
                corpus[path] = full.read_text(encoding="utf-8")
        return corpus[path]

    for theme in data["themes"]:
        assert theme["sources"], theme["id"]
        for source in theme["sources"]:
            assert source["term"] in text_of(source["file"]), (theme["id"], source)


def test_components_find_joins_chains():
    labels = components_find(7, np.array([0, 1, 5]), np.array([1, 2, 6]))
    assert labels.tolist() == [0, 0, 0, 3, 4, 5, 5]


def test_themes_group_by_shared_vocabulary_theme():
    paragraphs = [
        {"convention": "CBD", "text": "Prevent the spread of invasive alien species"},
        {"convention": "CMS", "text": "Address invasive alien species on islands"},
        {"convention": "CMS", "text": "Wind turbines and power lines kill soaring birds"},
        {"convention": "Ramsar", "text": "Wind turbines and power lines near wetland sites"},
        {"convention": "CITES", "text": "Decides to keep the guidelines under review"},
        {"convention": "CMS", "text": "Requests to keep the guidelines under review"},
    ]
    tags = themes_tag([p["text"] for p in paragraphs])
    themes = themes_group(paragraphs, np.array([0, 2, 4]), np.array([1, 3, 5]), tags, vocabulary_load())
    by_id = {t["id"]: t for t in themes}
    assert by_id["invasive-species"]["members"] == [0, 1]
    assert by_id["invasive-species"]["names"] == {"en": "Invasive species", "fr": "Espèces envahissantes",
                                                  "es": "Especies invasoras", "ar": "الأنواع الغازية",
                                                  "zh": "入侵物种", "ru": "Инвазивные виды"}
    assert by_id["renewable-energy"]["members"] == [2, 3] and by_id["renewable-energy"]["label"] == "Renewable energy"
    # a pair sharing no theme is "other", not a label made of its words
    assert by_id[OTHER]["members"] == [4, 5] and by_id[OTHER]["label"] == "Other" and themes[-1]["id"] == OTHER


def test_every_theme_is_a_leo_term_named_in_english_french_and_spanish():
    data = json.loads((REPO / "src/liaison/engine/vocabularies/themes.json").read_text())
    keywords = json.loads((REPO / "data/ecolex_iucn/keywords.json").read_text())
    leo_terms = set(json.loads((REPO / "data/ecolex_iucn/informea_ecolex.json").read_text()))
    seen = set()
    for theme in data["themes"]:
        assert theme["id"] == theme["leo"].lower().replace(" ", "-").replace("'", "-"), theme["id"]
        assert theme["leo"] in leo_terms or any("foamtree" in s["file"] for s in theme["sources"])
        assert set(theme["names"]) >= {"en", "fr", "es"} and all(theme["names"].values())
        for lang in ("fr", "es"):
            source = theme["names_source"][lang]
            if source != "Liaison translation":  # else the ECOLEX keyword's own label
                keyword = source.split(": ", 1)[1]
                assert theme["names"][lang].lower().replace(" ", "") == keywords[keyword][lang].lower().replace(" ", "")
        assert theme["id"] not in seen
        seen.add(theme["id"])
    assert not any("/" in t["names"]["en"] for t in data["themes"])  # no keyword triples


def test_theme_names_fall_back_to_english():
    theme = {t.id: t for t in vocabulary_load()}["wetland"]
    assert theme.name("fr") == "Zones humides" and theme.name("es-ar") == "Zonas húmedas"
    assert theme.name("de") == "Wetlands" and theme.name("pt-br") == "Wetlands"  # no German or Portuguese name


def test_every_theme_is_named_in_the_six_languages_with_the_source_of_each_name():
    from liaison.engine.overlap.themes import OTHER_NAMES, VOCABULARY_PATH

    themes = json.loads(VOCABULARY_PATH.read_text(encoding="utf-8"))["themes"]
    assert len(themes) == 49
    for entry in themes:
        assert set(entry["names"]) == {"en", "fr", "es", "ar", "zh", "ru"}, entry["id"]
        assert set(entry["names_source"]) == {"fr", "es", "ar", "zh", "ru"}, entry["id"]
        assert all(name.strip() for name in entry["names"].values())
    assert set(OTHER_NAMES) == {"en", "fr", "es", "ar", "zh", "ru"}
    climate = next(t for t in vocabulary_load() if t.id == "climate-change")
    assert climate.name("ar") == "تغير المناخ" and climate.name("zh-hans") == "气候变化"
    assert climate.name("ru") == "Изменение климата"
