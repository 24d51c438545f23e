"""Wagtail's own index (the admin's search, `get_search_backend()`) on
SQLite: Wagtail (modelsearch underneath) creates its FTS5 table with the default unicode61
tokenizer, which splits Bengali words at their vowel signs. Recreate it with
the tokenizer of our reader index (schema.FTS_TOKENIZER) and refill it from
its entries. Its insert/update triggers name the table, so they
keep working."""

from django.db import migrations

from masthead.search.schema import FTS_TOKENIZER

TABLE = "wagtailsearch_indexentry_fts"


def _recreate(schema_editor, tokenize: str) -> None:
    if schema_editor.connection.vendor != "sqlite":
        return
    with schema_editor.connection.cursor() as cursor:
        tables = schema_editor.connection.introspection.table_names(cursor)
    if TABLE not in tables:
        return
    schema_editor.execute(f"DROP TABLE {TABLE}")
    schema_editor.execute(
        f"CREATE VIRTUAL TABLE {TABLE} USING fts5(autocomplete, body, title{tokenize})"
    )
    schema_editor.execute(
        f"INSERT INTO {TABLE}(rowid, title, body, autocomplete) "
        "SELECT id, title, body, autocomplete FROM wagtailsearch_indexentry"
    )


def forwards(apps, schema_editor):
    _recreate(schema_editor, f', tokenize="{FTS_TOKENIZER}"')


def backwards(apps, schema_editor):
    _recreate(schema_editor, "")


class Migration(migrations.Migration):
    dependencies = [
        ("search", "0001_initial"),
        ("wagtailsearch", "0010_add_text_fields"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
