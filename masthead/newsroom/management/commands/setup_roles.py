"""Create or update the newsroom's role groups. Safe to run again."""

from django.core.management.base import BaseCommand, CommandError

from masthead.newsroom.roles import UnknownSection, ensure_roles


class Command(BaseCommand):
    help = (
        "Create or update the newsroom role groups (Reporter, Sub-editor, "
        "Section editor, Chief editor, Moderator, Administrator) and their "
        "permissions. Run it again after adding sections."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--section-editor",
            action="append",
            default=[],
            metavar="SECTION_SLUG",
            help='Also set up "Section editor: <section>" for this section '
            "(repeatable).",
        )

    def handle(self, *args, **options):
        try:
            groups, changes = ensure_roles(options["section_editor"])
        except UnknownSection as error:
            raise CommandError(f"No section with the slug {error.args[0]!r}.") from None
        if options["verbosity"] < 1:
            return
        for name in groups:
            self.stdout.write(f"Role: {name}")
        if changes:
            self.stdout.write(self.style.SUCCESS(f"{changes} permission(s) changed."))
        else:
            self.stdout.write("Roles were already up to date.")
