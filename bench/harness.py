"""What every bench part shares: processes, legs, newsrooms, servers and wrk.

Every process the bench starts runs in its own process group and is known to
`Processes`, so an error, a Ctrl-C or a SIGTERM to the bench stops them all
(servers, nginx, wrk, imports) and leaves nothing listening.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
LUA = Path(__file__).resolve().parent / "lua"


def log(message: str) -> None:
    print(f"bench: {message}", flush=True)


def env_int(name: str, default: int) -> int:
    return int(os.environ.get(name) or default)


# --- processes ---------------------------------------------------------------


class Processes:
    """The bench's child processes, each the leader of its own group."""

    def __init__(self):
        self.running: list[subprocess.Popen] = []

    def start(self, cmd, **kwargs) -> subprocess.Popen:
        proc = subprocess.Popen([str(part) for part in cmd], process_group=0, **kwargs)
        self.running.append(proc)
        return proc

    def run(self, cmd, *, check: bool = True, timeout: float | None = None, **kw):
        """subprocess.run in its own group; (returncode, stdout, stderr)."""
        kw.setdefault("stdout", subprocess.PIPE)
        kw.setdefault("stderr", subprocess.PIPE)
        proc = self.start(cmd, text=True, **kw)
        try:
            out, err = proc.communicate(timeout=timeout)
        finally:
            self.stop(proc)
        if check and proc.returncode != 0:
            raise RuntimeError(
                f"{Path(str(cmd[0])).name} {' '.join(map(str, cmd[1:3]))} failed "
                f"({proc.returncode}):\n{(err or out or '')[-3000:]}"
            )
        return proc.returncode, out or "", err or ""

    def stop(self, proc: subprocess.Popen, sig=signal.SIGTERM, grace=25.0) -> None:
        """Stop `proc`, its group and the groups of its descendants (granian
        runs in a group of its own under `masthead serve`)."""
        groups = {proc.pid} | {_pgid(pid) for pid in _descendants(proc.pid)}
        groups.discard(None)
        groups.discard(os.getpgrp())
        if proc.poll() is None:
            with contextlib.suppress(ProcessLookupError, PermissionError):
                os.killpg(proc.pid, sig)
            try:
                proc.wait(grace)
            except subprocess.TimeoutExpired:
                log(f"pid {proc.pid} did not stop within {grace:.0f}s; killing it")
        for group in groups:
            with contextlib.suppress(ProcessLookupError, PermissionError):
                os.killpg(group, signal.SIGKILL)
        with contextlib.suppress(subprocess.TimeoutExpired):
            proc.wait(5)
        if proc in self.running:
            self.running.remove(proc)

    def stop_all(self) -> None:
        for proc in reversed(list(self.running)):
            self.stop(proc, grace=20.0)


def _descendants(pid: int) -> list[int]:
    found, todo = [], [pid]
    while todo:
        parent = todo.pop()
        for task in Path(f"/proc/{parent}/task").glob("*"):
            with contextlib.suppress(OSError):
                children = [int(c) for c in (task / "children").read_text().split()]
                found += children
                todo += children
    return found


def _pgid(pid: int) -> int | None:
    try:
        return os.getpgid(pid)
    except ProcessLookupError:
        return None


PROCS = Processes()


def ensure_tools() -> None:
    missing = [
        pkg
        for tool, pkg in (("wrk", "wrk"), ("nginx", "nginx-light"))
        if not shutil.which(tool) and not Path(f"/usr/sbin/{tool}").exists()
    ]
    if missing:
        log(f"installing {' '.join(missing)} from Debian")
        env = dict(os.environ, DEBIAN_FRONTEND="noninteractive")
        subprocess.run(["apt-get", "update", "-qq"], check=True, env=env)
        subprocess.run(
            ["apt-get", "install", "-y", "-qq", *missing],
            check=True,
            env=env,
            stdout=subprocess.DEVNULL,
        )


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


# --- legs: where the newsroom lives ------------------------------------------

DATABASE_URL = os.environ.get(
    "BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/masthead_bench"
)
REDIS_URL = os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/1")


