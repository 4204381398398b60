"""PostgreSQL: b-tree indexes on the filter columns a search narrows by (year, convention; kind leads the unique
index already), so that a common word under a narrow filter is answered by the GIN index and these combined
(a BitmapAnd), not by walking every newest match until enough pass (backends.postgresql.newest_sql)."""

from django.db import migrations

INDEXES = {"search_document_year": "year", "search_document_convention": "convention"}


def forward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for name, column in INDEXES.items():
            schema_editor.execute(f"CREATE INDEX IF NOT EXISTS {name} ON search_searchdocument ({column})")


def backward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for name in INDEXES:
            schema_editor.execute(f"DROP INDEX IF EXISTS {name}")


class Migration(migrations.Migration):
    dependencies = [("search", "0005_document_vectors")]
    operations = [migrations.RunPython(forward, backward)]
