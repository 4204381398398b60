"""SQLite: a narrow index holding every column the filters and facets read, so that joining the FTS5 matches to
their documents reads this index instead of the wide rows with their text (about a third faster at 100,000)."""

from django.db import migrations

COLUMNS = "id, kind, convention, status, year, language, fallback, languages, owner_type, owner_id"


def forward(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        schema_editor.execute(f"CREATE INDEX search_document_filters ON search_searchdocument ({COLUMNS})")


def backward(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        schema_editor.execute("DROP INDEX IF EXISTS search_document_filters")


class Migration(migrations.Migration):
    dependencies = [("search", "0002_fulltext_index")]
    operations = [migrations.RunPython(forward, backward)]
