"""Every `masthead` command works against the data dir `make demo` made, with
no extra environment; production without a key still refuses."""

import json
import shutil
import subprocess

from .conftest import MASTHEAD, REPO


def run(*args, env):
    return subprocess.run(
        [MASTHEAD, *args],
        env=env,
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=300,
    )


def test_a_second_terminal_can_import_into_the_demo(tmp_path, migrated, cli_env):
    data_dir = tmp_path / "var"
    data_dir.mkdir()
    shutil.copy(migrated, data_dir / "masthead.sqlite3")
    # `make demo` made the data dir (and its key) in demo mode...
    made = run(
        "manage",
        "check",
        env={**cli_env, "MASTHEAD_DATA_DIR": str(data_dir), "MASTHEAD_DEMO": "1"},
    )
    assert made.returncode == 0, made.stderr
    assert (data_dir / "demo_secret_key").exists()
    # ...and a second terminal has nothing but the data dir.
    env = {**cli_env, "MASTHEAD_DATA_DIR": str(data_dir)}
    item = tmp_path / "brief.json"
    item.write_text(
        json.dumps(
            {
                "uri": "urn:newcomer:1",
                "type": "text",
                "headlines": [{"value": "Ferry service resumes"}],
                "bodies": [{"contentType": "text/html", "value": "<p>Body.</p>"}],
            }
        )
    )
    imported = run("import", str(item), "--publish", env=env)
    assert imported.returncode == 0, imported.stderr
    assert "created" in imported.stdout
    assert "SECRET_KEY" not in imported.stderr
    shown = run(
        "manage",
        "shell",
        "-c",
        "from masthead.newsroom.models import ArticlePage; "
        "print(ArticlePage.objects.get(title='Ferry service resumes').live)",
        env=env,
    )
    assert shown.stdout.strip().endswith("True"), shown.stderr


def test_production_without_a_key_still_refuses(tmp_path, cli_env):
    env = {**cli_env, "MASTHEAD_DATA_DIR": str(tmp_path)}
    for args in (("manage", "check"), ("import", str(tmp_path))):
        result = run(*args, env=env)
        assert result.returncode == 2
        assert "MASTHEAD_SECRET_KEY is not set" in result.stderr
        assert "Traceback" not in result.stderr
    assert not (tmp_path / "demo_secret_key").exists()