@dataclass(frozen=True)
class Leg:
    """One setup the newsroom runs on: SQLite and files, or PostgreSQL + Redis."""

    name: str
    database_url: str | None = None
    redis_url: str | None = None

    @property
    def label(self) -> str:
        return "PostgreSQL + Redis" if self.database_url else "SQLite"

    def for_newsroom(self, data_dir: Path, suffix: str = "") -> Leg:
        """This leg for the newsroom kept in `data_dir`: its own database,
        BENCH_DATABASE_URL (plus `suffix` for the large newsroom) or one
        named after the data dir (var/bench-pg: masthead_bench)."""
        if not self.database_url:
            return self
        parsed = urllib.request.urlparse(self.database_url)
        if os.environ.get("BENCH_DATABASE_URL"):
            name = parsed.path.lstrip("/") + suffix
        else:
            name = "masthead_" + re.sub(r"\W", "_", data_dir.name.removesuffix("-pg"))
        return Leg(self.name, parsed._replace(path=f"/{name}").geturl(), self.redis_url)

    def unavailable(self) -> str:
        """Why this leg cannot run here, or ''. Creates a missing database
        (the newsroom in it is kept between runs, like var/bench)."""
        if not self.database_url:
            return ""
        return postgres_database(self.database_url, fresh=False) or redis_ping(
            self.redis_url
        )


def legs() -> list[Leg]:
    wanted = os.environ.get("BENCH_LEGS", "sqlite,postgres").split(",")
    found = []
    if "sqlite" in wanted:
        found.append(Leg("sqlite"))
    if "postgres" in wanted:
        found.append(Leg("postgres", DATABASE_URL, REDIS_URL))
    return found


def postgres_database(url: str, *, fresh: bool) -> str:
    """Make sure the database exists (empty when `fresh`); the reason it
    cannot be used, or ''."""
    try:
        import psycopg
    except ImportError as exc:
        return f"psycopg is not installed ({exc})"
    parsed = urllib.request.urlparse(url)
    name = parsed.path.lstrip("/")
    admin = parsed._replace(path="/postgres").geturl()
    try:
        with psycopg.connect(admin, autocommit=True, connect_timeout=3) as conn:
            if fresh:
                conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
            exists = conn.execute(
                "SELECT 1 FROM pg_database WHERE datname = %s", (name,)
            ).fetchone()
            if not exists:
                conn.execute(f'CREATE DATABASE "{name}"')
    except psycopg.Error as exc:
        return f"PostgreSQL at {parsed.hostname}:{parsed.port} unavailable: {exc}"
    return ""


def redis_ping(url: str | None) -> str:
    if not url:
        return ""
    try:
        import redis

        redis.Redis.from_url(url, socket_connect_timeout=3).ping()
    except Exception as exc:  # noqa: BLE001 - any failure means "skip the leg"
        return f"Redis at {url} unavailable: {exc}"
    return ""


def clear_redis(url: str | None) -> None:
    """Drop the site's keys (prefix `masthead:`, as settings/base.py sets it)
    so one newsroom never reads another's cached fragments; leaves other
    users of the same Redis database alone."""
    if not url:
        return
    import redis

    client = redis.Redis.from_url(url)
    keys = list(client.scan_iter(match="masthead:*", count=1000))
    for start in range(0, len(keys), 1000):
        client.delete(*keys[start : start + 1000])


@dataclass(frozen=True)
class Newsroom:
    """A demo newsroom of `articles` English stories in `data_dir` on `leg`."""

    leg: Leg
    data_dir: Path
    articles: int

    def env(self, **extra) -> dict:
        env = {
            k: v
            for k, v in os.environ.items()
            if k not in ("DATABASE_URL", "REDIS_URL")
        }
        env.update(
            MASTHEAD_DATA_DIR=str(self.data_dir),
            MASTHEAD_DEMO="1",
            DJANGO_SETTINGS_MODULE="masthead.settings.production",
        )
        if self.leg.database_url:
            env["DATABASE_URL"] = self.leg.database_url
        if self.leg.redis_url:
            env["REDIS_URL"] = self.leg.redis_url
        env.update(extra)
        return env

    def load(self) -> float:
        """Seconds `masthead demo --articles N` took (a top-up check once the
        newsroom is there)."""
        log(
            f"{self.leg.label}: newsroom of {self.articles:,} articles in "
            f"{self.data_dir} (kept between runs)"
        )
        self.data_dir.mkdir(parents=True, exist_ok=True)
        started = time.monotonic()
        proc = PROCS.start(
            [BIN / "masthead", "demo", "--articles", str(self.articles)],
            env=self.env(),
        )
        try:
            code = proc.wait()
        finally:
            PROCS.stop(proc)
        if code != 0:
            raise RuntimeError(f"masthead demo failed ({code})")
        elapsed = time.monotonic() - started
        PROCS.run(
            [BIN / "masthead", "manage", "collectstatic", "--noinput", "-v0"],
            env=self.env(),
        )
        return elapsed

    def python(self, script: str, *args: str) -> dict:
        """Run `script` with Django set up for this newsroom; its last line,
        parsed as JSON."""
        _code, out, _err = PROCS.run(
            [BIN / "python", "-c", script, *args],
            env=self.env(MASTHEAD_ALLOWED_HOSTS="testserver,127.0.0.1"),
            cwd=REPO,
        )
        return json.loads(out.strip().splitlines()[-1])


