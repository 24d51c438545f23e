"""Where wire folder sources may read: only under the operator's wire roots.

A folder source is configured in the admin (by a chief editor), but the files
it reads are on the server. So every folder, and every file in it, must lie
under one of MASTHEAD_WIRE_ROOTS (default: `$MASTHEAD_DATA_DIR/wire`, which
holds the demo's `wire/inbox`), after resolving symbolic links:

- when the source is saved (a form error), and again at every poll, because a
  folder can be swapped for a symlink later;
- for every file inside the folder: a symlink pointing outside the roots is
  refused, and the file actually opened is checked again through
  /proc/self/fd, so a path swapped between the check and the open does not
  get through; devices and pipes are refused too.

Ingest log lines, which sub-editors read, name files relative to their root,
never by their absolute path on the server.

`masthead import PATH` does NOT go through here: an operator runs it on the
server's shell, with the shell's rights, so it may read any path.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Iterator
from pathlib import Path

from django.conf import settings
from django.utils.translation import gettext as _

OUTSIDE = (
    "refused: not inside the wire folders set by the operator (MASTHEAD_WIRE_ROOTS)"
)


def wire_roots() -> list[Path]:
    configured = getattr(settings, "MASTHEAD_WIRE_ROOTS", None) or [
        Path(settings.DATA_DIR) / "wire"
    ]
    return [
        Path(os.path.realpath(root)) for root in configured if Path(root).is_absolute()
    ]


def root_of(real: Path) -> Path | None:
    """The root that holds `real` (an already resolved path), if any."""
    for root in wire_roots():
        if real == root or real.is_relative_to(root):
            return root
    return None


def resolve(location: str | os.PathLike) -> tuple[Path, Path | None]:
    """(the real path, its root or None)."""
    real = Path(os.path.realpath(location))
    return real, root_of(real)


def display(path: str | os.PathLike) -> str:
    """A path as sub-editors may see it: relative to its wire root; a path
    outside every root shows only its last part."""
    path = Path(os.path.normpath(path))
    configured = [
        Path(os.path.normpath(root))
        for root in getattr(settings, "MASTHEAD_WIRE_ROOTS", None) or []
    ]
    for candidate in (path, Path(os.path.realpath(path))):
        for root in [*wire_roots(), *configured]:
            if candidate.is_relative_to(root):
                relative = candidate.relative_to(root).as_posix()
                return root.name if relative == "." else relative
    return f"…/{path.name}"


def folder_problem(location: str) -> str:
    """Why `location` may not be a folder source ("" if it may), for the form."""
    _real, root = resolve(location)
    if root is None:
        roots = ", ".join(str(root) for root in wire_roots())
        return _(
            "The folder must be inside the wire folders set by the operator "
            "(MASTHEAD_WIRE_ROOTS: %(roots)s); symbolic links are followed."
        ) % {"roots": roots}
    return ""


def _opened_path(fd: int) -> Path | None:
    try:
        return Path(os.readlink(f"/proc/self/fd/{fd}"))
    except OSError:
        return None  # no /proc (not Linux): the resolved path was checked


def read_file(path: Path, fmt: str | None = None) -> Iterator:
    """Entries of one file of a folder source, read only if it really lies
    under a wire root (see the module's docstring)."""
    from . import reading, sources

    label = display(path)
    real, root = resolve(path)
    if root is None:
        yield reading.Entry(label, error=f"{OUTSIDE}: a link to a file elsewhere")
        return
    flags = os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_NOFOLLOW", 0)
    try:
        fd = os.open(real, flags | getattr(os, "O_CLOEXEC", 0))
    except OSError as exc:
        yield reading.Entry(label, error=f"cannot read: {exc.strerror or exc}")
        return
    with os.fdopen(fd, "rb") as handle:
        opened = _opened_path(fd)
        if opened is not None and root_of(opened) is None:
            yield reading.Entry(label, error=f"{OUTSIDE}: the file moved elsewhere")
            return
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            yield reading.Entry(label, error="refused: not a regular file")
            return
        if info.st_size > sources.MAX_FILE_BYTES:
            yield reading.Entry(
                label,
                error=f"file too large ({info.st_size} bytes; the limit is "
                f"{sources.MAX_FILE_BYTES})",
            )
            return
        try:
            raw = handle.read(sources.MAX_FILE_BYTES + 1)
        except OSError as exc:
            yield reading.Entry(label, error=f"cannot read: {exc.strerror or exc}")
            return
    if len(raw) > sources.MAX_FILE_BYTES:
        yield reading.Entry(
            label, error=f"file too large (over {sources.MAX_FILE_BYTES} bytes)"
        )
        return
    yield from sources.read_bytes(raw, label, fmt)


def wire_files(folder: Path) -> list[Path]:
    """The wire files under a (resolved) folder, sorted; links to folders are
    not followed, links to files are listed and checked when read."""
    from . import sources

    found = []
    for dirpath, dirnames, filenames in os.walk(folder):
        dirnames.sort()
        for name in filenames:
            path = Path(dirpath) / name
            if path.suffix.lower() in sources.WIRE_SUFFIXES:
                found.append(path)
    return sorted(found)
