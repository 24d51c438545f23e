import os
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
MASTHEAD = Path(sys.executable).parent / "masthead"


@pytest.fixture(scope="session")
def cli_env():
    """The environment of an operator's shell: no database/Redis URLs, no
    settings module, no secret key."""
    return {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("MASTHEAD_", "DJANGO_", "DATABASE_", "REDIS_"))
    } | {"PYTHONPATH": str(REPO)}


@pytest.fixture(scope="session")
def migrated(tmp_path_factory, cli_env):
    """One migrated demo database, copied by the tests that run `masthead`
    processes (migrating takes a while)."""
    path = tmp_path_factory.mktemp("migrated")
    subprocess.run(
        [MASTHEAD, "manage", "migrate", "-v0"],
        env={**cli_env, "MASTHEAD_DATA_DIR": str(path), "MASTHEAD_DEMO": "1"},
        cwd=REPO,
        check=True,
        timeout=300,
    )
    return path / "masthead.sqlite3"
