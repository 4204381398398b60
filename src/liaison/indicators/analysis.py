"""Reads: one question's answers across parties, by UNEP region, cycle over cycle and against linked questions.

Every count starts from reporting's `answer_analysed_to(user)`: submitted reports' answers to choice and number
questions; a draft's answer never reaches an analysis, its page or its CSV. Staff of a convention also get how
many reports are in progress and how many of those have answered (counts only, never the answers).

One party counts once per question: the answers of a repeating section's blocks are taken together (a choice
counts under each value any block gave; a number is the first block's).
"""

from __future__ import annotations

import difflib
import statistics
from collections import Counter

from django.db.models import Q
from django.utils.translation import gettext as _

from liaison.core.errors import Invalid, NotFound
from liaison.indicators.regions import numeric_of, region_of
from liaison.reporting.crosswalk import NEAR_IDENTICAL, kinds_compatible, option_map, text_key
from liaison.reporting.models import Answer, Question, QuestionLink, Questionnaire, Report
from liaison.reporting.permissions import (
    ANALYSED_KINDS,
    answer_analysed_to,
    id_known,
    report_progress_visible_to,
)

CYCLES_BACK = 8  # cycles followed back through links or keys: conventions have had at most seven so far


def value_labels(value) -> list[str]:
    """Return the categories one answer counts under (a multiple choice counts under each option chosen)."""
    if value is None or value == "" or value == []:
        return []
    if isinstance(value, list):
        return [str(v) for v in value if not isinstance(v, dict | list)]
    if isinstance(value, dict):
        return []
    return [str(value)]


def value_number(value) -> float | None:
    """Return the answer to a number question as a float, None when it is not a number."""
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, int | float):
        return float(value)
    try:
        return float(str(value).replace(",", "").strip())
    except ValueError:
        return None


def question_get(question_id: int) -> Question:
    """Return an analysable question (questionnaires are public); NotFound or Invalid otherwise."""
    question = (Question.objects.select_related("questionnaire__convention", "questionnaire__previous")
                .filter(pk=id_known(question_id)).first())
    if question is None:
        raise NotFound(_("No such question."))
    if question.kind not in ANALYSED_KINDS:
        raise Invalid(_("Only choice and number questions are analysed across parties; read the reports for the "
                        "others."))
    return question


def answers_by_country(*, user, question: Question) -> dict[str, dict]:
    """Return {ISO3: {"name", "values" (choices) or "number"}} of the submitted answers to `question`."""
    rows = (answer_analysed_to(user).filter(question_id=question.pk)
            .order_by("report__country__iso3", "block")
            .values_list("report__country__iso3", "report__country__name", "value"))
    found: dict[str, dict] = {}
    number = question.kind == Question.NUMBER
    for code, name, value in rows:
        entry = found.get(code)
        if number:
            n = value_number(value)
            if n is not None and entry is None:
                found[code] = {"name": name, "number": n}
            continue
        chosen = value_labels(value)
        if not chosen:
            continue
        if entry is None:
            entry = found[code] = {"name": name, "values": []}
        entry["values"].extend(v for v in chosen if v not in entry["values"])
    return found


def labels_of(question: Question) -> dict[str, str]:
    return {str(o.get("value")): str(o.get("label")) for o in question.local_options}


def answer_text(entry: dict, labels: dict[str, str]) -> str:
    if "number" in entry:
        n = entry["number"]
        return f"{n:g}"
    return "; ".join(labels.get(v, v) for v in entry["values"])


def summary_of(numbers: list[float]) -> dict:
    """Return count, min, median and max of the numbers (None for each when there are none)."""
    if not numbers:
        return {"count": 0, "min": None, "median": None, "max": None}
    return {"count": len(numbers), "min": min(numbers), "median": statistics.median(numbers), "max": max(numbers)}


def distribution_of(entries, labels: dict[str, str]) -> list[dict]:
    """Return [{category, value, count}]: every option in the questionnaire's order, then values it lacks."""
    counts: Counter[str] = Counter()
    for entry in entries:
        counts.update(entry["values"])
    order = list(labels) + sorted(k for k in counts if k not in labels)
    return [{"category": labels.get(k, k), "value": k, "count": counts.get(k, 0)} for k in order]


