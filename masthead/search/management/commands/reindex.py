"""`masthead reindex`: rebuild the reader-search index from the newsroom."""

import sys

from django.core.management.base import BaseCommand

from masthead.search.index import rebuild


class Command(BaseCommand):
    help = "Rebuild the search index of every story readers may see."

    def handle(self, *args, **options):
        err = sys.stderr
        tty = err.isatty()

        def progress(done: int, total: int) -> None:
            if tty:
                width = 30
                filled = width * done // max(total, 1)
                bar = "#" * filled + "-" * (width - filled)
                err.write(f"\r[{bar}] {done}/{total}")
                if done >= total:
                    err.write("\n")
            else:
                err.write(f"indexed {done}/{total}\n")
            err.flush()

        count, seconds = rebuild(progress)
        self.stdout.write(f"Indexed {count} stories in {seconds:.1f} s.")
