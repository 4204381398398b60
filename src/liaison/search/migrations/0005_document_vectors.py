"""The documents' embeddings (search.vectors) in a side table the database deletes with its document.

Django's own foreign key would make every delete of documents load them first to cascade in Python; the table is
made by hand with ON DELETE CASCADE instead. On SQLite a narrow index lets the cache's version check
(count, max and sum of the ids) read the ids without the vectors.
"""

from django.db import migrations, models

SQLITE = [
    "CREATE TABLE search_searchvector (document_id integer NOT NULL PRIMARY KEY "
    "REFERENCES search_searchdocument (id) ON DELETE CASCADE DEFERRABLE INITIALLY DEFERRED, vector BLOB NOT NULL)",
    "CREATE INDEX search_vector_ids ON search_searchvector (document_id)",
]
POSTGRESQL = [
    "CREATE TABLE search_searchvector (document_id bigint NOT NULL PRIMARY KEY "
    "REFERENCES search_searchdocument (id) ON DELETE CASCADE DEFERRABLE INITIALLY DEFERRED, vector bytea NOT NULL)",
]


def forward(apps, schema_editor):
    for sql in POSTGRESQL if schema_editor.connection.vendor == "postgresql" else SQLITE:
        schema_editor.execute(sql)


def backward(apps, schema_editor):
    schema_editor.execute("DROP TABLE IF EXISTS search_searchvector")


class Migration(migrations.Migration):
    dependencies = [("search", "0004_facets_and_kinds")]
    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="SearchVector",
                    fields=[
                        ("document", models.OneToOneField(db_constraint=False, on_delete=models.DO_NOTHING,
                                                          primary_key=True, related_name="+", serialize=False,
                                                          to="search.searchdocument")),
                        ("vector", models.BinaryField(help_text="float16, little-endian, L2-normalized.")),
                    ],
                ),
            ],
            database_operations=[migrations.RunPython(forward, backward)],
        ),
    ]
