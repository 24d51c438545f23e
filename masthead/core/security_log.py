"""Security events as structured log lines (OWASP ASVS V16) an operator can ship.

Every line goes to the `masthead.security` logger as one JSON object:
`{"event": "login.failed", "user": "...", "ip": "...", ...}`. Event names are
dotted, newsroom words first: login.*, lockout, permission.denied, role.*,
wire.rejected.
"""

from __future__ import annotations

import json
import logging

from .text import strip_controls

logger = logging.getLogger("masthead.security")


def security_event(event: str, *, level: int = logging.WARNING, **fields) -> None:
    """Log one security event; `fields` must be JSON-serialisable (str() otherwise)."""
    record = {"event": event}
    for name, value in fields.items():
        if isinstance(value, str):
            value = strip_controls(value)[:500]
        record[name] = value
    logger.log(level, json.dumps(record, default=str, ensure_ascii=False))
