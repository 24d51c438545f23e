"""Stop requests for long-running commands, installable before Django loads.

Imports nothing but the standard library: `masthead serve` installs the
handlers first thing, so a Ctrl-C while Django and the server module load
ends the start-up cleanly, even where the shell started it with SIGINT
ignored.
"""

from __future__ import annotations

import signal
import threading


def stop_requests() -> threading.Event:
    """An event set by SIGTERM or SIGINT (Ctrl-C)."""
    stopping = threading.Event()

    def stop(signum, frame):
        stopping.set()

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    return stopping
