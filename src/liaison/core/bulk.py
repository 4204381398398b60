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
    # auto_now and auto_now_add: one instant for the rows of the call (as one transaction writes them), its value
    # prepared once instead of once a row (a batch's mandates spent more on their two dates than on their text)
    stamped = {i: field.get_db_prep_save(field.pre_save(objs[0], add=True), connection)
               for i, field in enumerate(fields) if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False)}
    for i in stamped:
        instant = getattr(objs[0], attnames[i])
        for obj in objs[1:]:
            setattr(obj, attnames[i], instant)
    with connection.cursor() as cursor:
        for start in range(0, len(objs), size):
            part = objs[start:start + size]
            params: list = []
            for obj in part:
                for i, (field, attname, is_plain) in enumerate(zip(fields, attnames, plain, strict=True)):
                    if is_plain:
                        params.append(getattr(obj, attname))
                    elif i in stamped:
                        params.append(stamped[i])
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

    Not bulk_update's CASE of one WHEN per row and field, whose building cost more than the database's work.
    PostgreSQL: one UPDATE ... FROM UNNEST(one array per column) (one statement planned for any number of rows,
    with one placeholder per column: a VALUES list's thousands of placeholders cost psycopg more to bind than the
    update itself). SQLite: one UPDATE by primary key executed for every row (executemany, in process). Values
    go through their field as save sends them (auto_now filled, None as SQL NULL, JSON adapted); a row given
    twice is written as given last. No signal is sent, as with bulk_update.
    """
    objs = list(objs)
    if not objs:
        return 0
    columns = [model._meta.get_field(name) for name in fields]
    rows = {obj.pk: [f.get_db_prep_save(f.pre_save(obj, add=False), connection) for f in columns] for obj in objs}
    quote = connection.ops.quote_name
    table, pk = quote(model._meta.db_table), quote(model._meta.pk.column)
    with connection.cursor() as cursor:
        if connection.vendor != "postgresql":
            sets = ", ".join(f"{quote(f.column)} = %s" for f in columns)
            cursor.executemany(f"UPDATE {table} SET {sets} WHERE {pk} = %s",
                               [values + [key] for key, values in rows.items()])
            return len(objs)
        # as Django's own UNNEST insert: the array types without their modifiers (varchar, not varchar(300))
        types = [f.db_type(connection).split("(")[0] for f in columns + [model._meta.pk]]
        names = ", ".join([f"c{i}" for i in range(len(columns))] + ["pk"])
        sets = ", ".join(f"{quote(f.column)} = v.c{i}" for i, f in enumerate(columns))
        arrays = ", ".join(f"%s::{db_type}[]" for db_type in types)
        cursor.execute(f"UPDATE {table} AS t SET {sets} FROM UNNEST({arrays}) AS v({names}) WHERE t.{pk} = v.pk",
                       [list(column) for column in zip(*[values + [key] for key, values in rows.items()],
                                                       strict=True)])
    return len(objs)
