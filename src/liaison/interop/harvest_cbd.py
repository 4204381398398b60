"""Harvest the CBD Decision Tracking Tool's decision API into ONE draft batch of decision texts.

The DTT's shapes (read from scbd/www.cbd.int; files and commits in docs/informea.md, "CBD decision API"):

- a decision tree, `GET /api/v2021/decisions/{code}/tree` (code e.g. `CBD/COP/14/05`): the decision's `code`,
  `treaty`, `body`, `session`, `decision`, `title` (by language) and `nodes`, each node with its `code`
  (`CBD/COP/14/05.03`), `section`, `paragraph`, `item`, `html` (by language), `type` (operational or
  informational), `statuses` and `actors` (DTT codes) and its own `nodes`;
- a search of the index (`schema_s:decision-text`), a Solr answer `{"response": {"numFound", "start",
  "docs": [...]}}` whose docs name their decision in `dttCode_s`, paged with `start` and `rows`.

The URL given is either one decision's tree (a path ending in `/tree`) or such an index search; each decision a
search names is read from its tree on the same host. Each tree becomes one text file (its title, the text of its
nodes in order); the paragraphs' DTT tags go with the file (`options["dtt"]`) and are applied when the batch is
published (interop.dtt_publish). Idempotence, resuming, limits and messages are those of interop.harvest.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable
from html import unescape
from pathlib import Path
from urllib.parse import parse_qsl, quote, urlencode, urlsplit, urlunsplit

from django.utils.translation import gettext as _

from liaison.decisions.batches import batch_create
from liaison.decisions.models import IngestFile
from liaison.decisions.tracking import vocabulary
from liaison.engine.decisions import DocumentError, document_parse
from liaison.interop.harvest import (
    PAGES_MAX,
    RESPONSE_MAX,
    TIMEOUT,
    HarvestError,
    HarvestResult,
    HarvestState,
    RecordUnreadable,
    page_fetch,
    state_load,
    state_path,
    state_save,
    text_known,
    url_check,
)

NODES_MAX = 5_000  # nodes of one decision tree
DEPTH_MAX = 8
TREE = "/api/v2021/decisions/{code}/tree"
_TAG = re.compile(r"<[^>]{0,2000}>")
_BLOCK = re.compile(r"</?(p|div|br|li|h\d|tr)\b[^>]{0,2000}>", re.I)
_CODE = re.compile(r"^[A-Za-z]{2,10}/[A-Za-z-]{2,10}/\d{1,3}/\d{1,3}$")
_NUMBERED = re.compile(r"^\(?\d{1,3}(?:\s?(?:bis|ter))?[.)]\s")


def localized(value) -> str:
    """Return the English text of a DTT field given by language ({"en": ...}), else the first language's."""
    if isinstance(value, str):
        return value.strip()
    if isinstance(value, dict):
        texts = [v.strip() for v in value.values() if isinstance(v, str) and v.strip()]
        english = value.get("en")
        return english.strip() if isinstance(english, str) and english.strip() else (texts[0] if texts else "")
    return ""


def html_text(html: str) -> str:
    """Return the plain text of a node's HTML: blocks as paragraphs, tags dropped, entities read."""
    text = unescape(_TAG.sub("", _BLOCK.sub("\n\n", html)))
    return "\n\n".join(" ".join(part.split()) for part in text.split("\n\n") if part.strip())


def nodes_walk(nodes, *, depth: int = 0, seen: list | None = None) -> list[dict]:
    """Return a tree's nodes depth first; RecordUnreadable when they are not a list of objects or too many."""
    seen = [] if seen is None else seen
    if nodes is None:
        return seen
    if depth > DEPTH_MAX:
        raise RecordUnreadable(_("nodes nested deeper than %(n)d levels") % {"n": DEPTH_MAX})
    if not isinstance(nodes, list):
        raise RecordUnreadable(_("nodes is not a list of nodes"))
    for node in nodes:
        if not isinstance(node, dict):
            raise RecordUnreadable(_("a node is not an object"))
        seen.append(node)
        if len(seen) > NODES_MAX:
            raise RecordUnreadable(_("more than %(n)d nodes") % {"n": NODES_MAX})
        nodes_walk(node.get("nodes"), depth=depth + 1, seen=seen)
    return seen


def codes_of(node: dict, field: str, known: set[str], *, where: str, notes: list[str]) -> list[str]:
    """Return the DTT codes of a node's list `field` that the vocabulary knows (lower-cased); note the others."""
    value = node.get(field)
    if value is None:
        return []
    if not isinstance(value, list):
        raise RecordUnreadable(_("%(where)s: %(field)s is not a list") % {"where": where, "field": field})
    codes = []
    for item in value:
        code = str(item).strip().lower()[:64]
        if code in known:
            codes.append(code)
        else:
            notes.append(_("%(where)s: unknown code %(code)r in %(field)s left out")
                         % {"where": where, "code": code, "field": field})
    return codes


def vocabularies() -> dict[str, set[str]]:
    """Return the DTT's status, type and actor codes (lower-cased), as Liaison ships them."""
    return {name: {str(v["code"]).lower() for v in vocabulary(name)} for name in ("statuses", "types", "actors")}


