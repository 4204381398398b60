"""Writes of the partnership registry, due diligence and joint work plans (contributions: ..contributions).

Every write checks who asks (registry.permissions) and its input whole before touching the database, runs
in one transaction and is audited. Loaders and the CLI pass `system_actor(...)`; nothing skips the check.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pycountry
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from liaison.catalogue.models import Organization
from liaison.core.errors import NotAllowed
from liaison.core.services import audit_record
from liaison.core.text import text_clean
from liaison.decisions.models import Mandate
from liaison.partnerships.bounds import MAX_UPLOAD_BYTES, TEXT_MAX, budget_parse, day_check, id_parse, person
from liaison.partnerships.models import (
    Activity,
    Milestone,
    Partnership,
    PartnershipDecision,
    PartnershipDocument,
    PartnershipParty,
    Screening,
    TargetLink,
    WorkPlan,
)
from liaison.partnerships.registry import permissions
from liaison.partnerships.targets import target_parse


def dates_check(start: dt.date | None, end: dt.date | None, *, what: str | None = None) -> None:
    """Raise ValidationError when a day lies outside 1900..2200 or `end` is before `start`."""
    what = what or _("The period")
    day_check(start, what=_("%(what)s start") % {"what": what})
    day_check(end, what=_("%(what)s end") % {"what": what})
    if start and end and end < start:
        raise ValidationError(_("%(what)s ends (%(end)s) before it starts (%(start)s).")
                              % {"what": what, "end": end.isoformat(), "start": start.isoformat()})


def currency_check(code: str) -> str:
    """Return the ISO 4217 code in capitals; raise ValidationError when it is not a currency."""
    code = (code or "").strip().upper()
    if not code or pycountry.currencies.get(alpha_3=code) is None:
        raise ValidationError(_("%(code)s is not an ISO 4217 currency code (e.g. EUR, USD, CHF).")
                              % {"code": repr(code) if code else repr(_("An empty code"))})
    return code


def budget_check(budget, currency: str) -> tuple[Decimal | None, str]:
    """Return (budget, currency) checked: a budget needs a known currency and may not be negative."""
    amount = budget_parse(budget)
    if amount is None:
        return None, (currency_check(currency) if currency else "")
    return amount, currency_check(currency)


def organizations_get(names_or_ids) -> list[Organization]:
    """Return organizations by id, name or acronym; raise ValidationError naming any not found."""
    found, missing = [], []
    for value in names_or_ids or []:
        pk = id_parse(value)
        if pk is not None:
            org = Organization.objects.filter(pk=pk).first()
        else:
            text = str(value).strip()[:300]
            org = (Organization.objects.filter(name=text) | Organization.objects.filter(acronym=text)).first() \
                if text else None
        (found.append(org) if org else missing.append(str(value)))
    if missing:
        raise ValidationError(_("Unknown organization(s): %(names)s.") % {"names": ", ".join(missing)})
    return found


def rows_by_ids(model, ids, *, label: str) -> list:
    """Return the `model` rows of `ids`; raise ValidationError naming every id that is malformed or not found."""
    given = list(ids or [])
    parsed = [id_parse(i) for i in given]
    bad = [str(v) for v, pk in zip(given, parsed, strict=True) if pk is None]
    if bad:
        raise ValidationError(_("Unknown %(label)s: %(ids)s.") % {"label": label, "ids": ", ".join(bad)})
    found = list(model.objects.filter(pk__in=parsed))
    missing = sorted(set(parsed) - {row.pk for row in found})
    if missing:
        raise ValidationError(_("Unknown %(label)s: %(ids)s.") % {"label": label, "ids": ", ".join(map(str, missing))})
    return found


def mandates_get(ids) -> list[Mandate]:
    """Return mandates by id; raise ValidationError naming any not found."""
    return rows_by_ids(Mandate, ids, label=_("mandate(s)"))


def slug_unique(title: str) -> str:
    base = slugify(title)[:100] or "partnership"
    slug, n = base, 1
    while Partnership.objects.filter(slug=slug).exists():
        n += 1
        slug = f"{base}-{n}"
    return slug


def partnership_create(*, user, title: str, instrument: str, convention, organizations, status: str = "proposed",
                       summary: str = "", signed_on=None, started_on=None, ended_on=None, expires_on=None,
                       decisions: list[tuple] | None = None, published: bool = True) -> Partnership:
    """Register a partnership with its parties and the decisions that welcomed or requested it."""
    permissions.partnership_check_create(user=user, convention=convention)
    title = text_clean(title, max_length=300, field="title").strip()
    summary = text_clean(summary, max_length=TEXT_MAX, field="summary")
    if len(title) < 3:
        raise ValidationError(_("Give the partnership a title of at least three characters."))
    if instrument not in dict(Partnership.INSTRUMENTS):
        raise ValidationError(_("Unknown instrument %(instrument)s.") % {"instrument": repr(instrument)})
    if status not in (Partnership.PROPOSED, Partnership.NEGOTIATION):
        raise ValidationError(_("A new partnership starts as proposed or under negotiation; sign it afterwards."))
    dates_check(started_on, ended_on, what=_("The partnership"))
    dates_check(signed_on, expires_on, what=_("The instrument"))
    orgs = organizations_get(organizations)
    if len(orgs) < 1:
        raise ValidationError(_("Name at least one partner organization."))
    with transaction.atomic():
        partnership = Partnership.objects.create(
            slug=slug_unique(title), title=title, instrument=instrument, convention=convention,
            status=status, summary=summary, signed_on=signed_on, started_on=started_on, ended_on=ended_on,
            expires_on=expires_on, published=published)
        PartnershipParty.objects.bulk_create([PartnershipParty(partnership=partnership, organization=o) for o in orgs])
        for decision, relation, paragraph in decisions or []:
            PartnershipDecision.objects.create(partnership=partnership, decision=decision, relation=relation,
                                               paragraph=paragraph)
        audit_record(actor=user, action="create", obj=partnership,
                     changes={"after": {"title": title, "status": status, "parties": [o.name for o in orgs]}})
    return partnership


def partnership_document_add(*, user, partnership: Partnership, title: str, url: str = "",
                             data: bytes | None = None, name: str = "") -> PartnershipDocument:
    """Attach the instrument's text or another document: a link, or a file whose content matches its type."""
    from django.core.files.base import ContentFile

    from liaison.core.errors import TooLarge
    from liaison.partnerships.filetypes import filetype_check

    permissions.partnership_check_change(user=user, partnership=partnership)
    title = text_clean(title, max_length=300, field="title")
    if data is not None and len(data) > MAX_UPLOAD_BYTES:
        raise TooLarge(_("%(name)s is larger than %(n)d MB.") % {"name": repr(name), "n": MAX_UPLOAD_BYTES // 2**20})
    if not title.strip():
        raise ValidationError(_("Give the document a title."))
    if not url and data is None:
        raise ValidationError(_("Give a link or a file."))
    if len(url) > 200 or (url and not url.startswith(("https://", "http://"))):
        raise ValidationError(_("%(url)s is not a web address.") % {"url": repr(url)})
    if data is not None:
        filetype_check(data=data, name=name)
    with transaction.atomic():
        document = PartnershipDocument(partnership=partnership, title=title.strip(), url=url,
                                       added_by=person(user))
        if data is not None:
            document.file.save(name[-100:], ContentFile(data), save=False)
        document.save()
        audit_record(actor=user, action="document", obj=partnership, changes={"after": {"document": title}})
    return document


def screening_blockers(partnership: Partnership) -> list[Organization]:
    """Return the private-sector parties that lack an approved screening for the partnership's convention."""
    return [org for org in partnership.organizations.filter(kind="private")
            if not Screening.objects.filter(organization=org, convention=partnership.convention,
                                            decision=Screening.APPROVED).exists()]


def partnership_transition(*, user, partnership: Partnership, status: str, on: dt.date | None = None,
                           note: str = "") -> Partnership:
    """Move the partnership along its lifecycle; refuse transitions the lifecycle does not allow."""
    permissions.partnership_check_change(user=user, partnership=partnership)
    day_check(on, what=_("The date"))
    note = text_clean(note, max_length=500, field="note")
    if status not in dict(Partnership.STATUSES):
        raise ValidationError(_("Unknown status %(status)s.") % {"status": repr(status)})
    allowed = Partnership.TRANSITIONS[partnership.status]
    if status not in allowed:
        names = ", ".join(sorted(allowed)) or _("none (it is final)")
        raise ValidationError(_("A %(before)s partnership cannot become %(after)s; next steps: %(steps)s.") % {
            "before": partnership.get_status_display().lower(),
            "after": str(dict(Partnership.STATUSES)[status]).lower(), "steps": names})
    if status == Partnership.ACTIVE:
        missing = screening_blockers(partnership)
        if missing:
            raise ValidationError(_("A partnership with a private-sector organization cannot become active without "
                                    "an approved Code of Conduct screening: missing for %(names)s.")
                                  % {"names": ", ".join(o.name for o in missing)})
    field = Partnership.STATUS_DATES.get(status)
    before = {"status": partnership.status}
    if field:
        before[field] = str(getattr(partnership, field) or "")
        stamp = on or timezone.localdate()
        start = partnership.started_on or partnership.signed_on
        if field == "ended_on":
            dates_check(start, stamp, what="The partnership")
        setattr(partnership, field, stamp)
    partnership.status = status
    with transaction.atomic():
        partnership.save()
        audit_record(actor=user, action="transition", obj=partnership, note=note,
                     changes={"before": before, "after": {"status": status, **({field: str(stamp)} if field else {})}})
    return partnership


def workplan_create(*, user, partnership: Partnership, title: str, period_start=None, period_end=None,
                    aligned_with: str = "") -> WorkPlan:
    """Add a joint work plan to a partnership."""
    permissions.partnership_check_change(user=user, partnership=partnership)
    title = text_clean(title, max_length=300, field="title")
    aligned_with = text_clean(aligned_with, max_length=200, field="aligned_with")
    if not title.strip():
        raise ValidationError(_("Give the work plan a title."))
    dates_check(period_start, period_end, what=_("The work plan"))
    with transaction.atomic():
        workplan = WorkPlan.objects.create(partnership=partnership, title=title.strip(), period_start=period_start,
                                           period_end=period_end, aligned_with=aligned_with)
        audit_record(actor=user, action="create", obj=workplan, changes={"after": {"title": title}})
    return workplan


ACTIVITY_FIELDS = ("code", "title", "description", "start", "end", "status", "budget", "currency",
                   "funding_source", "lead", "owner")


def activity_values_check(current: dict, changes: dict) -> dict:
    """Return the changes with budget, currency, dates, status and organizations checked (ValidationError)."""
    for key in ("code", "title", "description", "funding_source"):
        if key in changes and changes[key] is not None:
            limit = {"code": 32, "title": 500, "funding_source": 300}.get(key, TEXT_MAX)
            changes[key] = text_clean(changes[key], max_length=limit, field=key)
    merged = {**current, **changes}
    if not (merged.get("title") or "").strip():
        raise ValidationError(_("Give the activity a title."))
    if merged.get("status") not in dict(Activity.STATUSES):
        raise ValidationError(_("Unknown status %(status)s; use one of %(statuses)s.") % {
            "status": repr(merged.get("status")), "statuses": ", ".join(dict(Activity.STATUSES))})
    dates_check(merged.get("start"), merged.get("end"), what=_("The activity"))
    if "budget" in changes or "currency" in changes:
        changes["budget"], changes["currency"] = budget_check(merged.get("budget"), merged.get("currency") or "")
    for key in ("lead", "owner"):
        if key in changes and changes[key] is not None and not isinstance(changes[key], Organization):
            changes[key] = organizations_get([changes[key]])[0]
    return changes


def unique(targets: list[tuple]) -> list[tuple]:
    """Return the parsed targets without repeats, in order."""
    return list({(f, c): (f, c, t) for f, c, t in targets}.values())


def links_prepare(*, targets=None, mandates=None, contributors=None) -> dict:
    """Return parsed targets, mandates and contributors (None when not given); raise ValidationError."""
    return {"targets": None if targets is None else [target_parse(t) for t in targets],
            "mandates": None if mandates is None else mandates_get(mandates),
            "contributors": None if contributors is None else organizations_get(contributors)}


def activity_links_set(activity: Activity, links: dict) -> dict:
    """Replace the activity's links that are given; return what changed, for the audit."""
    changed = {}
    if links["targets"] is not None:
        activity.targets.all().delete()
        TargetLink.objects.bulk_create([TargetLink(activity=activity, framework_code=f, target_code=c, target=t)
                                        for f, c, t in unique(links["targets"])])
        changed["targets"] = [f"{f} {c}" for f, c, _ in links["targets"]]
    if links["mandates"] is not None:
        activity.mandates.set(links["mandates"])
        changed["mandates"] = [m.pk for m in links["mandates"]]
    if links["contributors"] is not None:
        activity.contributors.set(links["contributors"])
        changed["contributors"] = [o.name for o in links["contributors"]]
    return changed


def activity_create(*, user, workplan: WorkPlan, title: str, owner, targets=None, mandates=None,
                    contributors=None, milestones=None, **values) -> Activity:
    """Add an activity to a work plan, with its targets, mandates, contributors and milestones."""
    permissions.workplan_check_change(user=user, workplan=workplan)
    unknown = set(values) - set(ACTIVITY_FIELDS)
    if unknown:
        raise ValidationError(_("Unknown field(s): %(fields)s.") % {"fields": ", ".join(sorted(unknown))})
    values = activity_values_check({"status": Activity.PLANNED}, {"title": title, "owner": owner, **values})
    links = links_prepare(targets=targets or [], mandates=mandates or [], contributors=contributors or [])
    for m in milestones or []:
        m["title"] = text_clean(m.get("title") or "", max_length=300, field="milestones.title")
        day_check(m.get("due"), what=_("Milestone %(title)s") % {"title": repr(m["title"])})
        if m.get("due") and values.get("end") and m["due"] > values["end"]:
            raise ValidationError(_("Milestone %(title)s is due after the activity ends.") % {"title": repr(m.get("title"))})
    with transaction.atomic():
        activity = Activity.objects.create(workplan=workplan, **{"lead": values.get("owner"), **values})
        changed = activity_links_set(activity, links)
        Milestone.objects.bulk_create([Milestone(activity=activity, title=m["title"], due=m.get("due"))
                                       for m in milestones or []])
        audit_record(actor=user, action="create", obj=activity,
                     changes={"after": {"title": activity.title, "owner": activity.owner.name, **changed}})
    return activity


def activity_update(*, user, activity: Activity, targets=None, mandates=None, contributors=None,
                    **changes) -> Activity:
    """Apply an update: check who asks and the update whole, save it, record who changed what."""
    permissions.activity_check_edit(user=user, activity=activity)
    unknown = set(changes) - set(ACTIVITY_FIELDS)
    if unknown:
        raise ValidationError(_("Unknown field(s): %(fields)s.") % {"fields": ", ".join(sorted(unknown))})
    if "owner" in changes:
        try:
            permissions.activity_check_reassign(user=user, activity=activity)
        except NotAllowed as exc:  # the partner asked for a field it may not set: a bad value, not a refusal
            raise ValidationError(str(exc)) from None
    current = {f: getattr(activity, f) for f in ACTIVITY_FIELDS}
    changes = activity_values_check(current, dict(changes))
    links = links_prepare(targets=targets, mandates=mandates, contributors=contributors)
    before, after = {}, {}
    for field, value in changes.items():
        if current[field] != value:
            before[field], after[field] = str(current[field] or ""), str(value or "")
            setattr(activity, field, value)
    with transaction.atomic():
        activity.save()
        after.update(activity_links_set(activity, links))
        if after:
            audit_record(actor=user, action="update", obj=activity, changes={"before": before, "after": after})
    return activity


