"""Time a country's coordination room against a bare query of the same rows.

A temporary SQLite database (or the PostgreSQL database --pg names, emptied first) gets the catalogue and one
made-up country party to 15 conventions, with 40 people holding a focal point or contributor role for it (all
40 in one national working group, each also a focal-point contact with a role), 500 mandates addressed to
Parties with a deadline ahead in decisions in effect of those conventions (20 decisions per convention, about
33 mandates each), 8 reports of open reporting cycles, 20 national plan targets and 5 coming meetings.
Measured, in the same run:

- the room page `/countries/<ISO3>/room/` and `GET /api/countries/<ISO3>/room` as one of the country's focal
  points (Django's test client: the whole request, middleware, access checks, selectors and template);
- baseline: a bare query of the same rows (memberships, roles, contacts and their roles, mandates with their
  decisions, questionnaires and reports, group members, plan targets, meetings), read as tuples.

    PYTHONPATH=src .venv/bin/python benchmarks/bench_room.py [--repeat 60] [--pg postgres://...] [--notes 20]
"""

from __future__ import annotations

import argparse
import datetime as dt
import statistics
import tempfile

from bench_db import database_prepare

CONVENTIONS, MEMBERS, MANDATES, REPORTS, ISO3 = 15, 40, 500, 8, "XBL"


def world_build(notes: int = 0) -> int:
    """Write the country's world (with `notes` notes of the group, each linked to a mandate and a plan target,
    written by another member); return the id of one of its focal points."""
    from django.contrib.auth import get_user_model

    from liaison.accounts.models import Role
    from liaison.catalogue.models import Convention, Country, Membership
    from liaison.contacts.models import Contact, ContactRole
    from liaison.coordination.models import WorkingGroup, WorkingGroupMember, WorkingGroupNote
    from liaison.decisions.models import Actor, Decision, DecisionRevision, Mandate, Paragraph
    from liaison.frameworks.models import Framework, Goal, Target
    from liaison.partnerships.models import Event
    from liaison.reporting.models import Questionnaire, Report

    today = dt.date.today()
    country = Country.objects.create(iso3=ISO3, iso2="XB", name="Benchland")
    conventions = list(Convention.objects.order_by("pk")[:CONVENTIONS])
    Membership.objects.bulk_create([Membership(country=country, convention=c, ratification=dt.date(2000, 1, 1))
                                    for c in conventions])
    User = get_user_model()
    users = User.objects.bulk_create([User(username=f"bench-room-{i}", first_name="Person", last_name=str(i),
                                           email=f"p{i}@bench.example", password="!") for i in range(MEMBERS)])
    Role.objects.bulk_create([Role(user=u, kind=Role.FOCAL_POINT if i % 2 == 0 else Role.CONTRIBUTOR,
                                   convention=conventions[i % CONVENTIONS], country=country)
                              for i, u in enumerate(users)])
    group = WorkingGroup.objects.create(country=country, name="Bench working group", created_by=users[0])
    WorkingGroupMember.objects.bulk_create([WorkingGroupMember(group=group, user=u, role="member") for u in users])
    contacts = Contact.objects.bulk_create([Contact(country=country, last_name=f"Contact {i}", email=f"c{i}@b.ex",
                                                    public_fields=["institution"]) for i in range(MEMBERS)])
    ContactRole.objects.bulk_create([ContactRole(contact=c, convention=conventions[i % CONVENTIONS], kind="nfp")
                                     for i, c in enumerate(contacts)])
    actor, _ = Actor.objects.get_or_create(code="parties", defaults={"label": "Parties", "kind": "party"})
    decisions = Decision.objects.bulk_create([Decision(convention=c, number=f"B{j}", title=f"Bench {j}",
                                                       year=2024) for c in conventions for j in range(20)])
    revisions = DecisionRevision.objects.bulk_create([DecisionRevision(
        decision=d, content_hash=f"bench-room-{d.pk}", source_name="bench", source_format="txt") for d in decisions])
    paragraphs = Paragraph.objects.bulk_create([Paragraph(revision=r, kind="operative", order=1, number="1",
                                                          text="Requests Parties") for r in revisions])
    Mandate.objects.bulk_create([Mandate(decision=decisions[i % len(decisions)], paragraph=paragraphs[i % len(paragraphs)],
                                         order=i, actor=actor, verb="requests", action=f"to do thing {i}",
                                         deadline=f"by 31 December {today.year + 1 + i % 4}")
                                 for i in range(MANDATES)])
    questionnaires = Questionnaire.objects.bulk_create([Questionnaire(
        convention=conventions[i], code=f"bench-room-q{i}", title=f"Bench report {i}", cycle=f"Cycle {i}",
        cycle_order=100 + i, opens=today - dt.timedelta(days=30), deadline=today + dt.timedelta(days=60),
        closes=today + dt.timedelta(days=200)) for i in range(REPORTS)])
    Report.objects.bulk_create([Report(questionnaire=q, country=country) for q in questionnaires])
    plan = Framework.objects.create(code="XB-NBSAP", name="Benchland NBSAP", kind="nbsap", country=country)
    goal = Goal.objects.create(framework=plan, code="A")
    Target.objects.bulk_create([Target(framework=plan, goal=goal, code=f"A{i}", title={"en": f"Target {i}"}, order=i)
                                for i in range(20)])
    mandates = list(Mandate.objects.filter(decision__convention__in=conventions).order_by("pk")[:notes])
    targets = list(Target.objects.filter(framework=plan).order_by("pk"))
    for i in range(notes):
        note = WorkingGroupNote.objects.create(group=group, author=users[1], date=today - dt.timedelta(days=i),
                                               text=f"Bench note {i} " + "about the flyways " * 20)
        note.mandates.add(mandates[i % len(mandates)])
        note.targets.add(targets[i % len(targets)])
    Event.objects.bulk_create([Event(slug=f"bench-meeting-{i}", title=f"Meeting {i}", kind="meeting",
                                     start=today + dt.timedelta(days=10 * i + 5),
                                     end=today + dt.timedelta(days=10 * i + 8), convention=conventions[i])
                               for i in range(5)])
    return users[0].pk


