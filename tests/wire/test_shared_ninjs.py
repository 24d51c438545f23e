"""Every IPTC ninjs example and validation test-suite file either imports (text
items) or is rejected with a reason; should_fail files are always rejected."""

import json
from pathlib import Path

import pytest

from masthead.newsroom.models import ArticlePage
from masthead.wire import sources, validation
from masthead.wire.services import import_item

SHARED = Path(__file__).resolve().parents[3] / "shared" / "ninjs"
FOLDER_VERSION = {"1.x_dev": "1.6", "2.x_dev": "2.2"}


def _files():
    if not SHARED.is_dir():
        print(f"skipping shared ninjs files: {SHARED} is absent")
        return []
    found = sorted((SHARED / "validation" / "test_suite").glob("*/should_*/*.json"))
    found += sorted((SHARED / "validation" / "test_suite").glob("1.5/*.json"))
    found += sorted(
        p
        for p in (SHARED / "examples").rglob("*.json")
        if "schema-extension" not in p.parts
    )
    return found


def _version(path: Path) -> str | None:
    for part in reversed(path.parts[:-1]):
        if part in validation.PROPERTIES:
            return part
        if part in FOLDER_VERSION:
            return FOLDER_VERSION[part]
    return None


def _schema_valid(item, version) -> bool | None:
    """What the IPTC schema says about `item` (None when it cannot tell)."""
    try:
        import jsonschema
        from referencing import Registry, Resource
        from referencing.jsonschema import DRAFT7
    except ImportError:
        return None
    spec = SHARED / "specification" / f"ninjs-schema_{version}.json"
    geo = SHARED / "validation" / "test_suite" / "GeoJSON-schema.json"
    if not spec.exists() or not geo.exists():
        return None
    schema = json.loads(spec.read_text())
    registry = Registry().with_resource(
        "https://geojson.org/schema/GeoJSON.json",
        Resource.from_contents(json.loads(geo.read_text()), DRAFT7),
    )
    validator = jsonschema.validators.validator_for(schema)(schema, registry=registry)
    try:
        return validator.is_valid(item)
    except Exception:  # noqa: BLE001 - an unresolvable reference: cannot tell
        return None


FILES = _files()


@pytest.mark.skipif(not FILES, reason="../shared/ninjs is absent")
@pytest.mark.parametrize(
    "path", FILES, ids=[str(p.relative_to(SHARED)) for p in FILES] or None
)
def test_shared_file_imports_or_is_rejected_with_reason(path, desk):
    version = _version(path)
    should_fail = "should_fail" in path.parts
    entries = list(sources.read_file(path, label=path.name))
    assert entries
    for entry in entries:
        if entry.error:
            outcome_action, reason = "rejected", entry.error
        else:
            outcome = import_item(
                item=entry.item, source="iptc", publish=True, ninjs_version=version
            )
            outcome_action, reason = outcome.action, outcome.reason
        if outcome_action == "skipped":
            # A kill notice for a story this newsroom never had.
            assert "never imported" in reason
            continue
        assert outcome_action in {"created", "rejected"}, (outcome_action, reason)
        if outcome_action == "rejected":
            assert reason.strip()
        if should_fail:
            assert outcome_action == "rejected", f"{path} imported but should fail"
        elif entry.item is not None and outcome_action == "rejected":
            # A story the schema accepts is only rejected for a reason of its own.
            data = {k.lower(): v for k, v in entry.item.items()}
            if _schema_valid(entry.item, version) and data.get("type", "text") in {
                "text",
                "composite",
            }:
                assert reason.startswith(("no headline", "no body")), reason
                if reason.startswith("no body"):
                    # A brief is a story: an item whose only text is a
                    # description imports with it as the body (this used to
                    # reject the NTB examples as "no body").
                    texts = {"description_text", "description_html", "descriptions"}
                    assert not texts & set(data), reason


BRIEFS = [SHARED / "examples" / version / "ntb_text.json" for version in ("2.1", "3.0")]


@pytest.mark.parametrize("path", BRIEFS, ids=["2.1", "3.0"])
def test_an_agency_brief_is_a_story(path, desk):
    if not path.exists():
        pytest.skip(f"{path} is absent")
    [entry] = sources.read_file(path)
    outcome = import_item(
        item=entry.item, source="ntb", publish=True, ninjs_version=_version(path)
    )
    assert outcome.action == "created", outcome.line()
    page = ArticlePage.objects.get(pk=outcome.page_id)
    assert page.live and page.title == "Google har kjøpt giganttomt i Skien"
    body = " ".join(str(block.value.source) for block in page.body)
    assert "IT-giganten Google har kjøpt en tomt" in body
    assert page.standfirst == ""  # said once, as the body


def test_a_press_release_with_an_xhtml_body_is_a_story(desk):
    path = SHARED / "examples" / "1.4" / "businesswire-newsml-20130515006361.json"
    if not path.exists():
        pytest.skip(f"{path} is absent")
    [entry] = sources.read_file(path)
    outcome = import_item(item=entry.item, source="bw", publish=True)
    assert outcome.action == "created", outcome.line()
    assert ArticlePage.objects.get(pk=outcome.page_id).body
