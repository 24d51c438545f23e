"""The Bangla catalog is complete, current with the sources, and compiled.

A string added to a template or to Python code without its Bangla fails here,
and so does a .po that was not regenerated (`manage.py makemessages`, see
README) or a .mo that was not compiled from it. Admin strings count too: the
newsroom works in Bangla as well.
"""

import gettext
import os
import shutil
import subprocess
import unicodedata
from pathlib import Path

import pytest
from django.core.management import call_command
from django.test import override_settings
from django.utils import translation

import masthead

from . import po

ROOT = Path(masthead.__file__).resolve().parent.parent
LOCALE_DIR = ROOT / "masthead" / "locale"
PO = LOCALE_DIR / "bn" / "LC_MESSAGES" / "django.po"
MO = PO.with_suffix(".mo")
# What `makemessages` leaves out (README): not ours, or not shipped.
IGNORE = [".venv", "tests", "bench", "var", "*.egg-info", "node_modules"]
# Reader-facing code: a string from here that is not in Bangla shows on the
# Bangla edition.
READER_SOURCES = (
    "masthead/templates/",
    "masthead/frontpage/",
    "masthead/syndication/",
    "masthead/editions/",
    "masthead/api/",
    "masthead/audience/models.py",
    "masthead/search/",
    "masthead/newsroom/models.py",
    "masthead/core/hotcache.py",
)


def describe(entries) -> str:
    return "\n".join(
        f"  {e.msgid!r} ({', '.join(sorted(e.files)) or 'no location'})"
        for e in entries
    )


@pytest.fixture(scope="module")
def fresh_catalog(tmp_path_factory):
    """The catalog as `makemessages` makes it from today's sources, merged
    with the committed translations (written to a temporary directory)."""
    if not shutil.which("xgettext"):
        pytest.skip("GNU gettext is not installed (apt-get install gettext)")
    locale_dir = tmp_path_factory.mktemp("locale")
    target = locale_dir / "bn" / "LC_MESSAGES"
    target.mkdir(parents=True)
    shutil.copy(PO, target / "django.po")
    previous = Path.cwd()
    try:
        os.chdir(ROOT)
        with override_settings(LOCALE_PATHS=[locale_dir]):
            call_command(
                "makemessages",
                locale=["bn"],
                # Our locale directory too, or makemessages would write there.
                ignore_patterns=[*IGNORE, "masthead/locale"],
                no_obsolete=True,
                verbosity=0,
            )
    finally:
        os.chdir(previous)
    return po.read(target / "django.po")


def test_every_string_in_the_sources_has_its_bangla(fresh_catalog):
    assert len(fresh_catalog) > 300  # the sources were read
    missing = [e for e in fresh_catalog if not e.translated]
    reader = [e for e in missing if any(f.startswith(READER_SOURCES) for f in e.files)]
    assert not reader, (
        "Reader strings without Bangla (or marked fuzzy) in "
        f"{PO.relative_to(ROOT)}:\n{describe(reader)}"
    )
    assert not missing, (
        f"Strings without Bangla (or marked fuzzy):\n{describe(missing)}"
    )


def test_the_committed_catalog_is_current_with_the_sources(fresh_catalog):
    committed = {e.key: e for e in po.read(PO)}
    fresh = {e.key: e for e in fresh_catalog}
    added = [fresh[k] for k in fresh.keys() - committed.keys()]
    gone = [committed[k] for k in committed.keys() - fresh.keys()]
    assert not added and not gone, (
        "masthead/locale/bn/LC_MESSAGES/django.po is stale: run makemessages "
        f"(README).\nNew in the sources:\n{describe(added)}\n"
        f"No longer in the sources:\n{describe(gone)}"
    )


def test_every_committed_string_is_translated_and_keeps_its_placeholders():
    entries = po.read(PO)
    assert len(entries) > 300
    untranslated = [e for e in entries if not e.translated]
    assert not untranslated, describe(untranslated)
    broken = []
    for e in entries:
        wanted = sorted(po.PLACEHOLDER.findall(e.msgid_plural or e.msgid))
        for text in e.msgstr.values():
            if sorted(po.PLACEHOLDER.findall(text)) != wanted:
                broken.append(e)
    assert not broken, f"Placeholders differ from the English:\n{describe(broken)}"
    # One spelling of each letter (NFC), as readers type it into search.
    decomposed = [
        e
        for e in entries
        if any(unicodedata.normalize("NFC", t) != t for t in e.msgstr.values())
    ]
    assert not decomposed, f"Not in NFC:\n{describe(decomposed)}"


def test_header_names_bangla_and_its_plural_forms():
    header = po.header(PO)
    assert "Language: bn\n" in header
    assert "Content-Type: text/plain; charset=UTF-8\n" in header
    # As Django's own Bangla catalog: one form for 1, another for the rest
    # (the same words in Bangla, "১টি খবর", "৫টি খবর").
    assert "Plural-Forms: nplurals=2; plural=(n != 1);\n" in header


def test_the_committed_mo_is_compiled_from_the_po(tmp_path):
    if not shutil.which("msgfmt"):
        pytest.skip("GNU gettext is not installed (apt-get install gettext)")
    compiled = tmp_path / "django.mo"
    subprocess.run(["msgfmt", "--check", "-o", str(compiled), str(PO)], check=True)
    with compiled.open("rb") as fresh, MO.open("rb") as committed:
        fresh_catalog = gettext.GNUTranslations(fresh)._catalog
        committed_catalog = gettext.GNUTranslations(committed)._catalog
    assert committed_catalog == fresh_catalog, (
        "masthead/locale/bn/LC_MESSAGES/django.mo is out of date: run "
        "`make messages` and commit the .mo"
    )


def test_django_reads_our_bangla():
    with translation.override("bn"):
        assert translation.gettext("Most Read") == "সর্বাধিক পঠিত"
        assert translation.gettext("Most Viewed") == "সর্বাধিক দেখা"
        assert translation.gettext("Top Stories") == "শীর্ষ সংবাদ"
        assert translation.gettext("Related News") == "সম্পর্কিত খবর"
        assert translation.gettext("Latest") == "সর্বশেষ"
        assert translation.gettext("Bangla") == "বাংলা"
    with translation.override("en"):
        assert translation.gettext("Most Read") == "Most Read"
