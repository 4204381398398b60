"""The addressee (of mandates) and framework (of targets and indicators) facets, and the kinds of issue 13's second
part (work-plan activities, questionnaire questions, national reports and their answers, partner contributions).

On SQLite the columns are added with ALTER TABLE (a remade table would lose the FTS5 triggers of 0002), and the
covering index of 0003 is made again with them, so that the facet counts still read it alone.
"""

from django.db import migrations, models

COLUMNS = ("id, kind, convention, status, year, language, fallback, languages, owner_type, owner_id, "
           "addressee, framework")
FIELDS = {
    "addressee": models.CharField(blank=True, default="", help_text="Of mandates: the actor's label.",
                                  max_length=200),
    "framework": models.CharField(blank=True, default="", help_text="Of targets and indicators: the framework's code.",
                                  max_length=64),
}
SIZES = {"addressee": 200, "framework": 64}


def field_named(name: str) -> models.Field:
    field = FIELDS[name].clone()
    field.set_attributes_from_name(name)
    return field


def forward(apps, schema_editor):
    model = apps.get_model("search", "SearchDocument")  # as it was: without the two columns
    if schema_editor.connection.vendor != "sqlite":
        for name in FIELDS:
            schema_editor.add_field(model, field_named(name))
        return
    for name, size in SIZES.items():
        schema_editor.execute(f"ALTER TABLE search_searchdocument ADD COLUMN {name} varchar({size}) NOT NULL "
                              "DEFAULT ''")
    schema_editor.execute("DROP INDEX IF EXISTS search_document_filters")
    schema_editor.execute(f"CREATE INDEX search_document_filters ON search_searchdocument ({COLUMNS})")


def backward(apps, schema_editor):
    model = apps.get_model("search", "SearchDocument")
    if schema_editor.connection.vendor == "sqlite":
        schema_editor.execute("DROP INDEX IF EXISTS search_document_filters")
        schema_editor.execute("CREATE INDEX search_document_filters ON search_searchdocument "
                              "(id, kind, convention, status, year, language, fallback, languages, owner_type, "
                              "owner_id)")
        for name in FIELDS:
            schema_editor.execute(f"ALTER TABLE search_searchdocument DROP COLUMN {name}")
        return
    for name in FIELDS:
        schema_editor.remove_field(model, field_named(name))


class Migration(migrations.Migration):
    dependencies = [("search", "0003_covering_index")]
    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[migrations.RunPython(forward, backward)],
            state_operations=[migrations.AddField(model_name="searchdocument", name=name, field=field)
                              for name, field in FIELDS.items()]),
        migrations.AlterField(
            model_name="searchdocument", name="kind",
            field=models.CharField(max_length=16, choices=[
                ("decision", "Decisions"), ("paragraph", "Decision paragraphs"), ("mandate", "Mandates"),
                ("target", "Targets"), ("indicator", "Indicators"), ("convention", "Conventions"),
                ("country", "Countries"), ("organization", "Organizations"), ("partnership", "Partnerships"),
                ("activity", "Work-plan activities"), ("question", "Questionnaire questions"),
                ("report", "National reports"), ("answer", "Answers in national reports"),
                ("contribution", "Partner contributions")])),
    ]
