import django.db.models.deletion
from django.db import migrations, models

from masthead.search import schema


def create_engine_parts(apps, schema_editor):
    schema.create(schema_editor)


def drop_engine_parts(apps, schema_editor):
    schema.drop(schema_editor)


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("newsroom", "0005_related_news"),
    ]

    operations = [
        migrations.CreateModel(
            name="SearchEntry",
            fields=[
                (
                    "story",
                    models.OneToOneField(
                        on_delete=django.db.models.deletion.CASCADE,
                        primary_key=True,
                        related_name="+",
                        serialize=False,
                        to="newsroom.articlepage",
                    ),
                ),
                ("rank_key", models.BigIntegerField(unique=True)),
                ("locale_id", models.IntegerField()),
                ("section_id", models.IntegerField(null=True)),
                ("published_at", models.DateTimeField()),
                ("title", models.TextField()),
                ("standfirst", models.TextField(blank=True)),
                ("body", models.TextField(blank=True)),
                ("facets", models.TextField(blank=True)),
            ],
            options={
                "db_table": "search_entry",
                "indexes": [
                    models.Index(
                        fields=["locale_id", "rank_key"], name="search_locale_rank"
                    )
                ],
            },
        ),
        migrations.RunPython(create_engine_parts, drop_engine_parts),
    ]
