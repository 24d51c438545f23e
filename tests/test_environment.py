"""Only masthead/settings/base.py reads the environment.

Every other module reads settings, so a variable's name, default and parsing
live in one place and the README's configuration table can be checked against
one file. Setting a variable for what runs next (`os.environ.setdefault(
"DJANGO_SETTINGS_MODULE", ...)` in cli.py and wsgi.py, before Django loads the
settings) is not a read and is allowed anywhere.
"""

import ast
from pathlib import Path

import masthead

PACKAGE = Path(masthead.__file__).parent
READER = PACKAGE / "settings" / "base.py"
ENV_NAMES = {"environ", "environb"}
GETENV_NAMES = {"getenv", "getenvb"}


def _is_os_environ(node: ast.AST) -> bool:
    return (
        isinstance(node, ast.Attribute)
        and node.attr in ENV_NAMES
        and isinstance(node.value, ast.Name)
        and node.value.id == "os"
    )


def _writes(tree: ast.AST) -> set[int]:
    """ids of the `os.environ` nodes used only to set a variable."""
    allowed = set()
    for node in ast.walk(tree):
        # os.environ.setdefault(...) as a statement: its value is not used.
        if (
            isinstance(node, ast.Expr)
            and isinstance(node.value, ast.Call)
            and isinstance(node.value.func, ast.Attribute)
            and node.value.func.attr == "setdefault"
            and _is_os_environ(node.value.func.value)
        ):
            allowed.add(id(node.value.func.value))
        # os.environ[name] = value / del os.environ[name]
        if (
            isinstance(node, ast.Subscript)
            and isinstance(node.ctx, ast.Store | ast.Del)
            and _is_os_environ(node.value)
        ):
            allowed.add(id(node.value))
    return allowed


def environment_reads(source: str, filename: str = "<source>") -> list[int]:
    """Line numbers where `source` reads the process environment."""
    tree = ast.parse(source, filename=filename)
    writes = _writes(tree)
    lines = []
    for node in ast.walk(tree):
        if _is_os_environ(node) and id(node) not in writes:
            lines.append(node.lineno)
        elif (
            isinstance(node, ast.Attribute)
            and node.attr in GETENV_NAMES
            and isinstance(node.value, ast.Name)
            and node.value.id == "os"
        ):
            lines.append(node.lineno)
        elif isinstance(node, ast.ImportFrom) and node.module == "os":
            if any(a.name in ENV_NAMES | GETENV_NAMES for a in node.names):
                lines.append(node.lineno)
    return sorted(lines)


def test_the_scanner_tells_reads_from_writes():
    reads = """
import os
from os import getenv
a = os.environ.get("A")
b = os.environ["B"]
c = os.getenv("C")
d = dict(os.environ)
e = os.environ.setdefault("E", "1")
f = "F" in os.environ
"""
    assert environment_reads(reads) == [3, 4, 5, 6, 7, 8, 9]
    writes = """
import os
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "masthead.settings.production")
os.environ["MASTHEAD_DEMO"] = "1"
del os.environ["MASTHEAD_DEMO"]
"""
    assert environment_reads(writes) == []


def test_only_the_base_settings_read_the_environment():
    offenders = []
    for path in sorted(PACKAGE.rglob("*.py")):
        if path == READER:
            continue
        source = path.read_text(encoding="utf-8")
        for line in environment_reads(source, str(path)):
            offenders.append(f"{path.relative_to(PACKAGE.parent)}:{line}")
    assert not offenders, (
        "read the environment in masthead/settings/base.py and use the setting "
        "instead:\n  " + "\n  ".join(offenders)
    )


def test_the_base_settings_do_read_it():
    assert environment_reads(READER.read_text(encoding="utf-8"))
