"""Records the real processes produced in the Swift end-to-end tests are valid against topics/schemas.

The end-to-end tests write what they read from each topic to `.build/e2e-records/<topic role>-<test>.jsonl`
(or $SWITCHBOARD_E2E_RECORDS_DIR), one `{"key", "headers", "value"}` object per line. `scripts/test` runs
them first and sets SWITCHBOARD_REQUIRE_E2E_RECORDS=1, so there a missing sample is a failure; run alone,
without samples, these tests are skipped with the reason.
"""

from __future__ import annotations

import json
import os
import pathlib

import jsonschema
import pytest

from conftest import ROOT, load_schema

RECORDS = pathlib.Path(os.environ.get("SWITCHBOARD_E2E_RECORDS_DIR") or ROOT / ".build" / "e2e-records")
REQUIRED = os.environ.get("SWITCHBOARD_REQUIRE_E2E_RECORDS") == "1"
SCHEMA_BY_ROLE = {
    "notifications": "notification-record.schema.json",
    "outcomes": "outcome-event.schema.json",
    "dlq": "dlq-record.schema.json",
}


def samples(role: str) -> list[tuple[str, dict]]:
    found = []
    for path in sorted(RECORDS.glob(f"{role}-*.jsonl")):
        for number, line in enumerate(path.read_text().splitlines(), start=1):
            if line.strip():
                found.append((f"{path.name}:{number}", json.loads(line)))
    return found


@pytest.mark.parametrize("role", sorted(SCHEMA_BY_ROLE))
def test_produced_records_match_their_schema(role):
    records = samples(role)
    if not records:
        message = f"no {role} records in {RECORDS}: run the Swift end-to-end tests first (scripts/test does)"
        if REQUIRED:
            pytest.fail(message)
        pytest.skip(message)
    schema = load_schema(SCHEMA_BY_ROLE[role])
    validator = jsonschema.Draft202012Validator(schema, format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER)
    problems = [
        f"{where}: {'/'.join(map(str, error.absolute_path))}: {error.message}"
        for where, record in records
        for error in validator.iter_errors(record)
    ]
    assert problems == [], "\n".join(problems[:20])


def test_every_outcome_type_the_processes_produced_is_covered():
    """The samples include the decisions the end-to-end scenarios force, so the schema is checked on each."""
    records = samples("outcomes")
    if not records:
        (pytest.fail if REQUIRED else pytest.skip)(f"no outcome records in {RECORDS}")
    types = {record["headers"].get("ce_type") for _, record in records}
    assert {
        "com.switchboard.call.redirected",
        "com.switchboard.call.completed",
        "com.switchboard.call.expired",
        "com.switchboard.call.attempting",
        "com.switchboard.call.unconfirmed",
        "com.switchboard.call.ignored",
        "com.switchboard.call.failed",
        "com.switchboard.call.duplicate",
    } <= types, types
