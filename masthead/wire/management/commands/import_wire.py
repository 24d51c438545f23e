"""`masthead import SOURCE... [--publish]`: wire files, folders and URLs."""

import sys
import time

from django.core.management.base import BaseCommand, CommandError

from masthead.newsroom.models import SectionPage
from masthead.wire import ninjs
from masthead.wire.polling import log_outcomes
from masthead.wire.services import import_entries

ACTIONS = ("created", "updated", "withdrawn", "skipped", "rejected")


class Command(BaseCommand):
    help = (
        "Import wire copy from files, folders or http(s) URLs: IPTC ninjs "
        "(1.x, 2.x, 3.x; a JSON object, array or JSON Lines), NewsML, RSS 2.0 "
        "or Atom. Prints one line per item and the totals (also kept in the "
        "ingest log); exits 1 if anything was rejected."
    )

    def add_arguments(self, parser):
        parser.add_argument("sources", nargs="+", metavar="SOURCE")
        parser.add_argument(
            "--publish", action="store_true", help="publish new stories (else drafts)"
        )
        parser.add_argument(
            "--section", type=int, default=None, help="id of the section to file in"
        )

    def handle(self, *args, **options):
        section = None
        if options["section"] is not None:
            section = SectionPage.objects.filter(pk=options["section"]).first()
            if section is None:
                raise CommandError(f"no section with id {options['section']}")
        totals = dict.fromkeys(ACTIONS, 0)
        started = time.monotonic()
        for source in options["sources"]:
            # Any path: the operator runs this on the server's shell with the
            # shell's rights, so MASTHEAD_WIRE_ROOTS (which bounds the folder
            # sources configured in the admin) does not apply here.
            entries = ninjs.read_source(source)
            pairs = import_entries(entries, publish=options["publish"], section=section)
            for _entry, outcome in log_outcomes(pairs):
                totals[outcome.action] += 1
                self.stdout.write(outcome.line())
        elapsed = time.monotonic() - started
        count = sum(totals.values())
        summary = ", ".join(f"{totals[action]} {action}" for action in ACTIONS)
        self.stdout.write(f"{count} items: {summary} ({elapsed:.1f}s)")
        self._exit_code = 1 if totals["rejected"] else 0
        return None

    def execute(self, *args, **options):
        self._exit_code = 0
        super().execute(*args, **options)
        return self._exit_code

    def run_from_argv(self, argv):
        super().run_from_argv(argv)
        if self._exit_code:
            sys.exit(self._exit_code)