def mapped(entry: dict, mapping: dict) -> dict:
    """Return the answer with its values carried through a link's value map (unmapped values kept)."""
    if "number" in entry or not mapping:
        return entry
    values: list[str] = []
    for v in entry["values"]:
        m = str(mapping.get(v, v))
        if m not in values:
            values.append(m)
    return {**entry, "values": values}


def same_answer(a: dict, b: dict) -> bool:
    if "number" in a or "number" in b:
        return a.get("number") is not None and a.get("number") == b.get("number")
    return set(a["values"]) == set(b["values"])


def link_map(link: QuestionLink, *, towards: Question) -> dict:
    """Return the value map carrying answers along `link` onto `towards`' values ({} if none or the wrong way)."""
    if link.target_id != towards.pk:
        return {}
    return dict((link.transform or {}).get("map") or {})


def questionnaire_before(questionnaire: Questionnaire) -> Questionnaire | None:
    """Return the convention's previous cycle: the one named as previous, else the latest of a lower order."""
    if questionnaire.previous_id:
        return questionnaire.previous
    return (Questionnaire.objects.filter(convention_id=questionnaire.convention_id,
                                         cycle_order__lt=questionnaire.cycle_order)
            .order_by("-cycle_order").first())


def same_question(earlier: Question, question: Question) -> bool:
    """Return True when a question of the previous cycle under the same key still asks the same thing: answers of
    a compatible kind and a near-identical text. Keys alone are not enough: the Cartagena fourth report reuses
    the third's keys for other questions (its Q015 asks which instruments are in place, the third's Q015 when
    they were adopted)."""
    if not kinds_compatible(earlier, question):
        return False
    a, b = text_key(earlier.title), text_key(question.title)
    return a == b or difflib.SequenceMatcher(None, a, b, autojunk=False).ratio() >= NEAR_IDENTICAL


def question_before(question: Question) -> tuple[Question, str, dict] | None:
    """Return (the previous cycle's question, how it was found, value map onto `question`) or None.

    An accepted link first, then a suggested one (never a rejected one), then the same question key when that
    question asks the same thing (`same_question`)."""
    before = questionnaire_before(question.questionnaire)
    if before is None:
        return None
    links = (QuestionLink.objects.select_related("source", "target")
             .filter(Q(target=question, source__questionnaire=before) | Q(source=question, target__questionnaire=before))
             .exclude(status=QuestionLink.REJECTED))
    for link in sorted(links, key=lambda x: (x.status != QuestionLink.ACCEPTED, -(x.score or 0), x.pk)):
        other = link.source if link.target_id == question.pk else link.target
        how = _("accepted link") if link.status == QuestionLink.ACCEPTED else _("suggested link")
        return other, how, link_map(link, towards=question)
    same = Question.objects.filter(questionnaire=before, key=question.key).first()
    if same is not None and same_question(same, question):
        mapping = option_map(same, question)
        if mapping is not None:
            return same, _("same question key"), dict(mapping.get("map") or {})
    return None


def cycles_of(*, user, question: Question, now: dict[str, dict], labels: dict[str, str]) -> list[dict]:
    """Return the question's earlier cycles, newest first, their answers carried onto this cycle's values."""
    cycles: list[dict] = []
    current, mapping, seen = question, {}, {question.pk}
    for _step in range(CYCLES_BACK):
        found = question_before(current)
        if found is None or found[0].pk in seen:
            break
        earlier, how, step_map = found
        seen.add(earlier.pk)
        # carry the earlier answers onto the next cycle's values, then on through the maps already met
        mapping = {**mapping, **{k: mapping.get(str(v), v) for k, v in step_map.items()}}
        answers = {c: mapped(e, mapping) for c, e in answers_by_country(user=user, question=earlier).items()
                   if "number" in e or question.kind != Question.NUMBER}
        both = [c for c in answers if c in now]
        same = sum(1 for c in both if same_answer(answers[c], now[c]))
        row = {"questionnaire": earlier.questionnaire.code, "cycle": earlier.questionnaire.cycle,
               "question": earlier.pk, "number": earlier.number, "title": earlier.local_title, "found_by": how,
               "parties": len(answers), "both": len(both), "same": same, "changed": len(both) - same}
        if question.kind == Question.NUMBER:
            row["summary"] = summary_of([e["number"] for e in answers.values() if "number" in e])
        else:
            row["distribution"] = distribution_of([e for e in answers.values() if "values" in e], labels)
        cycles.append(row)
        current = earlier
    return cycles


