"""`masthead manage poll_wire [--source ID] [--all]`: poll wire sources now."""

from django.core.management.base import BaseCommand, CommandError

from masthead.wire.models import WireSource
from masthead.wire.polling import poll_due_sources, poll_source


class Command(BaseCommand):
    help = (
        "Poll wire sources now: those that are due (the default), one source "
        "(--source ID) or every enabled source (--all). `masthead serve` does "
        "this by itself on each source's interval."
    )

    def add_arguments(self, parser):
        parser.add_argument("--source", type=int, default=None)
        parser.add_argument("--all", action="store_true")

    def handle(self, *args, **options):
        if options["source"] is not None:
            source = WireSource.objects.filter(pk=options["source"]).first()
            if source is None:
                raise CommandError(f"no wire source with id {options['source']}")
            results = {source.pk: poll_source(source)}
        elif options["all"]:
            results = {
                source.pk: poll_source(source)
                for source in WireSource.objects.filter(enabled=True)
            }
        else:
            results = poll_due_sources()
        names = dict(WireSource.objects.values_list("pk", "name"))
        for pk, result in results.items():
            self.stdout.write(f"{names.get(pk, pk)}: {result}")
        if not results:
            self.stdout.write("no wire source is due")
