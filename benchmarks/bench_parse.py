"""Benchmark of the decision parser: seed-sized texts per second and PDF pages per second, on one core.

Run: .venv/bin/python benchmarks/bench_parse.py [--seconds 3]
Each figure is compared with the cost of only reading (text) or only opening (PDF) the same file in the
same run, so the ratio says how much the parser adds on this machine. Aims: >= 200 texts/s, >= 30 pages/s.
"""

from __future__ import annotations

import argparse
import os
import platform
import time
from pathlib import Path

from liaison.engine.decisions import document_parse, text_parse
from liaison.engine.decisions.actors import actors_find

DOCUMENTS = Path(__file__).resolve().parent.parent / "data" / "decision_documents"
SEED = DOCUMENTS / "cms_resolution_11.10_rev_cop12_synergies_partnerships.txt"
PDF = DOCUMENTS / "ipbes_functions_operating_principles_2012.pdf"


def rate_measure(function, seconds: float, rounds: int = 7) -> float:
    """Return calls per CPU second of function: the best of several rounds, as timeit does, to damp other load."""
    function()
    best = 0.0
    for _ in range(rounds):
        count = 0
        start = time.process_time()
        deadline = start + seconds / rounds
        while True:
            function()
            count += 1
            now = time.process_time()
            if now >= deadline:
                break
        best = max(best, count / (now - start))
    return best


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=3.0, help="time spent on each measurement")
    args = parser.parse_args()
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})  # one core, as the aims are stated per core

    import pypdfium2 as pdfium

    seed_bytes = SEED.read_bytes()
    seed_text = seed_bytes.decode("utf-8")
    pdf_bytes = PDF.read_bytes()
    pages = len(pdfium.PdfDocument(pdf_bytes))

    def pdf_open() -> None:
        document = pdfium.PdfDocument(PDF.read_bytes())
        len(document)
        document.close()

    read_rate = rate_measure(lambda: SEED.read_bytes().decode("utf-8"), args.seconds)
    def text_parse_cold() -> None:
        actors_find.cache_clear()  # measure a new document, not one whose addressees are already cached
        text_parse(seed_text)

    def document_parse_cold() -> None:
        actors_find.cache_clear()
        document_parse(SEED.read_bytes(), filename=SEED.name)

    text_rate = rate_measure(text_parse_cold, args.seconds)
    document_rate = rate_measure(document_parse_cold, args.seconds)
    open_rate = rate_measure(pdf_open, args.seconds)
    def pdf_parse_cold() -> None:
        actors_find.cache_clear()
        document_parse(PDF.read_bytes(), filename=PDF.name)

    pdf_rate = rate_measure(pdf_parse_cold, args.seconds)

    print(f"machine: {platform.processor() or platform.machine()}, Python {platform.python_version()}, one core")
    print(f"seed text: {len(seed_text)} characters; PDF: {pages} pages, {len(pdf_bytes)} bytes")
    print(f"read seed file only        {read_rate:10.0f} files/s")
    print(f"text_parse(seed)           {text_rate:10.1f} documents/s   ({read_rate / text_rate:.0f}x the cost of reading; aim >= 200/s)")
    print(f"document_parse(seed .txt)  {document_rate:10.1f} documents/s")
    print(f"open PDF only              {open_rate * pages:10.1f} pages/s")
    print(f"document_parse(PDF)        {pdf_rate * pages:10.1f} pages/s       ({open_rate / pdf_rate:.1f}x the cost of opening; aim >= 30/s)")


if __name__ == "__main__":
    main()
