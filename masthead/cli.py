"""The `masthead` command: serve, worker, demo, import, reindex, manage."""

from __future__ import annotations

import argparse
import os
import sys

# This module reads no environment variable: settings/base.py does. It only
# sets DJANGO_SETTINGS_MODULE (and MASTHEAD_DEMO for `masthead demo`) before
# Django loads the settings. A data dir that the demo made (its key is there)
# is run as the demo by settings/production.py itself.
DEFAULT_SETTINGS = "masthead.settings.production"


def _django_setup():
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", DEFAULT_SETTINGS)
    import django

    django.setup()


def manage(argv: list[str]) -> int:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", DEFAULT_SETTINGS)
    from django.core.management import execute_from_command_line

    execute_from_command_line(["masthead manage", *argv])
    return 0


def serve(args) -> int:
    from masthead.core.stopping import stop_requests

    stopping = stop_requests()  # a Ctrl-C while Django loads is not lost
    _django_setup()
    from django.conf import settings

    from masthead.core.server import run_server

    host = settings.MASTHEAD_SERVE_HOST if args.host is None else args.host
    port = settings.MASTHEAD_SERVE_PORT if args.port is None else args.port
    return run_server(
        host=host,
        port=port,
        workers=args.workers,
        worker=args.worker,
        stopping=stopping,
    )


def idle_interval(value: str) -> float:
    """Seconds a worker waits between looks at an empty queue: a negative or
    non-finite value would spin the CPU or never look again."""
    try:
        seconds = float(value)
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"not a number of seconds: {value!r}"
        ) from None
    if not 0.05 <= seconds <= 3600:
        raise argparse.ArgumentTypeError("must be between 0.05 and 3600 seconds")
    return seconds


def worker(args) -> int:
    _django_setup()
    from masthead.core.worker import run_worker

    queues = [name.strip() for name in args.queue.split(",") if name.strip()]
    return run_worker(
        queue_names=queues, interval=args.interval, until_empty=args.until_empty
    )


def demo(args) -> int:
    # Loading the demo is demo mode: it keeps its own secret key under the data dir.
    os.environ.setdefault("MASTHEAD_DEMO", "1")
    _django_setup()
    from django.core.management import call_command
    from django.core.management.base import CommandError

    try:
        call_command("migrate", interactive=False, verbosity=0)
        call_command("load_demo", articles=args.articles)
        # The newsroom's roles, with a section editor for Sports as an example.
        call_command("setup_roles", section_editor=["sports"], verbosity=0)
    except CommandError as exc:
        print(f"masthead demo: {exc}", file=sys.stderr)
        return 2
    return 0


def import_(args) -> int:
    _django_setup()
    from django.core.management import call_command
    from django.core.management.base import CommandError

    try:
        return call_command("import_wire", *args.sources, publish=args.publish) or 0
    except CommandError as exc:
        print(f"masthead import: {exc}", file=sys.stderr)
        return 2


def reindex(args) -> int:
    _django_setup()
    from django.core.management import call_command

    from masthead.core.server import pending_migrations

    pending = pending_migrations()
    if pending:
        print(
            f"masthead reindex: {pending} database migration(s) are not applied; "
            "run `masthead manage migrate` first.",
            file=sys.stderr,
        )
        return 2
    call_command("reindex")
    return 0


def main(argv: list[str] | None = None) -> int:
    from django.core.exceptions import ImproperlyConfigured

    try:
        return _main(argv)
    except ImproperlyConfigured as exc:
        print(f"masthead: configuration error: {exc}", file=sys.stderr)
        return 2


def _main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if argv and argv[0] == "manage":
        return manage(argv[1:])

    parser = argparse.ArgumentParser(prog="masthead", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)

    p_serve = commands.add_parser("serve", help="run the production server")
    # Defaults: HOST and PORT, read with the other settings (settings/base.py).
    p_serve.add_argument("--host")
    p_serve.add_argument("--port", type=int)
    p_serve.add_argument("--workers", type=int, default=None)
    p_serve.add_argument(
        "--no-worker",
        dest="worker",
        action="store_false",
        help="run no background-task worker here (run `masthead worker` instead)",
    )
    p_serve.set_defaults(func=serve)

    p_worker = commands.add_parser(
        "worker", help="run background tasks (beside `masthead serve --no-worker`)"
    )
    p_worker.add_argument(
        "--queue", default="*", help="queues to run, comma-separated (default: all)"
    )
    p_worker.add_argument(
        "--interval",
        type=idle_interval,
        default=1.0,
        help="seconds between looks when idle",
    )
    p_worker.add_argument(
        "--until-empty",
        action="store_true",
        help="run what is queued, then exit (after a bulk load, or from cron)",
    )
    p_worker.set_defaults(func=worker)

    p_demo = commands.add_parser("demo", help="load the demo newsroom")
    p_demo.add_argument("--articles", type=int, default=320)
    p_demo.set_defaults(func=demo)

    p_import = commands.add_parser(
        "import", help="import IPTC ninjs files or folders (wire copy)"
    )
    p_import.add_argument("sources", nargs="+", metavar="SOURCE")
    p_import.add_argument(
        "--publish", action="store_true", help="publish new stories (else drafts)"
    )
    p_import.set_defaults(func=import_)

    p_reindex = commands.add_parser(
        "reindex", help="rebuild the search index (progress on stderr)"
    )
    p_reindex.set_defaults(func=reindex)

    commands.add_parser("manage", help="Django's manage.py (masthead manage --help)")

    args = parser.parse_args(argv)
    return args.func(args) or 0


if __name__ == "__main__":
    sys.exit(main())
