"""Harvest an InforMEA-shaped OData Decisions endpoint into ONE draft batch of decision texts.

The harvester follows the pages (`d.__next`, or OData 4's `@odata.nextLink`), turns each Decision record into a
text file (its title and content, HTML when the content is HTML) with the batch options the record gives
(treaty -> convention, number, type, meeting, year), and, once the last page is read, creates one draft batch
with `batch_create`: staff review and publish it as any other batch; nothing is public before.

- Idempotent: a record whose text is already stored (a revision with the same content hash) or already waiting
  in a draft batch is skipped, so a second run over the same endpoint stores nothing new.
- Resumable: after each page the state (the next page's URL, the pages done and the texts read so far) is
  written to var/harvest/<name>.json; `resume=True` carries on from there. The state is removed once the batch
  is created.
- A record it cannot read (no text, an unknown treaty, no number, a text without an operative part) gets one
  message and is left out; a page that cannot be fetched or read stops the run with the state kept.
- Only http and https, each response read with a timeout and up to a size limit; next links must stay on the
  host of the first URL.
"""

from __future__ import annotations

import hashlib
import json
import re
import urllib.error
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from html import escape
from pathlib import Path
from urllib.parse import urljoin, urlsplit

from django.conf import settings
from django.utils.translation import gettext as _

from liaison.catalogue.models import Convention
from liaison.decisions.batches import batch_create
from liaison.decisions.models import DecisionRevision, IngestBatch, IngestFile
from liaison.engine.decisions import DocumentError, document_parse

TIMEOUT = 30.0  # seconds per request
RESPONSE_MAX = 20 * 1024 * 1024  # bytes per page
PAGES_MAX = 10_000  # a loop of next links ends here
KINDS = ("decision", "resolution", "recommendation")
_DATE = re.compile(r"/Date\((-?\d{1,15})[^)]*\)/")
_HTML = re.compile(r"<(p|div|br|ol|ul|li|h\d|table|span|b|i|em|strong)\b", re.I)


class HarvestError(Exception):
    """A page could not be fetched or read: the run stops, its state kept for --resume."""

    status: int | None = None  # the HTTP status, when the server answered one


class RecordUnreadable(Exception):
    """One record cannot become a decision text; the message says why."""


@dataclass
class HarvestState:
    """How far a harvest got: the next page to read and the texts read so far (written after each page)."""

    url: str
    next: str | None
    pages: int = 0
    records: int = 0
    skipped: int = 0
    documents: list[dict] = field(default_factory=list)
    messages: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # about records read all the same (the CBD DTT's tags)


@dataclass
class HarvestResult:
    state: HarvestState
    batch: IngestBatch | None
    finished: bool


def state_path(url: str, *, folder: Path | None = None) -> Path:
    """Return the file that keeps the state of the harvest of `url`."""
    folder = folder or Path(settings.VAR_DIR) / "harvest"
    return folder / f"informea-{hashlib.sha256(url.encode()).hexdigest()[:16]}.json"


