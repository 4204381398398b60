"""Time the publish fan-out of alerts and the daily digest run, at 1,000 and 5,000 followers.

A temporary SQLite database gets the catalogue, 10,000 CMS decisions (the followed objects) and a batch of 50
new decisions whose paragraphs cite, revise or repeal them (200 each, every old decision once). N people (1,000,
then 5,000, in the same run) follow 10 old decisions each, so that every old decision is followed (by N / 1,000
people). Measured:

- the fan-out: `alerts.events.batch_published_notify` for the 50 new decisions, as the `batch_published` signal
  calls it: the references read, the follows read, every follower's right to see each decision asked again
  (alerts.audience), one notification per follower and decision written, the transaction committed and the
  e-mail task queued (django-tasks' database backend, as in `make run`);
- baseline, in the same run: a bare query of the same follows (user id, object id of the decisions cited);
- the daily digest: every person wants that kind in a daily digest; `alerts.digests.digests_send("daily")`
  writes one mail of 10 lines per person (Django's in-memory mail backend: the SMTP server's time is not
  counted) and marks the notifications sent; against a bare query of the same notifications.

    PYTHONPATH=src .venv/bin/python benchmarks/bench_alerts_fanout.py [--users 1000 5000] [--repeat 3]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time

from bench_db import database_prepare

OLD, NEW, PER_USER = 10_000, 50, 10


def setup(var_dir: str) -> None:
    database_prepare(var_dir, ["liaison.catalogue.loaders.catalogue_load"], page_cache=False)


def decisions_generate() -> tuple[list[int], list[int]]:
    """Write the 10,000 followed decisions and the 50 new ones citing them; return both lists of ids."""
    from liaison.catalogue.models import Convention
    from liaison.decisions.models import Decision, DecisionRevision, Paragraph, Reference

    cms = Convention.objects.get(acronym="CMS")
    old = Decision.objects.bulk_create([Decision(convention=cms, number=f"90.{i}", title=f"Old {i}", year=2000)
                                        for i in range(OLD)], batch_size=2000)
    new = Decision.objects.bulk_create([Decision(convention=cms, number=f"99.{i}", title=f"New {i}", year=2026)
                                        for i in range(NEW)])
    revisions = DecisionRevision.objects.bulk_create([
        DecisionRevision(decision=d, content_hash=f"bench-{d.pk}", source_name="bench", source_format="txt")
        for d in new])
    paragraphs = Paragraph.objects.bulk_create([Paragraph(revision=r, kind="operative", order=1, text="Recalls")
                                                for r in revisions])
    relations = ["cites", "revises", "repeals", "recalls"]
    refs = [Reference(paragraph=paragraphs[i], source=new[i], target_type="resolution", target_convention="CMS",
                      target_number=old[j].number, relation=relations[j % 4], target=old[j])
            for i in range(NEW) for j in range(i * (OLD // NEW), (i + 1) * (OLD // NEW))]
    Reference.objects.bulk_create(refs, batch_size=2000)
    return [d.pk for d in old], [d.pk for d in new]


def people_generate(n: int) -> list[int]:
    from django.contrib.auth import get_user_model

    User = get_user_model()
    have = User.objects.filter(username__startswith="bench").count()
    User.objects.bulk_create([User(username=f"bench{i}", email=f"bench{i}@example.org", password="!")
                              for i in range(have, n)], batch_size=2000)
    return list(User.objects.filter(username__startswith="bench").order_by("pk").values_list("pk", flat=True)[:n])


def world_reset(users: list[int], old: list[int]) -> None:
    """Make each person follow 10 old decisions (every old decision followed), nothing told yet."""
    from django_tasks_db.models import DBTaskResult

    from liaison.alerts.models import Follow, MailPreference, Notification

    Notification.objects.all().delete()
    Follow.objects.all().delete()
    MailPreference.objects.all().delete()
    DBTaskResult.objects.all().delete()
    follows = [Follow(user_id=u, object_type="decision", object_id=old[(k * PER_USER + j) % OLD])
               for k, u in enumerate(users) for j in range(PER_USER)]
    Follow.objects.bulk_create(follows, batch_size=5000)


def fan_out(new: list[int]) -> int:
    from django.db import transaction

    from liaison.alerts.events import batch_published_notify

    with transaction.atomic():
        written = batch_published_notify(decision_ids=new)
    return written


def bare_follows(old: list[int]) -> int:
    from liaison.alerts.models import Follow

    return len(list(Follow.objects.filter(object_type="decision", object_id__in=old)
                    .values_list("user_id", "object_id")))


def bare_notifications() -> int:
    from liaison.alerts.models import Notification

    return len(list(Notification.objects.filter(emailed_at__isnull=True)
                    .values_list("user_id", "kind", "object_type", "object_id", "title", "url", "params")))


def timed(work) -> tuple[float, object]:
    t0 = time.perf_counter()
    result = work()
    return time.perf_counter() - t0, result


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--users", type=int, nargs="+", default=[1000, 5000])
    parser.add_argument("--repeat", type=int, default=3, help="fan-outs per size (the median is shown)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="bench-alerts-") as var_dir:
        t0 = time.perf_counter()
        setup(var_dir)
        from django.conf import settings
        from django.core import mail

        from liaison.alerts.digests import digests_send
        from liaison.alerts.models import MailPreference, Notification

        settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
        old, new = decisions_generate()
        print(f"setup {time.perf_counter() - t0:.1f}s: {OLD} followed decisions, a batch of {NEW} new ones "
              f"citing them ({OLD // NEW} each)")
        results = {}
        for n in args.users:
            users = people_generate(n)
            fan, bare, written = [], [], 0
            for _ in range(args.repeat):
                world_reset(users, old)
                bare.append(timed(lambda: bare_follows(old))[0])
                seconds, written = timed(lambda: fan_out(new))
                fan.append(seconds)
            assert written == n * PER_USER, (written, n)
            MailPreference.objects.bulk_create([MailPreference(user_id=u, kind=Notification.DECISION_REFERENCED,
                                                               frequency=MailPreference.DAILY) for u in users])
            bare_digest = timed(bare_notifications)[0]
            mail.outbox = []
            digest_seconds, counts = timed(lambda: digests_send(frequency="daily"))
            assert counts["mails"] == n and len(mail.outbox) == n, counts
            results[n] = (statistics.median(fan), statistics.median(bare), digest_seconds, bare_digest, written)
            print(f"{n:>5} people, {written} notifications: fan-out median {statistics.median(fan):6.2f} s "
                  f"(runs {', '.join(f'{s:.2f}' for s in fan)}), bare query of the follows "
                  f"{statistics.median(bare) * 1000:6.1f} ms; daily digest {digest_seconds:6.2f} s for {n} mails "
                  f"({counts['notifications']} notifications), bare query of them {bare_digest * 1000:6.1f} ms")
        if len(results) > 1:
            small, large = min(results), max(results)
            ratio = results[large][0] / results[small][0]
            print(f"fan-out {large} vs {small} people: x{ratio:.2f} the time for x{large / small:.0f} the "
                  f"followers; digest x{results[large][2] / results[small][2]:.2f}")
        worst = results[max(results)][0]
        print(f"aim: the fan-out under 5 s — {'met' if worst < 5 else 'NOT met'} ({worst:.2f} s at "
              f"{max(results)} people)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
