"""Just enough of a gettext .po reader for the catalog checks (the standard
library reads compiled .mo files only)."""

from __future__ import annotations

import ast
import re
from dataclasses import dataclass, field

PLACEHOLDER = re.compile(r"%\((\w+)\)[sdif]|%[sd]|\{\w*\}")


@dataclass
class Entry:
    msgid: str = ""
    msgid_plural: str | None = None
    msgctxt: str | None = None
    msgstr: dict[int, str] = field(default_factory=dict)
    flags: set[str] = field(default_factory=set)
    locations: list[str] = field(default_factory=list)

    @property
    def key(self):
        return (self.msgctxt, self.msgid, self.msgid_plural)

    @property
    def translated(self) -> bool:
        return (
            bool(self.msgstr)
            and all(self.msgstr.values())
            and "fuzzy" not in self.flags
        )

    @property
    def files(self) -> set[str]:
        return {location.rsplit(":", 1)[0] for location in self.locations}


def read(path) -> list[Entry]:
    """The entries of a .po file, header and obsolete (#~) ones left out."""
    entries, entry, target = [], Entry(), None
    lines = [*path.read_text(encoding="utf-8").splitlines(), ""]
    for line in lines:
        if not line.strip():
            if entry.msgid or entry.msgstr:
                entries.append(entry)
            entry, target = Entry(), None
        elif line.startswith("#:"):
            entry.locations += line[2:].split()
        elif line.startswith("#,"):
            entry.flags |= {flag.strip() for flag in line[2:].split(",")}
        elif line.startswith("#"):
            continue
        elif line.startswith('"'):
            _append(entry, target, ast.literal_eval(line))
        else:
            keyword, _, text = line.partition(" ")
            target = keyword
            if keyword.startswith("msgstr"):
                index = int(keyword[7:-1]) if "[" in keyword else 0
                target = ("msgstr", index)
                entry.msgstr[index] = ""
            else:
                setattr(entry, keyword, "")
            _append(entry, target, ast.literal_eval(text))
    return [e for e in entries if e.msgid]


def _append(entry, target, text):
    if isinstance(target, tuple):
        entry.msgstr[target[1]] += text
    else:
        setattr(entry, target, getattr(entry, target) + text)


def header(path) -> str:
    """The catalog's header (the msgstr of the empty msgid)."""
    text = path.read_text(encoding="utf-8")
    start = text.index('msgid ""\nmsgstr ""\n') + len('msgid ""\nmsgstr ""\n')
    block = text[start:].split("\n\n", 1)[0]
    return "".join(ast.literal_eval(line) for line in block.splitlines())
