import json
import logging

import pytest


class SecurityLog:
    def __init__(self, caplog):
        self.caplog = caplog

    @property
    def events(self) -> list[dict]:
        return [
            json.loads(record.getMessage())
            for record in self.caplog.records
            if record.name == "masthead.security"
        ]

    def named(self, name: str) -> list[dict]:
        return [event for event in self.events if event["event"] == name]


@pytest.fixture
def security_log(caplog):
    """The JSON lines written to `masthead.security` (which does not propagate
    to the root logger that caplog listens on)."""
    logger = logging.getLogger("masthead.security")
    logger.addHandler(caplog.handler)
    caplog.set_level(logging.DEBUG, logger="masthead.security")
    try:
        yield SecurityLog(caplog)
    finally:
        logger.removeHandler(caplog.handler)


@pytest.fixture
def editor(django_user_model):
    return django_user_model.objects.create_user(
        "editor", "editor@example.com", "right-horse-battery", is_superuser=True
    )
