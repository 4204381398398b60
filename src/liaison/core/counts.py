"""Counts of related rows as correlated subqueries, for list pages that show a count per row.

`Count("children", distinct=True)` joins every child row into the list query and groups it; with two such
counts (targets and indicators of each framework) the join multiplies the rows before DISTINCT removes them
again, and the list pages spent most of their time there. A correlated subquery counts through the child's
own index and leaves the outer query ungrouped.
"""

from __future__ import annotations

from django.db.models import Count, IntegerField, OuterRef, QuerySet, Subquery
from django.db.models.functions import Coalesce


def rows_count(rows: QuerySet, *, outer: str) -> Coalesce:
    """Return the number of `rows` whose `outer` field is the outer query's row, 0 when there is none.

    E.g. `Framework.objects.annotate(n=rows_count(Target.objects.filter(retired_at__isnull=True),
    outer="framework"))`.
    """
    counted = (rows.filter(**{outer: OuterRef("pk")}).order_by().values(outer)
               .annotate(n=Count("pk")).values("n"))
    return Coalesce(Subquery(counted, output_field=IntegerField()), 0)
