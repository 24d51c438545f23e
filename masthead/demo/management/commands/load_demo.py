"""`manage.py load_demo [--articles N]`: what `masthead demo` runs after migrate."""

from django.core.management.base import BaseCommand, CommandError

from masthead.demo.loader import (
    DEFAULT_ARTICLES,
    DEFAULT_PICTURES,
    DemoError,
    load_demo,
    validate_count,
)
from masthead.newsroom.bulk import refresh_statistics


def _count(value):
    import argparse

    try:
        return validate_count(value)
    except DemoError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


class Command(BaseCommand):
    help = (
        "Load the demo newsroom (both editions). Safe to run again: existing "
        "content is kept and articles are topped up to --articles."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--articles",
            type=_count,
            default=DEFAULT_ARTICLES,
            help=f"English articles wanted in total (default {DEFAULT_ARTICLES})",
        )
        parser.add_argument(
            "--pictures",
            type=int,
            default=DEFAULT_PICTURES,
            help=f"size of the generated picture pool (default {DEFAULT_PICTURES})",
        )
        parser.add_argument("--seed", type=int, default=None)

    def handle(
        self,
        *args,
        articles=DEFAULT_ARTICLES,
        pictures=DEFAULT_PICTURES,
        seed=None,
        **options,
    ):
        try:
            articles = validate_count(articles)
            load_demo(articles, pictures=pictures, seed=seed, stdout=self.stdout)
            refresh_statistics()
        except DemoError as exc:
            raise CommandError(str(exc)) from None
