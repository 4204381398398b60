"""The full-text index of the search documents: FTS5 on SQLite, a tsvector column with GIN on PostgreSQL."""

from django.db import migrations

SQLITE = [
    # External content: the text lives once, in search_searchdocument; FTS5 holds only the index.
    "CREATE VIRTUAL TABLE search_fts USING fts5(title, body, stems, content='search_searchdocument', "
    "content_rowid='id', tokenize='porter unicode61 remove_diacritics 2')",
    # Triggers keep the index in the writer's transaction, whatever writes the table (ORM, bulk, raw SQL).
    "CREATE TRIGGER search_fts_insert AFTER INSERT ON search_searchdocument BEGIN "
    "INSERT INTO search_fts(rowid, title, body, stems) VALUES (new.id, new.title, new.body, new.stems); END",
    "CREATE TRIGGER search_fts_delete AFTER DELETE ON search_searchdocument BEGIN "
    "INSERT INTO search_fts(search_fts, rowid, title, body, stems) "
    "VALUES ('delete', old.id, old.title, old.body, old.stems); END",
    "CREATE TRIGGER search_fts_update AFTER UPDATE OF title, body, stems ON search_searchdocument BEGIN "
    "INSERT INTO search_fts(search_fts, rowid, title, body, stems) "
    "VALUES ('delete', old.id, old.title, old.body, old.stems); "
    "INSERT INTO search_fts(rowid, title, body, stems) VALUES (new.id, new.title, new.body, new.stems); END",
]
SQLITE_REVERSE = [
    "DROP TRIGGER IF EXISTS search_fts_update",
    "DROP TRIGGER IF EXISTS search_fts_delete",
    "DROP TRIGGER IF EXISTS search_fts_insert",
    "DROP TABLE IF EXISTS search_fts",
]


def vector(config: str) -> str:
    return (f"setweight(to_tsvector('{config}'::regconfig, coalesce(title, '')), 'A') || "
            f"setweight(to_tsvector('{config}'::regconfig, coalesce(body, '')), 'B')")


# Each text in its own language's dictionary (stemming and stop words); a CASE keeps the expression immutable.
POSTGRESQL = [
    "ALTER TABLE search_searchdocument ADD COLUMN tsv tsvector GENERATED ALWAYS AS (CASE language "
    f"WHEN 'fr' THEN {vector('french')} WHEN 'es' THEN {vector('spanish')} ELSE {vector('english')} END) STORED",
    "CREATE INDEX search_document_tsv ON search_searchdocument USING GIN (tsv)",
]
POSTGRESQL_REVERSE = [
    "DROP INDEX IF EXISTS search_document_tsv",
    "ALTER TABLE search_searchdocument DROP COLUMN IF EXISTS tsv",
]


def statements_run(schema_editor, statements: dict[str, list[str]]) -> None:
    for sql in statements.get(schema_editor.connection.vendor, []):
        schema_editor.execute(sql)


def forward(apps, schema_editor):
    statements_run(schema_editor, {"sqlite": SQLITE, "postgresql": POSTGRESQL})


def backward(apps, schema_editor):
    statements_run(schema_editor, {"sqlite": SQLITE_REVERSE, "postgresql": POSTGRESQL_REVERSE})


class Migration(migrations.Migration):
    dependencies = [("search", "0001_search_documents")]
    operations = [migrations.RunPython(forward, backward)]
