"""`masthead import SOURCE... [--publish]`: wire files, folders and URLs."""

import sys
import time

from django.core.management.base import BaseCommand, CommandError

from masthead.newsroom.bulk import refresh_statistics
from masthead.newsroom.models import SectionPage
from masthead.wire import sources
from masthead.wire.models import WireSource
from masthead.wire.polling import log_outcomes
from masthead.wire.services import import_entries

ACTIONS = ("created", "updated", "withdrawn", "skipped", "rejected")


class Command(BaseCommand):
    help = (
        "Import wire copy from files, folders or http(s) URLs: IPTC ninjs "
        "(1.x, 2.x, 3.x; a JSON object, array or JSON Lines), NewsML, RSS 2.0 "
        "or Atom. Prints one line per item and the totals (also kept in the "
        "ingest log); exits 1 if anything was rejected. Stories imported here "
        "belong to the command line, and a story of a wire source cannot be "
        "changed from here unless you import as that source (--source ID)."
    )

    def add_arguments(self, parser):
        parser.add_argument("sources", nargs="+", metavar="SOURCE")
        parser.add_argument(
            "--publish",
            action="store_true",
            help="publish new stories, updates and kills (else drafts only)",
        )
        parser.add_argument(
            "--source",
            dest="wire_source",
            type=int,
            default=None,
            metavar="ID",
            help="import as this wire source: its stories, its “publish straight "
            "away” setting (unless --publish) and its section (unless --section)",
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
        wire_source, publish = None, options["publish"]
        if options["wire_source"] is not None:
            wire_source = WireSource.objects.filter(pk=options["wire_source"]).first()
            if wire_source is None:
                raise CommandError(f"no wire source with id {options['wire_source']}")
            publish = publish or wire_source.auto_publish
            section = section or wire_source.section
        totals = dict.fromkeys(ACTIONS, 0)
        started = time.monotonic()
        for source in options["sources"]:
            # Any path: the operator runs this on the server's shell with the
            # shell's rights, so MASTHEAD_WIRE_ROOTS (which bounds the folder
            # sources configured in the admin) does not apply here.
            entries = sources.read_source(source)
            pairs = import_entries(
                entries, source=wire_source, publish=publish, section=section
            )
            for _entry, outcome in log_outcomes(pairs, wire_source):
                totals[outcome.action] += 1
                self.stdout.write(outcome.line())
        refresh_statistics()
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
