"""Build data/search_eval/queries.yaml, the judged queries of the search relevance benchmark, from the shipped data.

Four families, each judged by a rule written before any ranker was run on it (data/search_eval/PROVENANCE.md):
  paraphrase  a plain-words paraphrase of each GBF and Aichi target, written by hand here, sharing no English
              Snowball stem with the target's title or text (checked below; a failing one stops the build).
              Relevant: that target (grade 2).
  indicator   the English text of indicators (every k-th of each of GBF, AICHI, SDG in code order). Relevant: the
              targets the shipped data links the indicator to (grade 2). The indicator itself is left out of
              the ranking (it is the query's own text).
  crosswalk   the summary of each CMS SPMS target the shipped plan ties to Aichi targets (spms_summary.yaml
              `aichi`). Relevant: those Aichi targets (grade 2); the SPMS target itself is left out.
  title       the title of decisions (every CMS and IPBES decision, every k-th WHC one in symbol order).
              Relevant: the decision (grade 2) and the paragraphs of its current revision (grade 1).

    .venv/bin/python benchmarks/search_eval_build.py   # reads a throw-away database loaded with data/
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_search import REPO, database_prepare  # noqa: E402

OUT = REPO / "data" / "search_eval" / "queries.yaml"
PER_FRAMEWORK = 20  # indicator queries of each framework
WHC_TITLES = 20

# (framework, target code): the paraphrase. Written from the target's title as someone outside the process might
# say it, before any search was run with it; the build refuses one that shares a stem with the target.
PARAPHRASES = {
    ("GBF", "1"): "stopping destruction of wild hotspots through zoning",
    ("GBF", "2"): "rehabilitating damaged landscapes and seabeds",
    ("GBF", "3"): "nature reserves covering a third of the planet",
    ("GBF", "4"): "saving animals and plants from dying out",
    ("GBF", "5"): "poaching and unlawful wildlife trafficking",
    ("GBF", "6"): "stopping foreign pests and weeds spreading",
    ("GBF", "7"): "less fertiliser runoff and fewer agrochemicals",
    ("GBF", "8"): "global warming and carbon dioxide making seawater acidic",
    ("GBF", "9"): "gathering from nature feeding poor rural households",
    ("GBF", "10"): "farming, fish ponds and timber done responsibly",
    ("GBF", "11"): "bees, flood shelter and fertile earth provided by wild places",
    ("GBF", "12"): "parks and rivers in cities",
    ("GBF", "13"): "profits from DNA data going back to source nations",
    ("GBF", "14"): "mainstreaming nature in cabinet budgets",
    ("GBF", "15"): "firms revealing the footprint they leave on nature",
    ("GBF", "16"): "throwing away less dinner and buying greener",
    ("GBF", "17"): "safety of genetically modified organisms",
    ("GBF", "18"): "scrapping handouts that damage nature",
    ("GBF", "19"): "money for wildlife from rich donors",
    ("GBF", "20"): "training and know-how for poorer nations",
    ("GBF", "21"): "open facts to steer choices about wildlife",
    ("GBF", "22"): "tribes, females and young campaigners having a say",
    ("GBF", "23"): "fairness between men and females in conservation work",
    ("AICHI", "1"): "public knows why nature matters",
    ("AICHI", "2"): "nature counted in government budgets and bookkeeping",
    ("AICHI", "3"): "ending grants that hurt wildlife",
    ("AICHI", "4"): "living inside the planet's means",
    ("AICHI", "5"): "deforestation cut by half",
    ("AICHI", "6"): "stop emptying the seas of cod",
    ("AICHI", "7"): "farming and timber without harming nature",
    ("AICHI", "8"): "fertiliser runoff no longer choking rivers",
    ("AICHI", "9"): "keeping out foreign pests and weeds",
    ("AICHI", "10"): "bleaching of tropical seabeds under heat",
    ("AICHI", "11"): "nature reserves covering a sixth of the land",
    ("AICHI", "12"): "rescuing rare creatures on the brink",
    ("AICHI", "13"): "old crop breeds and livestock varieties",
    ("AICHI", "14"): "nature giving clean drinking supplies to rural families",
    ("AICHI", "15"): "rewilding to soak up greenhouse gases",
    ("AICHI", "16"): "ratifying the treaty on profits from genes",
    ("AICHI", "17"): "every country writes a nature roadmap",
    ("AICHI", "18"): "honouring tribal wisdom",
    ("AICHI", "19"): "spreading research findings about nature",
    ("AICHI", "20"): "more money for nature",
}


def stems(text: str) -> set[str]:
    from liaison.engine.search.stemming import STOPWORDS, stem
    from liaison.engine.search.tokens import words_split

    return {stem(w, "en") for w in words_split(text) if w not in STOPWORDS}


def target_ref(target) -> dict:
    return {"kind": "target", "framework": target.framework.code, "code": target.code}


def paraphrase_queries() -> list[dict]:
    from liaison.frameworks.models import Target

    queries = []
    for (framework, code), q in PARAPHRASES.items():
        target = Target.objects.select_related("framework").get(framework__code=framework, code=code)
        shared = stems(q) & stems(f"{target.title.get('en', '')} {target.text.get('en', '')}")
        if shared:
            raise SystemExit(f"{framework} {code}: the paraphrase {q!r} shares {sorted(shared)} with the target")
        queries.append({"id": f"paraphrase-{framework}-{code}", "family": "paraphrase", "q": q,
                        "relevant": [{**target_ref(target), "grade": 2}]})
    return queries


def indicator_queries() -> list[dict]:
    from liaison.frameworks.models import Indicator, Link, Target

    queries = []
    for framework in ("GBF", "AICHI", "SDG"):
        indicators = [i for i in Indicator.objects.filter(framework__code=framework, retired_at__isnull=True)
                      .select_related("framework").order_by("order", "id") if len((i.text.get("en") or "").split()) >= 4]
        step = max(1, len(indicators) // PER_FRAMEWORK)
        for indicator in indicators[::step][:PER_FRAMEWORK]:
            linked = Link.objects.filter(source_type=Link.INDICATOR, source_id=indicator.pk, review_state=Link.ACCEPTED,
                                         why__startswith="Stated by the shipped data").values_list("target_id", flat=True)
            targets = Target.objects.filter(pk__in=list(linked), retired_at__isnull=True).select_related("framework")
            relevant = [{**target_ref(t), "grade": 2} for t in targets.order_by("framework__code", "order")]
            if relevant:
                queries.append({"id": f"indicator-{framework}-{indicator.code}", "family": "indicator",
                                "q": indicator.text["en"], "relevant": relevant,
                                "exclude": [{"kind": "indicator", "framework": framework, "code": indicator.code}]})
    return queries


def crosswalk_queries() -> list[dict]:
    from liaison.frameworks.models import Link, Target

    queries = []
    for target in Target.objects.filter(framework__code="CMS-SPMS-2015-2023").select_related("framework").order_by(
            "order"):
        linked = Link.objects.filter(source_type=Link.TARGET, source_id=target.pk, review_state=Link.ACCEPTED,
                                     why__startswith="Stated by the shipped data").values_list("target_id", flat=True)
        aichi = Target.objects.filter(pk__in=list(linked)).select_related("framework").order_by("order")
        if aichi:
            queries.append({"id": f"crosswalk-SPMS-{target.code}", "family": "crosswalk", "q": target.text["en"],
                            "relevant": [{**target_ref(t), "grade": 2} for t in aichi],
                            "exclude": [target_ref(target)]})
    return queries


def title_queries() -> list[dict]:
    from liaison.decisions.models import Decision, DecisionRevision, Paragraph

    decisions = list(Decision.objects.filter(convention__acronym__in=["CMS", "IPBES"]).select_related("convention")
                     .order_by("convention__acronym", "number"))
    whc = list(Decision.objects.filter(convention__acronym="WHC").select_related("convention").order_by("number"))
    decisions += whc[::max(1, len(whc) // WHC_TITLES)][:WHC_TITLES]
    queries = []
    for decision in decisions:
        if len(decision.title.split()) < 2:
            continue
        revision = DecisionRevision.objects.filter(decision=decision).order_by("created_at", "id").last()
        numbers = (Paragraph.objects.filter(revision=revision).order_by("order").values_list("kind", "number", "order")
                   if revision else [])
        relevant = [{"kind": "decision", "convention": decision.convention.acronym, "number": decision.number,
                     "grade": 2}]
        relevant += [{"kind": "paragraph", "convention": decision.convention.acronym, "number": decision.number,
                      "paragraph": f"{kind}-{number or order}", "grade": 1} for kind, number, order in numbers]
        queries.append({"id": f"title-{decision.convention.acronym}-{decision.number}", "family": "title",
                        "q": decision.title, "relevant": relevant})
    return queries


def main() -> None:
    with tempfile.TemporaryDirectory() as var_dir:
        database_prepare(var_dir, None)
        queries = paraphrase_queries() + indicator_queries() + crosswalk_queries() + title_queries()
    header = ("# Judged queries of benchmarks/bench_search_relevance.py, made by benchmarks/search_eval_build.py from\n"
              "# the shipped data (rules: data/search_eval/PROVENANCE.md). Do not edit by hand: edit the builder.\n")
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text(header + yaml.safe_dump({"queries": queries}, allow_unicode=True, sort_keys=False, width=120))
    families: dict[str, int] = {}
    for query in queries:
        families[query["family"]] = families.get(query["family"], 0) + 1
    print(f"{len(queries)} queries written to {OUT.relative_to(REPO)}: {families}")


if __name__ == "__main__":
    main()