def bare_query() -> int:
    """Read the same rows as tuples: the floor under any room."""
    from liaison.accounts.models import Role
    from liaison.catalogue.models import Membership
    from liaison.contacts.models import ContactRole
    from liaison.coordination.models import WorkingGroupMember
    from liaison.decisions.models import Mandate
    from liaison.frameworks.models import Target
    from liaison.partnerships.models import Event
    from liaison.reporting.models import Report

    rows = list(Membership.objects.filter(country__iso3=ISO3).values_list("convention__acronym", "convention__name"))
    rows += list(Role.objects.filter(country__iso3=ISO3).values_list("user__username", "user__email", "kind"))
    rows += list(ContactRole.objects.filter(contact__country__iso3=ISO3).values_list(
        "contact__last_name", "contact__email", "convention__acronym", "kind"))
    conventions = Membership.objects.filter(country__iso3=ISO3).values("convention_id")
    rows += list(Mandate.objects.filter(decision__convention__in=conventions, decision__status="in_effect",
                                        actor__kind="party").values_list(
        "pk", "decision__number", "paragraph__number", "verb", "action", "deadline"))
    rows += list(Report.objects.filter(country__iso3=ISO3).values_list(
        "questionnaire__code", "questionnaire__deadline", "status"))
    rows += list(WorkingGroupMember.objects.filter(group__country__iso3=ISO3).values_list("user__username", "role"))
    rows += list(Target.objects.filter(framework__country__iso3=ISO3).values_list("code", "title"))
    rows += list(Event.objects.filter(kind="meeting", end__gte=dt.date.today()).values_list("title", "start"))
    return len(rows)


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(p * (len(ordered) - 1))))]


def measure(fn, repeat: int) -> list[float]:
    import time

    fn()  # warm: templates compiled, caches filled, as on a running server
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=60)
    parser.add_argument("--pg", metavar="URL", help="a PostgreSQL database to empty and use instead of SQLite")
    parser.add_argument("--profile", metavar="FILE", help="also write a cProfile of --repeat page requests to FILE")
    parser.add_argument("--notes", type=int, default=0,
                        help="notes in the group, each linked to a mandate and a plan target (default 0)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as var_dir:
        database_prepare(var_dir, ["liaison.catalogue.loaders.catalogue_load"], url=args.pg, page_cache=False)
        from django.contrib.auth import get_user_model
        from django.db import connection
        from django.test import Client
        from django.test.utils import CaptureQueriesContext

        user = get_user_model().objects.get(pk=world_build(notes=args.notes))
        client = Client()
        client.force_login(user)

        def page():
            assert client.get(f"/countries/{ISO3}/room/").status_code == 200

        def api():
            answer = client.get(f"/api/countries/{ISO3}/room")
            assert answer.status_code == 200
            return answer

        room = api().json()
        owed = sum(c["mandates_count"] for c in room["conventions"])
        with CaptureQueriesContext(connection) as queries:
            page()
        print(f"{connection.vendor}: {len(room['conventions'])} conventions, {len(room['contacts'])} contacts, "
              f"{len(room['working_groups'][0]['members'])} members, {owed} mandates ahead, "
              f"{sum(len(c['reports']) for c in room['conventions'])} reports; the page takes {len(queries)} queries")
        bare = measure(bare_query, args.repeat)
        for name, fn in (("room page", page), ("room API", api)):
            times = measure(fn, args.repeat)
            print(f"{name}: median {statistics.median(times) * 1000:.1f} ms, p95 {percentile(times, .95) * 1000:.1f} "
                  f"ms ({args.repeat} requests); bare query median {statistics.median(bare) * 1000:.1f} ms, p95 "
                  f"{percentile(bare, .95) * 1000:.1f} ms; p95 ratio {percentile(times, .95) / percentile(bare, .95):.1f}x")
        if args.profile:
            import cProfile

            cProfile.runctx("for _ in range(n): page()", globals(), {"page": page, "n": args.repeat}, args.profile)
            print(f"profile of {args.repeat} page requests: {args.profile}")


if __name__ == "__main__":
    main()
