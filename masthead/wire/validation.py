"""IPTC ninjs 1.x, 2.x and 3.x: is an item structurally valid ninjs?

Validation is structural and lives in code (the IPTC schema files are not
shipped): the properties each version knows, their types and enumerations,
and the shape of the nested objects an importer reads. Anything else an agency
sends is ignored, never trusted.
"""

from __future__ import annotations

import re

from .reading import json_kind

# Top-level properties by version (from the IPTC ninjs schemas), lower-cased:
# ninjs 3 spells them in camelCase, and every reader here compares lower case.
_V10 = {
    "associations",
    "byline",
    "copyrightholder",
    "copyrightnotice",
    "embargoed",
    "event",
    "headline",
    "language",
    "located",
    "mimetype",
    "object",
    "organisation",
    "person",
    "place",
    "profile",
    "pubstatus",
    "renditions",
    "representationtype",
    "subject",
    "type",
    "uri",
    "version",
    "versioncreated",
}
_V11 = _V10 | {"urgency", "usageterms"}
_V12 = _V11 | {
    "charcount",
    "ednote",
    "firstcreated",
    "infosource",
    "slugline",
    "title",
    "wordcount",
}
_V13 = _V12 | {"$standard", "altids", "genre", "trustindicator"}
_V14 = _V13 | {"contentcreated", "expires", "rightsinfo"}
_V16 = _V14 | {"digitalsourcetype"}
_V20 = (
    _V14
    - {
        "$standard",
        "byline",
        "charcount",
        "event",
        "expires",
        "genre",
        "headline",
        "infosource",
        "mimetype",
        "object",
        "organisation",
        "person",
        "place",
        "subject",
        "trustindicator",
        "wordcount",
    }
) | {
    "bodies",
    "by",
    "descriptions",
    "events",
    "genres",
    "headlines",
    "infosources",
    "objects",
    "organisations",
    "people",
    "places",
    "standard",
    "subjects",
    "trustindicators",
}
_V21 = _V20 | {"expires"}
_V22 = _V21 | {"digitalsourcetype"}
_V30 = (_V21 - {"embargoed"}) | {"embargoeduntil", "eventdetails", "plannedcoverage"}
_V31 = _V30 | {"digitalsourcetype"}
PROPERTIES = {
    "1.0": _V10,
    "1.1": _V11,
    "1.2": _V12,
    "1.3": _V13,
    "1.4": _V14,
    "1.5": _V14,
    "1.6": _V16,
    "2.0": _V20,
    "2.1": _V21,
    "2.2": _V22,
    "3.0": _V30,
    "3.1": _V31,
}
# ninjs 1.x allows extension properties such as body_xhtml or headline_short.
_EXTENSION_10 = re.compile(r"^(body|description)_[a-zA-Z0-9_]+")
_EXTENSION_13 = re.compile(r"^(body|description|headline)_[a-zA-Z0-9_]+")

TYPES_10 = {"text", "audio", "video", "picture", "graphic", "composite"}
TYPES_12 = TYPES_10 | {"component"}
PUBSTATUS = {"usable", "withheld", "canceled"}
REPRESENTATION_1 = {"complete", "incomplete"}
REPRESENTATION_2 = {"full", "partial"}

STRING_FIELDS = {
    "uri",
    "type",
    "mimetype",
    "representationtype",
    "profile",
    "firstcreated",
    "versioncreated",
    "embargoed",
    "embargoeduntil",
    "contentcreated",
    "expires",
    "pubstatus",
    "language",
    "copyrightholder",
    "copyrightnotice",
    "usageterms",
    "ednote",
    "title",
    "slugline",
    "byline",
    "by",
    "headline",
    "located",
}
LIST_FIELDS = {
    "person",
    "organisation",
    "place",
    "subject",
    "event",
    "object",
    "infosource",
    "genre",
    "headlines",
    "bodies",
    "descriptions",
    "subjects",
    "keywords",
    "people",
    "organisations",
    "places",
    "events",
    "objects",
    "infosources",
    "genres",
    "trustindicator",
    "trustindicators",
}
OBJECT_FIELDS = {"$standard", "standard", "rightsinfo", "digitalsourcetype"}
# Keys of the objects inside the lists above that must be strings when present.
NESTED_STRINGS = {
    "name",
    "rel",
    "scheme",
    "code",
    "uri",
    "role",
    "literal",
    "value",
    "contenttype",
    "href",
    "title",
}
TEXT_ENTRY_KEYS_3 = {"role", "contentType", "value", "charCount", "wordCount"}
TEXT_ENTRY_KEYS_2 = {key.lower() for key in TEXT_ENTRY_KEYS_3}


def detect_version(item: dict) -> str | None:
    """The ninjs version an item declares, if it does."""
    for key in ("$standard", "standard"):
        standard = item.get(key)
        if isinstance(standard, dict):
            version = standard.get("version")
            if isinstance(version, str) and version in PROPERTIES:
                return version
            schema = standard.get("schema")
            if isinstance(schema, str):
                found = re.search(r"ninjs-schema_(\d\.\d)", schema)
                if found and found.group(1) in PROPERTIES:
                    return found.group(1)
    return None