def state_load(path: Path, url: str) -> HarvestState | None:
    """Return the saved state of the harvest of `url`, or None when there is none (or it is of another URL)."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(data, dict) or data.get("url") != url:
        return None
    return HarvestState(**{k: data[k] for k in HarvestState.__dataclass_fields__ if k in data})


def state_save(path: Path, state: HarvestState) -> None:
    """Write the state atomically (a crash leaves the previous page's state, never half a file)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".tmp")
    tmp.write_text(json.dumps(state.__dict__, ensure_ascii=False), encoding="utf-8")
    tmp.replace(path)


def url_check(url: str, *, start: str | None = None) -> str:
    """Return `url` if it is http(s) (and on the host of `start`); HarvestError otherwise."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise HarvestError(_("Only http and https URLs are harvested, not %(url)r.") % {"url": url[:200]})
    if start is not None and urlsplit(start).netloc != parts.netloc:
        raise HarvestError(_("The next link %(url)r leaves the host of the first page.") % {"url": url[:200]})
    return url


def page_fetch(url: str, *, timeout: float = TIMEOUT, max_bytes: int = RESPONSE_MAX) -> dict:
    """Return one page of the endpoint as JSON; HarvestError when it cannot be fetched, is too large or not JSON."""
    request = urllib.request.Request(
        url, headers={"Accept": "application/json", "User-Agent": "Liaison harvester"}
    )
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310 (scheme checked above)
            data = response.read(max_bytes + 1)
    except urllib.error.HTTPError as exc:
        error = HarvestError(_("%(url)s answered HTTP %(code)s.") % {"url": url[:200], "code": exc.code})
        error.status = exc.code
        raise error from None
    except (urllib.error.URLError, TimeoutError, OSError) as exc:
        reason = getattr(exc, "reason", None) or exc
        raise HarvestError(
            _("%(url)s could not be read: %(reason)s.") % {"url": url[:200], "reason": reason}
        ) from None
    if len(data) > max_bytes:
        raise HarvestError(_("%(url)s answered more than %(n)d bytes.") % {"url": url[:200], "n": max_bytes})
    try:
        page = json.loads(data.decode("utf-8-sig"))
    except (UnicodeDecodeError, ValueError):
        raise HarvestError(_("%(url)s did not answer JSON.") % {"url": url[:200]}) from None
    if not isinstance(page, dict):
        raise HarvestError(_("%(url)s did not answer an OData object.") % {"url": url[:200]})
    return page


def page_records(page: dict) -> tuple[list, str | None]:
    """Return the records of an OData page and its next link (OData 2/3 verbose JSON, or OData 4)."""
    if "d" in page:
        body = page["d"]
        if isinstance(body, list):
            return body, None
        if isinstance(body, dict):
            records = body.get("results")
            if isinstance(records, list):
                return records, body.get("__next") if isinstance(body.get("__next"), str) else None
    if isinstance(page.get("value"), list):
        link = page.get("@odata.nextLink") or page.get("odata.nextLink")
        return page["value"], link if isinstance(link, str) else None
    raise HarvestError(_("The page is not an OData collection (no d.results nor value)."))


def localized_texts(value) -> dict[str, str]:
    """Return a localized field ({"results": [...]}, a list of {language, value}, or a string) by language."""
    if isinstance(value, str):
        return {"en": value} if value.strip() else {}
    if isinstance(value, dict):
        value = value.get("results")
    texts: dict[str, str] = {}
    for item in value if isinstance(value, list) else []:
        if isinstance(item, dict) and isinstance(item.get("value"), str) and item["value"].strip():
            texts.setdefault(str(item.get("language") or "en")[:8], item["value"].strip())
    return texts


def text_pick(texts: dict[str, str]) -> str:
    """Return the English text, else the first language's."""
    return texts.get("en") or next(iter(texts.values()), "")


def record_year(record: dict) -> int | None:
    """Return the year a record was published (its `/Date(ms)/`), if it says."""
    match = _DATE.fullmatch(str(record.get("published") or ""))
    if not match:
        return None
    try:
        return datetime.fromtimestamp(int(match.group(1)) / 1000, tz=UTC).year
    except (OverflowError, OSError, ValueError):
        return None


def record_document(record, *, conventions: dict[str, str]) -> tuple[str, bytes, dict]:
    """Return a Decision record as a batch file (name, bytes, options); RecordUnreadable says why it cannot be."""
    if not isinstance(record, dict):
        raise RecordUnreadable(_("not an object"))
    number = str(record.get("number") or "").strip()[:64]
    treaty = str(record.get("treaty") or "").strip()
    if not number:
        raise RecordUnreadable(_("no decision number"))
    acronym = conventions.get(treaty.lower())
    if acronym is None:
        raise RecordUnreadable(_("unknown treaty %(treaty)r") % {"treaty": treaty[:40]})
    content = text_pick(localized_texts(record.get("content")))
    if not content:
        raise RecordUnreadable(_("no text (the record has no content)"))
    title = text_pick(localized_texts(record.get("title")))
    safe = re.sub(r"[^\w.-]+", "_", number)
    if _HTML.search(content):
        name = f"{treaty}-{safe}.html"
        data = (
            f"<html><head><title>{escape(title)}</title></head><body><h1>{escape(title)}</h1>\n"
            f"{content}\n</body></html>\n"
        ).encode()
    else:
        name = f"{treaty}-{safe}.txt"
        data = f"{title}\n\n{content}\n".encode()
    kind = str(record.get("type") or "").lower()
    options = {
        "convention": acronym,
        "symbol": number,
        "kind": kind if kind in KINDS else "decision",
        "meeting": str(record.get("meetingTitle") or record.get("meetingId") or "")[:64],
        "year": record_year(record),
    }
    try:
        document_parse(data, filename=name, convention=acronym, symbol=number)
    except DocumentError as exc:
        raise RecordUnreadable(str(exc)) from None
    return name, data, {k: v for k, v in options.items() if v not in (None, "")}


def text_known(content_hash: str) -> bool:
    """Return True if this exact text is stored, or waits in a draft batch."""
    if DecisionRevision.objects.filter(content_hash=content_hash).exists():
        return True
    return IngestFile.objects.filter(
        content_hash=content_hash, batch__state__in=[IngestBatch.DRAFT, IngestBatch.PARSING]
    ).exists()


def conventions_by_code() -> dict[str, str]:
    """Return each convention's acronym by its InforMEA code (and by its lower-case acronym)."""
    codes: dict[str, str] = {}
    for acronym, code in Convention.objects.values_list("acronym", "informea_code"):
        codes.setdefault(acronym.lower(), acronym)
        if code:
            codes[code.lower()] = acronym
    return codes


def harvest_informea(
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
    """Read the Decisions endpoint at `url` page by page into one draft batch; return how far it got.

    `pages` stops after that many pages (the state is kept, as after an interruption); `report` receives one
    message per record left out; `progress` the number of records read on each page. HarvestError when a page
    cannot be read (the state is kept).
    """
    url_check(url)
    path = state_path(url, folder=folder)
    state = state_load(path, url) if resume else None
    if resume and state is None:
        report(_("Nothing to resume for %(url)s: starting from the first page.") % {"url": url})
    state = state or HarvestState(url=url, next=url)
    conventions = conventions_by_code()
    hashes = {d["hash"] for d in state.documents}
    done_now = 0
    while state.next is not None and (pages is None or done_now < pages):
        if state.pages >= PAGES_MAX:
            raise HarvestError(_("More than %(n)d pages: stopped.") % {"n": PAGES_MAX})
        current = url_check(state.next, start=url)
        records, following = page_records(page_fetch(current, timeout=timeout, max_bytes=max_bytes))
        for i, record in enumerate(records, start=1):
            label = str(record.get("number") or record.get("id") or "") if isinstance(record, dict) else ""
            where = _("page %(page)d, record %(n)d %(label)s") % {
                "page": state.pages + 1,
                "n": i,
                "label": label,
            }
            try:
                name, data, options = record_document(record, conventions=conventions)
            except RecordUnreadable as exc:
                message = _("%(where)s: cannot read it: %(why)s") % {"where": where.strip(), "why": exc}
                state.messages.append(message)
                report(message)
                continue
            digest = hashlib.sha256(data).hexdigest()
            if digest in hashes or text_known(digest):
                state.skipped += 1
                continue
            hashes.add(digest)
            state.documents.append({"name": name, "text": data.decode(), "options": options, "hash": digest})
        state.records += len(records)
        state.pages += 1
        done_now += 1
        next_url = urljoin(current, following) if following else None
        state.next = None if next_url == current else next_url
        state_save(path, state)
        progress(len(records))
    if state.next is not None:
        return HarvestResult(state=state, batch=None, finished=False)
    batch = None
    if state.documents:
        files = [(d["name"], d["text"].encode(), d["options"]) for d in state.documents]
        acronyms = {d["options"].get("convention") for d in state.documents}
        try:
            batch = batch_create(
                user=user,
                files=files,
                label=(_("InforMEA harvest of %(url)s") % {"url": url})[:200],
                convention=acronyms.pop() if len(acronyms) == 1 else None,
            )
        except DocumentError as exc:
            state.messages.append(str(exc))
            report(str(exc))
    path.unlink(missing_ok=True)
    return HarvestResult(state=state, batch=batch, finished=True)
