"""Many new rows of one model inserted in a few statements, their ids set: bulk_create without its per-value cost.

Django's bulk_create prepares every value of every row through its field (`get_db_prep_save` and the compiler's
checks around it), which for the thousands of paragraphs, mandates and references of a batch of decisions cost
more than the database's own work. Here only the values whose field changes them on the way to the database
(dates, JSON, binary, decimals...) go through it; strings, integers, booleans and foreign keys, which the
drivers take as they are, are passed as given. Rows get their ids back with RETURNING, in the order of the rows,
as bulk_create relies on too (SQLite 3.35+, PostgreSQL). No signal is sent, as with bulk_create.
"""

from __future__ import annotations

from collections.abc import Sequence

from django.db import connection, models

# Fields whose database value is the Python value itself (a str, an int, a bool, or None when nullable).
PLAIN = (models.CharField, models.TextField, models.IntegerField, models.BooleanField, models.ForeignKey)
PREPARED = (models.DateField, models.DateTimeField, models.TimeField, models.JSONField, models.BinaryField,
            models.DecimalField, models.UUIDField, models.DurationField, models.GenericIPAddressField)


def rows_insert(model: type[models.Model], objs: Sequence[models.Model]) -> list:
    """Insert unsaved instances of `model` (auto_now fields filled, as save would) and set their ids; return them."""
    objs = list(objs)
    if not objs:
        return objs
    fields = [f for f in model._meta.concrete_fields if not f.primary_key]
    plain = [isinstance(f, PLAIN) and not isinstance(f, PREPARED) for f in fields]
    attnames = [f.attname for f in fields]
    table = connection.ops.quote_name(model._meta.db_table)
    names = ", ".join(connection.ops.quote_name(f.column) for f in fields)
    pk = connection.ops.quote_name(model._meta.pk.column)
    size = connection.ops.bulk_batch_size(fields, objs) or len(objs)  # SQLite: 999 variables a statement
    with connection.cursor() as cursor:
        for start in range(0, len(objs), size):
            part = objs[start:start + size]
            params: list = []
            for obj in part:
                for field, attname, is_plain in zip(fields, attnames, plain, strict=True):
                    if is_plain:
                        params.append(getattr(obj, attname))
                    else:
                        params.append(field.get_db_prep_save(field.pre_save(obj, add=True), connection))
            row = f"({', '.join(['%s'] * len(fields))})"
            cursor.execute(f"INSERT INTO {table} ({names}) VALUES {', '.join([row] * len(part))} RETURNING {pk}",
                           params)
            for obj, (value,) in zip(part, cursor.fetchall(), strict=True):
                obj.pk = value
                obj._state.adding = False
                obj._state.db = connection.alias
    return objs


def rows_update(model: type[models.Model], objs: Sequence[models.Model], fields: Sequence[str]) -> int:
    """Write `fields` of stored instances of `model` as `save(update_fields=fields)` writes each; return how many.

    One UPDATE statement by primary key, executed for every row at once (executemany: a single round trip in
    psycopg's pipeline), instead of bulk_update's CASE of one WHEN per row and field, whose building cost more
    than the database's work. Values go through their field as save sends them (auto_now filled, None as SQL
    NULL, JSON adapted). No signal is sent, as with bulk_update.
    """
    objs = list(objs)
    if not objs:
        return 0
    columns = [model._meta.get_field(name) for name in fields]
    table = connection.ops.quote_name(model._meta.db_table)
    sets = ", ".join(f"{connection.ops.quote_name(f.column)} = %s" for f in columns)
    pk = connection.ops.quote_name(model._meta.pk.column)
    params = [[f.get_db_prep_save(f.pre_save(obj, add=False), connection) for f in columns] + [obj.pk]
              for obj in objs]
    with connection.cursor() as cursor:
        cursor.executemany(f"UPDATE {table} SET {sets} WHERE {pk} = %s", params)
    return len(objs)