# --- masthead serve ----------------------------------------------------------


class Server:
    """`masthead serve --workers 2` on a free loopback port."""

    def __init__(self, newsroom: Newsroom, name: str = "serve"):
        self.newsroom = newsroom
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.log_path = newsroom.data_dir / f"bench-{name}.log"
        self.proc = None

    def __enter__(self) -> Server:
        clear_redis(self.newsroom.leg.redis_url)
        with self.log_path.open("w") as log_file:
            self.proc = PROCS.start(
                [
                    BIN / "masthead",
                    "serve",
                    "--port",
                    str(self.port),
                    "--workers",
                    "2",
                ],
                env=self.newsroom.env(),
                stdout=log_file,
                stderr=subprocess.STDOUT,
            )
        try:
            wait_for(self.url("/"), timeout=120)
        except BaseException:
            print(self.log_path.read_text()[-3000:])
            self.__exit__()
            raise
        return self

    def __exit__(self, *exc) -> None:
        if self.proc is not None:
            PROCS.stop(self.proc)
            self.proc = None

    def url(self, path: str) -> str:
        return self.base + path

    def get(self, path: str, timeout: float = 30) -> tuple[int, bytes]:
        """Status and body of a plain anonymous GET; 0 when it timed out."""
        try:
            with urllib.request.urlopen(self.url(path), timeout=timeout) as response:
                return response.status, response.read()
        except urllib.error.HTTPError as error:
            return error.code, b""
        except (TimeoutError, urllib.error.URLError):
            return 0, b""

    def get_json(self, path: str):
        status, body = self.get(path)
        if status != 200:
            raise RuntimeError(f"GET {path} answered {status or 'nothing (timeout)'}")
        return json.loads(body)


def wait_for(url: str, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=5) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.3)
    raise RuntimeError(f"{url} did not answer 200 within {timeout:.0f}s")


def path_of(url: str) -> str:
    parsed = urllib.request.urlparse(url)
    return parsed.path + (f"?{parsed.query}" if parsed.query else "")


# --- wrk -----------------------------------------------------------------------


def wrk_command(
    url: str,
    *,
    seconds: int,
    threads: int = 2,
    connections: int = 64,
    script: str = "report.lua",
    script_args: tuple = (),
) -> list:
    return [
        "wrk",
        f"-t{threads}",
        f"-c{connections}",
        f"-d{seconds}s",
        "--timeout",
        "5s",
        "--latency",
        "-s",
        LUA / script,
        url,
        *(["--", *map(str, script_args)] if script_args else []),
    ]


def wrk_result(out: str) -> dict:
    """The JSON line bench/lua/report.lua prints when wrk is done."""
    for line in out.splitlines():
        if line.startswith("BENCH_JSON "):
            result = json.loads(line.removeprefix("BENCH_JSON "))
            seconds = result["duration_us"] / 1e6
            result["rps"] = result["requests"] / seconds if seconds else 0.0
            result["socket_errors"] = sum(
                result["errors"][k] for k in ("connect", "read", "write")
            )
            result["timeouts"] = result["errors"]["timeout"]
            statuses = result.get("statuses") or {}
            if statuses:
                result["non2xx"] = sum(
                    n for code, n in statuses.items() if not code.startswith("2")
                )
            else:  # wrk's own count: status >= 400
                result["non2xx"] = result["errors"]["status"]
            return result
    raise RuntimeError(f"wrk printed no result:\n{out[-2000:]}")


def wrk(url: str, **kwargs) -> dict:
    _code, out, _err = PROCS.run(wrk_command(url, **kwargs))
    return wrk_result(out)


def ms(us: float) -> str:
    return f"{us / 1000:.1f} ms"
