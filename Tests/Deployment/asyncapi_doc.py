"""topics/asyncapi/asyncapi.yaml: loading, reference resolution, and validators for the records its messages describe."""

from __future__ import annotations

import json
import re
from typing import Any
from urllib.parse import urldefrag

import jsonschema
import yaml
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

from conftest import ROOT, SCHEMAS, TOPICS

DOCUMENT = TOPICS / "asyncapi" / "asyncapi.yaml"
BASE_URI = DOCUMENT.as_uri()


def load() -> dict[str, Any]:
    return yaml.safe_load(DOCUMENT.read_text())


def pointer(document: Any, fragment: str) -> Any:
    """The node a JSON pointer (`/a/b~1c`) names; KeyError/IndexError when there is none."""
    node = document
    for part in fragment.lstrip("/").split("/") if fragment.strip("/") else []:
        part = part.replace("~1", "/").replace("~0", "~")
        node = node[int(part)] if isinstance(node, list) else node[part]
    return node


def resolve(ref: str, document: dict[str, Any]) -> Any:
    """What a `$ref` of the AsyncAPI document points at: in the document itself, or in a file beside it."""
    target, fragment = urldefrag(ref)
    if not target:
        return pointer(document, fragment)
    path = (DOCUMENT.parent / target).resolve()
    text = path.read_text()
    loaded = json.loads(text) if path.suffix == ".json" else yaml.safe_load(text)
    return pointer(loaded, fragment)


def references(node: Any, where: str = "") -> list[tuple[str, str]]:
    """Every (location, $ref) in the document, schemas included."""
    found = []
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "$ref" and isinstance(value, str):
                found.append((where, value))
            else:
                found += references(value, f"{where}/{key}")
    elif isinstance(node, list):
        for index, value in enumerate(node):
            found += references(value, f"{where}/{index}")
    return found


def deref(node: Any, document: dict[str, Any]) -> Any:
    """`node`, followed through Reference Objects (not through schema $refs)."""
    while isinstance(node, dict) and set(node) == {"$ref"}:
        node = resolve(node["$ref"], document)
    return node


def registry() -> Registry:
    """The record schemas, findable both by their file URI (the document's relative refs) and their $id."""
    resources = []
    for path in SCHEMAS.glob("*.schema.json"):
        contents = json.loads(path.read_text())
        resource = Resource.from_contents(contents, default_specification=DRAFT202012)
        resources += [(path.as_uri(), resource), (contents["$id"], resource)]
    return Registry().with_resources(resources)


def schema_validator(schema: dict[str, Any]) -> jsonschema.Draft202012Validator:
    """A draft 2020-12 validator of a schema written in the AsyncAPI document (its refs relative to the document)."""
    rooted = {"$schema": "https://json-schema.org/draft/2020-12/schema", "$id": BASE_URI, **schema}
    return jsonschema.Draft202012Validator(rooted, registry=registry(),
                                           format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER)


def channel_messages(document: dict[str, Any], address: str) -> dict[str, dict[str, Any]]:
    """The messages of the channel with this Kafka topic address, dereferenced, by message key."""
    channel = next(c for c in document["channels"].values() if c["address"] == address)
    return {name: deref(message, document) for name, message in channel["messages"].items()}


def record_problems(document: dict[str, Any], address: str, record: dict[str, Any]) -> list[str]:
    """Why a record ({key, headers, value}) of topic `address` does not match its AsyncAPI message (empty: it does).

    On the outcomes topic the message is the one whose ce_type const matches the record's ce_type header.
    """
    messages = list(channel_messages(document, address).values())
    if len(messages) > 1:
        ce_type = record["headers"].get("ce_type")
        messages = [m for m in messages if ce_type_of(m) == ce_type]
        if len(messages) != 1:
            return [f"no message of {address} has ce_type {ce_type!r}"]
    message = messages[0]
    problems = []
    for part, schema in (("headers", message["headers"]), ("value", message["payload"])):
        # Not dereferenced here: a schema $ref into schemas/ must keep its file as the base of the refs inside it.
        for error in schema_validator(schema).iter_errors(record.get(part)):
            problems.append(f"{part}/{'/'.join(map(str, error.absolute_path))}: {error.message}")
    key_schema = deref(message["bindings"], document)["kafka"]["key"]
    for error in schema_validator(key_schema).iter_errors(record.get("key")):
        problems.append(f"key: {error.message}")
    return problems


def ce_type_of(message: dict[str, Any]) -> str | None:
    for part in message.get("headers", {}).get("allOf", []):
        const = part.get("properties", {}).get("ce_type", {}).get("const")
        if const:
            return const
    return None


def swift_string_constants(relative_path: str, owner: str | None = None) -> dict[str, str]:
    """`static let name = "value"` constants of a Swift file (of one type when `owner` is given)."""
    text = (ROOT / relative_path).read_text()
    if owner:
        start = text.index(f"enum {owner}")
        text = text[start:]
        depth, end = 0, 0
        for index, character in enumerate(text):
            depth += character == "{"
            depth -= character == "}"
            if character == "}" and depth == 0:
                end = index
                break
        text = text[:end]
    return dict(re.findall(r'static let (\w+) = "([^"]*)"', text))