def links_of(*, user, question: Question, now: dict[str, dict], labels: dict[str, str]) -> list[dict]:
    """Return the linked questions of other conventions, with the parties whose answers agree or disagree."""
    convention = question.questionnaire.convention_id
    links = (QuestionLink.objects.select_related("source__questionnaire__convention",
                                                 "target__questionnaire__convention")
             .filter(Q(source=question) | Q(target=question)).exclude(status=QuestionLink.REJECTED))
    found = []
    for link in links:
        other = link.target if link.source_id == question.pk else link.source
        if other.questionnaire.convention_id == convention or other.kind not in ANALYSED_KINDS:
            continue
        other_labels = labels_of(other)
        theirs = answers_by_country(user=user, question=other)
        countries = []
        for code in sorted(c for c in theirs if c in now):
            # compare in the target's values: the link's map carries the source's answer over
            mine, its = now[code], theirs[code]
            if link.source_id == question.pk:
                agrees = same_answer(mapped(mine, link_map(link, towards=other)), its)
            else:
                agrees = same_answer(mine, mapped(its, link_map(link, towards=question)))
            countries.append({"country": code, "name": now[code]["name"], "answer": answer_text(mine, labels),
                              "other_answer": answer_text(its, other_labels), "agrees": agrees})
        agree = sum(1 for c in countries if c["agrees"])
        found.append({"link": link.pk, "status": link.status, "relation": link.relation,
                      "convention": other.questionnaire.convention.acronym,
                      "questionnaire": other.questionnaire.code, "question": other.pk, "number": other.number,
                      "title": other.local_title, "parties": len(theirs), "both": len(countries),
                      "agree": agree, "disagree": len(countries) - agree, "countries": countries})
    return sorted(found, key=lambda x: (x["convention"], x["questionnaire"], x["number"], x["question"]))


def progress_of(*, user, question: Question) -> dict:
    """Return {"drafts", "drafts_answered"} for who sees the questionnaire's reports' progress, else Nones."""
    progress = report_progress_visible_to(user).filter(questionnaire_id=question.questionnaire_id)
    if not progress.exists():
        return {"drafts": None, "drafts_answered": None}
    open_reports = progress.exclude(status=Report.SUBMITTED)
    answered = {r for r, v in Answer.objects.filter(report__in=open_reports.values("pk"), question_id=question.pk)
                .values_list("report_id", "value") if value_labels(v) or value_number(v) is not None}
    return {"drafts": open_reports.count(), "drafts_answered": len(answered)}


def question_analysis(*, user, question_id: int) -> dict:
    """Return a question's submitted answers across parties: distribution, per country and region, earlier
    cycles, linked questions of other conventions; staff of the convention also get the drafts' progress."""
    question = question_get(question_id)
    now = answers_by_country(user=user, question=question)
    labels = labels_of(question)
    number = question.kind == Question.NUMBER
    countries = []
    for code in sorted(now):
        entry = now[code]
        countries.append({"country": code, "name": entry["name"], "region": region_of(code),
                          "numeric": numeric_of(code), "answer": answer_text(entry, labels),
                          "values": entry.get("values", []), "number": entry.get("number")})
    by_region: dict[str, list[dict]] = {}
    for code in sorted(now):
        by_region.setdefault(region_of(code), []).append(now[code])
    regions = []
    for region in sorted(by_region):
        entries = by_region[region]
        row: dict = {"region": region, "parties": len(entries)}
        if number:
            row["summary"] = summary_of([e["number"] for e in entries])
        else:
            row["distribution"] = distribution_of(entries, labels)
        regions.append(row)
    questionnaire = question.questionnaire
    return {"question": question.pk, "title": question.local_title, "number": question.number,
            "kind": question.kind, "questionnaire": questionnaire.code, "questionnaire_title": questionnaire.title,
            "cycle": questionnaire.cycle, "convention": questionnaire.convention.acronym,
            "parties": len(now),
            "distribution": [] if number else distribution_of(now.values(), labels),
            "summary": summary_of([e["number"] for e in now.values()]) if number else None,
            "countries": countries, "regions": regions,
            "cycles": cycles_of(user=user, question=question, now=now, labels=labels),
            "links": links_of(user=user, question=question, now=now, labels=labels),
            **progress_of(user=user, question=question)}