def tree_document(tree, *, known: dict[str, set[str]]) -> tuple[str, bytes, dict, list[str]]:
    """Return a decision tree as a batch file (name, bytes, options with its DTT tags) and notes on its tags.

    RecordUnreadable says why a tree cannot be read.
    """
    if not isinstance(tree, dict):
        raise RecordUnreadable(_("not an object"))
    code = str(tree.get("code") or "").strip()
    session, number = tree.get("session"), tree.get("decision")
    if not isinstance(session, int) or not isinstance(number, int) or not 0 < session < 1000 or not 0 < number < 1000:
        raise RecordUnreadable(_("no session and decision number"))
    if str(tree.get("treaty") or "").upper() not in ("", "XXVII8", "CBD") or str(tree.get("body") or "COP") != "COP":
        raise RecordUnreadable(_("not a decision of the CBD Conference of the Parties"))
    symbol = f"{session}/{number}"
    title = localized(tree.get("title"))
    blocks, tags, notes = [], [], []
    for node in nodes_walk(tree.get("nodes")):
        text = html_text(localized(node.get("html")))
        paragraph = node.get("paragraph")
        where = _("paragraph %(n)s") % {"n": paragraph} if paragraph else str(node.get("code") or "")[:40]
        if text and isinstance(paragraph, int) and not node.get("item") and not _NUMBERED.match(text):
            text = f"{paragraph}. {text}"
        if text:
            blocks.append(text)
        if isinstance(paragraph, int) and not node.get("item"):
            kind = str(node.get("type") or "").strip().lower()
            kind = "informational" if kind == "information" else kind  # the DTT's older records (edit.js)
            tags.append({"number": str(paragraph), "section": str(node.get("section") or "")[:8],
                         "type": kind if kind in known["types"] else "",
                         "statuses": codes_of(node, "statuses", known["statuses"], where=where, notes=notes),
                         "actors": codes_of(node, "actors", known["actors"], where=where, notes=notes)})
    if not blocks:
        raise RecordUnreadable(_("no text (no node has html)"))
    heading = f"Decision {symbol}. {title}" if title else f"Decision {symbol}"
    data = ("\n\n".join([heading, *blocks]) + "\n").encode()
    name = f"CBD-COP-{session}-{number}.txt"
    try:
        parsed = document_parse(data, filename=name, convention="CBD", symbol=symbol)
    except DocumentError as exc:
        raise RecordUnreadable(str(exc)) from None
    notes += tags_compare(tags, parsed)
    options = {"convention": "CBD", "symbol": symbol, "kind": "decision", "meeting": f"COP {session}",
               "dtt": {"code": code[:64], "paragraphs": tags}}
    return name, data, options, notes


def tags_compare(tags: list[dict], parsed: dict) -> list[str]:
    """Return a note for each paragraph whose DTT type or actors disagree with what Liaison's parser read."""
    read = {str(p.get("number")): p for p in parsed.get("operative") or []}
    notes = []
    for tag in tags:
        paragraph = read.get(tag["number"])
        if paragraph is None:
            continue
        found = {m.get("actor_code") for m in paragraph.get("mandates") or []}
        if tag["type"] == "informational" and found:
            notes.append(_("paragraph %(n)s: the DTT reads it informational, Liaison's parser found a mandate")
                         % {"n": tag["number"]})
        elif tag["type"] == "operational" and not found:
            notes.append(_("paragraph %(n)s: the DTT reads it operational, Liaison's parser found no mandate")
                         % {"n": tag["number"]})
        missing = [a for a in tag["actors"] if a not in found]
        if found and missing:
            notes.append(_("paragraph %(n)s: actors of the DTT the parser did not read: %(actors)s")
                         % {"n": tag["number"], "actors": ", ".join(missing)})
    return notes


