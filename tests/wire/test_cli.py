"""`masthead import` end to end: output lines, totals and exit codes."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

MASTHEAD = Path(sys.executable).parent / "masthead"


def story(uri, headline="A wire story", version="1"):
    return {
        "uri": uri,
        "version": version,
        "type": "text",
        "language": "en",
        "headlines": [{"value": headline}],
        "bodies": [{"contentType": "text/html", "value": "<p>Body text.</p>"}],
    }


def _env(data_dir, **extra):
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("MASTHEAD_", "DJANGO_", "DATABASE_", "REDIS_"))
    }
    env.update(MASTHEAD_DATA_DIR=str(data_dir), **extra)
    return env


def masthead(*args, env):
    return subprocess.run(
        [str(MASTHEAD), *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    data_dir = tmp_path_factory.mktemp("data")
    env = _env(data_dir, MASTHEAD_DEMO="1")
    result = masthead("manage", "migrate", "--verbosity", "0", env=env)
    assert result.returncode == 0, result.stderr
    return env


def test_import_creates_then_skips_the_same_version(site, tmp_path):
    folder = tmp_path / "wire"
    folder.mkdir()
    (folder / "one.json").write_text(json.dumps(story("urn:cli:1")))
    lines = "\n".join(json.dumps(story(f"urn:cli:{n}")) for n in (2, 3))
    (folder / "more.jsonl").write_text(lines)

    first = masthead("import", str(folder), "--publish", env=site)
    assert first.returncode == 0, first.stdout + first.stderr
    lines = first.stdout.splitlines()
    assert [line.split()[0] for line in lines[:3]] == ["created"] * 3
    assert "created section 'World+Biz'" in lines[0]
    assert "3 items: 3 created" in first.stdout

    again = masthead("import", str(folder), env=site)
    assert again.returncode == 0
    assert "3 skipped" in again.stdout

    newer = tmp_path / "newer.json"
    newer.write_text(json.dumps(story("urn:cli:1", "Changed", version="2")))
    update = masthead("import", str(newer), env=site)
    assert update.returncode == 0
    assert update.stdout.startswith("updated")


def test_rejections_are_reported_and_exit_1(site, tmp_path):
    good = tmp_path / "good.json"
    good.write_text(json.dumps(story("urn:cli:good")))
    utf16 = tmp_path / "utf16.json"
    utf16.write_bytes(json.dumps(story("urn:cli:utf16", "Ünïcode")).encode("utf-16"))
    broken = tmp_path / "broken.json"
    broken.write_text('{"uri": "urn:cli:broken", ')
    picture = tmp_path / "picture.json"
    picture.write_text(json.dumps({"uri": "urn:cli:pic", "type": "picture"}))
    result = masthead(
        "import",
        str(good),
        str(utf16),
        str(broken),
        str(picture),
        str(tmp_path / "missing.json"),
        env=site,
    )
    output = result.stdout + result.stderr
    assert result.returncode == 1, output
    assert "Traceback" not in output
    assert "2 created" in result.stdout and "3 rejected" in result.stdout
    assert "malformed JSON" in result.stdout
    assert "not supported yet" in result.stdout
    assert "no such file or folder" in result.stdout


def test_import_needs_a_secret_key_outside_the_demo(tmp_path):
    result = masthead("import", str(tmp_path), env=_env(tmp_path))
    assert result.returncode == 2
    assert "MASTHEAD_SECRET_KEY" in result.stderr
    assert "Traceback" not in result.stderr
