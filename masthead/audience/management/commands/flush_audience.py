from django.core.management.base import BaseCommand

from masthead.audience import spool


class Command(BaseCommand):
    help = (
        "Fold the audience spool (beacons waiting on disk) into the counts. "
        "`masthead serve` does this every few seconds by itself."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--all",
            action="store_true",
            help="Also take segments that may still be written to (no server running).",
        )

    def handle(self, *args, **options):
        count = spool.flush(everything=options["all"])
        self.stdout.write(f"{count} beacon(s) read from the spool")