def listing_read(page: dict, url: str) -> tuple[bool, list, str | None]:
    """Return whether a page is one decision's tree, its records (the tree, or an index search's docs) and the
    next page's URL."""
    if "response" not in page and ("nodes" in page or "code" in page):
        return True, [page], None
    response = page.get("response")
    if not isinstance(response, dict) or not isinstance(response.get("docs"), list):
        raise HarvestError(_("The page is neither a DTT decision tree nor an index search (no response.docs)."))
    docs = response["docs"]
    found, start = response.get("numFound"), response.get("start", 0)
    if not docs or not isinstance(found, int) or not isinstance(start, int) or start + len(docs) >= found:
        return False, docs, None
    parts = urlsplit(url)
    query = [(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if k != "start"]
    query.append(("start", str(start + len(docs))))
    return False, docs, urlunsplit(parts._replace(query=urlencode(query)))


def tree_url(doc, *, start: str) -> str:
    """Return the URL of the tree of the decision an index doc names (on the host of `start`)."""
    code = str(doc.get("dttCode_s") or "").strip() if isinstance(doc, dict) else ""
    if not _CODE.match(code):
        raise RecordUnreadable(_("no decision code (dttCode_s)"))
    parts = urlsplit(start)
    return urlunsplit((parts.scheme, parts.netloc, TREE.format(code=quote(code, safe="")), "", ""))


def tree_fetch(tree: str, *, start: str, timeout: float, max_bytes: int) -> dict:
    """Return the decision tree at `tree`; RecordUnreadable when the API has none (404, 410), HarvestError when
    it cannot be read now (another HTTP error, the network, not JSON, too large: the run stops, to resume)."""
    try:
        return page_fetch(url_check(tree, start=start), timeout=timeout, max_bytes=max_bytes)
    except HarvestError as exc:
        if exc.status in (404, 410):
            raise RecordUnreadable(_("no decision tree at %(url)s (HTTP %(code)s)")
                                   % {"url": tree[:200], "code": exc.status}) from None
        raise


def harvest_cbd(
    *,
    user,
    url: str,
    resume: bool = False,
    pages: int | None = None,
    folder: Path | None = None,
    timeout: float = TIMEOUT,
    max_bytes: int = RESPONSE_MAX,
    report: Callable[[str], None] = lambda message: None,
    progress: Callable[[int], None] = lambda n: None,
) -> HarvestResult:
    """Read the DTT decisions at `url` (a tree or an index search, page by page) into one draft batch.

    As `harvest_informea`: `pages` stops after that many pages, `report` receives one message per record left
    out (and per DTT tag left out or disagreeing), `progress` the records read on each page; HarvestError when a
    page or a tree cannot be fetched (the state after the last whole page is kept for `resume`).
    """
    url_check(url)
    path = state_path("cbd:" + url, folder=folder)
    state = state_load(path, url) if resume else None
    if resume and state is None:
        report(_("Nothing to resume for %(url)s: starting from the first page.") % {"url": url})
    state = state or HarvestState(url=url, next=url)
    known = vocabularies()
    hashes = {d["hash"] for d in state.documents}
    codes = {d["options"]["dtt"]["code"] for d in state.documents}
    done_now = 0
    while state.next is not None and (pages is None or done_now < pages):
        if state.pages >= PAGES_MAX:
            raise HarvestError(_("More than %(n)d pages: stopped.") % {"n": PAGES_MAX})
        current = url_check(state.next, start=url)
        is_tree, records, following = listing_read(page_fetch(current, timeout=timeout, max_bytes=max_bytes), current)
        read: list[dict] = []
        messages: list[str] = []
        page_notes: list[str] = []
        skipped = 0
        for i, record in enumerate(records, start=1):
            label = str(record.get("dttCode_s") or record.get("code") or "")[:40] if isinstance(record, dict) else ""
            where = (_("page %(page)d, record %(n)d %(label)s") % {"page": state.pages + 1, "n": i,
                                                                   "label": label}).strip()
            try:
                tree = record
                if not is_tree:
                    code = str(record.get("dttCode_s") or "") if isinstance(record, dict) else ""
                    if code in codes:  # a search lists a decision once per paragraph
                        continue
                    codes.add(code)
                    tree = tree_fetch(tree_url(record, start=url), start=url, timeout=timeout, max_bytes=max_bytes)
                name, data, options, notes = tree_document(tree, known=known)
            except RecordUnreadable as exc:
                messages.append(_("%(where)s: cannot read it: %(why)s") % {"where": where, "why": exc})
                continue
            codes.add(options["dtt"]["code"] or name)
            digest = hashlib.sha256(data).hexdigest()
            if digest in hashes or text_known(digest):
                skipped += 1  # its notes were given when it was read
                continue
            hashes.add(digest)
            page_notes += [f"{where}: {note}" for note in notes]
            read.append({"name": name, "text": data.decode(), "options": options, "hash": digest})
        # The page counts once all its trees are read: a tree that cannot be fetched stops before this line.
        state.documents += read
        state.skipped += skipped
        state.messages += messages
        state.notes += page_notes
        for message in messages + page_notes:
            report(message)
        state.records += len(records)
        state.pages += 1
        done_now += 1
        state.next = None if following in (None, current) else following
        state_save(path, state)
        progress(len(records))
    if state.next is not None:
        return HarvestResult(state=state, batch=None, finished=False)
    batch = batch_store(user=user, state=state, url=url, report=report)
    path.unlink(missing_ok=True)
    return HarvestResult(state=state, batch=batch, finished=True)


def batch_store(*, user, state: HarvestState, url: str, report: Callable[[str], None]):
    """Create the draft batch of the texts read (None when there are none) and keep each file's DTT tags."""
    if not state.documents:
        return None
    files = [(d["name"], d["text"].encode(), d["options"]) for d in state.documents]
    try:
        label = f"CBD DTT harvest of {url}"[:200]  # stored data, in English whatever the interface's language
        batch = batch_create(user=user, files=files, label=label, convention="CBD")
    except DocumentError as exc:
        state.messages.append(str(exc))
        report(str(exc))
        return None
    tags = {d["hash"]: d["options"]["dtt"] for d in state.documents}
    for f in batch.files.all():  # batch_create keeps only the ingest options: the tags are added beside them
        IngestFile.objects.filter(pk=f.pk).update(options={**f.options, "dtt": tags[f.content_hash]})
    return batch