def validate(item: dict, version: str | None = None) -> list[str]:
    """Reasons `item` is not valid ninjs (empty when it is). `version` is the
    declared or known version; without one the union of 1.x–3.x is allowed."""
    version = version or detect_version(item)
    errors: list[str] = []
    uri = item.get("uri")
    if uri is None:
        errors.append("no uri")
    elif not isinstance(uri, str) or not uri.strip():
        errors.append("uri must be a non-empty string")
    elif len(uri) > 500:
        errors.append("uri longer than 500 characters")
    elif any(ord(ch) < 32 or ord(ch) == 127 for ch in uri):
        errors.append("uri contains control characters")
    errors.extend(_check_object(item, version, top=True))
    return errors


def _check_object(item: dict, version: str | None, *, top: bool) -> list[str]:
    errors: list[str] = []
    lowered = {key.lower(): value for key, value in item.items()}
    if version:
        known = PROPERTIES[version]
        gen = int(version[0])
        if gen >= 2 and not top:
            known = known | {"name"}
        extension = None
        if gen == 1:
            extension = _EXTENSION_13 if version >= "1.3" else _EXTENSION_10
        for key in item:
            if key.lower() in known or (extension and extension.match(key)):
                continue
            errors.append(f"unknown property {key!r} for ninjs {version}")
    for key, value in lowered.items():
        if key in STRING_FIELDS and value is not None and not isinstance(value, str):
            errors.append(f"{key} must be a string, not a {json_kind(value)}")
        elif key in LIST_FIELDS and not isinstance(value, list):
            errors.append(f"{key} must be an array, not a {json_kind(value)}")
        elif key in OBJECT_FIELDS and not isinstance(value, dict):
            errors.append(f"{key} must be an object, not a {json_kind(value)}")
    version_value = lowered.get("version")
    if version_value is not None and (
        isinstance(version_value, bool) or not isinstance(version_value, str | int)
    ):
        errors.append(f"version must be a string, not a {json_kind(version_value)}")
    urgency = lowered.get("urgency")
    if urgency is not None and (
        isinstance(urgency, bool) or not isinstance(urgency, int)
    ):
        errors.append(f"urgency must be an integer, not a {json_kind(urgency)}")
    kind = lowered.get("type")
    if isinstance(kind, str) and version and version < "3.0":
        allowed = TYPES_12 if version >= "1.2" else TYPES_10
        if kind not in allowed:
            errors.append(f"type {kind!r} is not one of {', '.join(sorted(allowed))}")
    representation = REPRESENTATION_1 | REPRESENTATION_2
    if version:
        representation = REPRESENTATION_1 if version < "2" else REPRESENTATION_2
    for key, allowed in (
        ("pubstatus", PUBSTATUS),
        ("representationtype", representation),
    ):
        value = lowered.get(key)
        if isinstance(value, str) and value not in allowed:
            errors.append(f"{key} {value!r} is not one of {', '.join(sorted(allowed))}")
    altids = lowered.get("altids")
    if altids is not None and not isinstance(altids, dict | list):
        errors.append(f"altids must be an object or array, not a {json_kind(altids)}")
    for key in LIST_FIELDS & set(lowered):
        value = lowered[key]
        if isinstance(value, list):
            errors.extend(_check_entries(key, value, version))
    rights = lowered.get("rightsinfo")
    if isinstance(rights, dict):
        if "linkedrights" in rights and "encodedrights" in rights:
            errors.append("rightsinfo has both linkedrights and encodedrights")
        for key in ("linkedrights", "encodedrights", "langid"):
            if key in rights and not isinstance(rights[key], str):
                errors.append(f"rightsinfo.{key} must be a string")
    associations = lowered.get("associations")
    if associations is not None:
        if isinstance(associations, dict):
            members = list(associations.items())
        elif isinstance(associations, list):
            members = [(str(n), value) for n, value in enumerate(associations)]
        else:
            members = []
            errors.append(
                f"associations must be an object, not {json_kind(associations)}"
            )
        for name, member in members:
            if not isinstance(member, dict):
                errors.append(f"association {name} must be an object")
                continue
            if version and version >= "2.1" and isinstance(associations, list):
                for required in ("name", "uri"):
                    if required not in member:
                        errors.append(f"association {name} has no {required}")
            for error in _check_object(member, version, top=False):
                errors.append(f"association {name}: {error}")
    return errors


def _check_entries(key: str, value: list, version: str | None) -> list[str]:
    errors: list[str] = []
    gen = int(version[0]) if version else None
    for number, entry in enumerate(value, start=1):
        where = f"{key}[{number}]"
        if key in {"genre", "keywords"} and isinstance(entry, str):
            continue
        if not isinstance(entry, dict):
            if key != "keywords":
                errors.append(f"{where} must be an object, not a {json_kind(entry)}")
            continue
        for sub in NESTED_STRINGS & set(entry):
            if entry[sub] is not None and not isinstance(entry[sub], str):
                errors.append(f"{where}.{sub} must be a string")
        if key in {"headlines", "bodies", "descriptions"} and gen in {2, 3}:
            allowed = TEXT_ENTRY_KEYS_3 if gen == 3 else TEXT_ENTRY_KEYS_2
            for sub in sorted(set(entry) - allowed):
                errors.append(f"{where} has unknown property {sub!r}")
        if key == "places" and "geojson" in entry:
            if gen == 3:
                errors.append(f"{where}.geojson is not ninjs 3 (use geoJSON)")
            geo = entry["geojson"]
            if not isinstance(geo, dict) or not isinstance(geo.get("type"), str):
                errors.append(f"{where}.geojson must be a GeoJSON object with a type")
    return errors
