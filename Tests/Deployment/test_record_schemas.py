"""The record schemas in topics/schemas are valid draft 2020-12 and accept and reject the records they describe.

Records are checked in the form {"key": ..., "headers": {name: value}, "value": <value parsed as JSON>}.
"""

from __future__ import annotations

import copy
import json

import jsonschema
import pytest
import yaml

from conftest import ROOT, SEED_EXAMPLES, TENANT, TOPICS, load_schema

CALL_MODEL_FIXTURES = ROOT / "Tests" / "CallModelTests" / "Fixtures"
SCHEMA_FILES = ["notification-record.schema.json", "outcome-event.schema.json", "dlq-record.schema.json"]
CALL_ID = "491f0b00-ffff-4bc9-a43e-b226498ec22a"
TRACEPARENT = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"
OUTCOME_TYPES = ["redirected", "rejected", "failed", "expired", "ignored", "duplicate", "completed", "attempting", "unconfirmed"]


def validator(name: str) -> jsonschema.Draft202012Validator:
    return jsonschema.Draft202012Validator(load_schema(name), format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER)


def errors(name: str, record) -> list[str]:
    return [f"{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in validator(name).iter_errors(record)]


@pytest.mark.parametrize("name", SCHEMA_FILES)
def test_schemas_are_valid_draft_2020_12(name):
    schema = load_schema(name)
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    jsonschema.Draft202012Validator.check_schema(schema)


def test_each_topic_declaration_names_its_schema():
    declared = {}
    for path in sorted(TOPICS.glob("*.yaml")):
        declaration = yaml.safe_load(path.read_text())
        declared[declaration["role"]] = declaration["schema"]
        assert (TOPICS / declaration["schema"]).is_file()
    assert declared == {
        "notifications": "schemas/notification-record.schema.json",
        "outcomes": "schemas/outcome-event.schema.json",
        "dlq": "schemas/dlq-record.schema.json",
    }


# --- notification records ---------------------------------------------------------------------------------


def seed_notifications() -> list[tuple[str, dict]]:
    return [(p.name, json.loads(p.read_text())) for p in sorted(SEED_EXAMPLES.glob("*-notification.json"))]


def notification_record(body: dict | None = None) -> dict:
    body = body if body is not None else seed_notifications()[0][1]
    return {
        "key": CALL_ID,
        "headers": {
            "switchboard-received-at": "1767225600123",
            "switchboard-tenant": TENANT,
            "traceparent": TRACEPARENT,
            "Scenario-Id": "2f1a1100-726f-4705-a8e3-5c6e5c2f4d1c",
            "X-Microsoft-Skype-Chain-ID": "2f1a1100-726f-4705-a8e3-5c6e5c2f4d1c",
            "X-Microsoft-Skype-Message-ID": "0c8d3e5f-5ee1-4e8f-9c39-0f1c5b2f1e7a",
        },
        "value": body,
    }


def test_the_seed_pages_notifications_are_valid_records():
    seeds = seed_notifications()
    assert len(seeds) == 6, "three incoming and three terminated notifications"
    for name, body in seeds:
        assert errors("notification-record.schema.json", notification_record(body)) == [], name


def test_the_call_models_real_world_notifications_are_valid_records():
    """Variants seen in real payloads (PascalCase, legacy `resource`, encrypted callers, string resultInfo codes)
    are forwarded by the ingress unchanged, so they are valid records; a body without any call id is not."""
    fixtures = sorted(CALL_MODEL_FIXTURES.glob("*.json"))
    assert len(fixtures) >= 5, "CallModel's notification fixtures moved"
    for path in fixtures:
        try:
            body = json.loads(path.read_text())
        except json.JSONDecodeError:
            # the seed page's original with its trailing comma: the ingress answers 400, no record exists
            assert path.name == "example1-incoming-seed-page-original.json"
            continue
        record = notification_record(body)
        problems = errors("notification-record.schema.json", record)
        if path.name == "malformed-missing-call-id.json":
            assert problems != [], path.name
        else:
            # shapes the worker dead-letters (e.g. targets not an array) are still records the ingress writes
            assert problems == [], f"{path.name}: {problems}"


def test_graph_variants_and_extra_headers_are_accepted():
    record = notification_record()
    item = record["value"]["value"][0]
    item["changeType"] = "Created"  # PascalCase, as seen in real payloads
    item["resource"] = item.pop("resourceUrl").replace("/communications", "/app")  # the legacy field
    item["resourceData"] = [item["resourceData"]]
    record["value"]["someFutureField"] = True
    del record["headers"]["Scenario-Id"]
    record["headers"]["X-Microsoft-Skype-Caller-Region"] = "amer"
    assert errors("notification-record.schema.json", record) == []
    del record["headers"]["switchboard-tenant"]  # the ingress without authentication (development)
    assert errors("notification-record.schema.json", record) == []


def _without(path: list, record: dict) -> dict:
    changed = copy.deepcopy(record)
    target = changed
    for part in path[:-1]:
        target = target[part]
    del target[path[-1]]
    return changed


def _with(path: list, value, record: dict) -> dict:
    changed = copy.deepcopy(record)
    target = changed
    for part in path[:-1]:
        target = target[part]
    target[path[-1]] = value
    return changed


NOTIFICATION_REJECTS = {
    "no-key": lambda r: _without(["key"], r),
    "empty-key": lambda r: _with(["key"], "", r),
    "no-received-at": lambda r: _without(["headers", "switchboard-received-at"], r),
    "received-at-not-ms": lambda r: _with(["headers", "switchboard-received-at"], "2026-01-01T00:00:00Z", r),
    "received-at-negative": lambda r: _with(["headers", "switchboard-received-at"], "-5", r),
    "tenant-not-guid": lambda r: _with(["headers", "switchboard-tenant"], "contoso.com", r),
    "no-traceparent": lambda r: _without(["headers", "traceparent"], r),
    "traceparent-zero-trace": lambda r: _with(["headers", "traceparent"], "00-" + "0" * 32 + "-00f067aa0ba902b7-01", r),
    "traceparent-upper-case": lambda r: _with(["headers", "traceparent"], TRACEPARENT.upper(), r),
    "header-not-string": lambda r: _with(["headers", "Scenario-Id"], 5, r),
    "body-without-value": lambda r: _without(["value", "value"], r),
    "body-empty-value": lambda r: _with(["value", "value"], [], r),
    "body-not-object": lambda r: _with(["value"], [1, 2], r),
    "item-without-change-type": lambda r: _without(["value", "value", 0, "changeType"], r),
    "item-unknown-change-type": lambda r: _with(["value", "value", 0, "changeType"], "renamed", r),
    "item-without-resource": lambda r: _without(["value", "value", 0, "resourceUrl"], r),
}


@pytest.mark.parametrize("case", sorted(NOTIFICATION_REJECTS))
def test_malformed_notification_records_are_rejected(case):
    assert errors("notification-record.schema.json", NOTIFICATION_REJECTS[case](notification_record())) != []


# --- outcome CloudEvents ----------------------------------------------------------------------------------
# Values shaped like CallModel's CallOutcome JSON (the worker's encoder: sorted keys, RFC 3339 with milliseconds).

SOURCE = {"topic": "calls.notifications", "partition": 3, "offset": 1234}
RECEIVED = "2025-06-03T14:00:00.125Z"
OUTCOME_DATA = {
    "redirected": {
        "tenantId": TENANT, "rule": {"name": "front-desk", "index": 3},
        "explanation": "rules[3] (front-desk) matched",
        "targets": [{"kind": "application", "id": "22bfd41f-550e-477d-8789-f6f7bd2a5e8b", "displayName": "test bot 2"}],
        "attempts": 2, "graphRequestId": "3d97a1e4-0000-4000-8000-000000000001", "clientRequestId": "c2",
        "timings": {"receivedAt": RECEIVED, "decidedAt": "2025-06-03T14:00:00.127Z", "finishedAt": "2025-06-03T14:00:00.305Z",
                    "latencyMilliseconds": 180, "deadlineSlackMilliseconds": 13820},
        "callerKind": "user", "scenarioId": "e0a2c4d6-0000-4000-8000-000000000002",
    },
    "rejected": {
        "tenantId": TENANT, "rule": {"name": "blocked-callers", "index": 0},
        "explanation": "rules[0] (blocked-callers) matched", "rejectReason": "forbidden", "targets": [],
        "attempts": 1, "graphRequestId": "3d97a1e4-0000-4000-8000-000000000004", "clientRequestId": "c1",
        "timings": {"receivedAt": RECEIVED, "decidedAt": "2025-06-03T14:00:00.127Z", "finishedAt": "2025-06-03T14:00:00.205Z",
                    "latencyMilliseconds": 80, "deadlineSlackMilliseconds": 13920},
        "callerKind": "phone",
    },
    "failed": {
        "rule": {"name": "front-desk", "index": 3}, "targets": [{"kind": "phone", "id": "+12345678901"}], "attempts": 1,
        "graph": {"status": 403, "code": "7505", "message": "Request authorization tenant mismatch.",
                  "requestId": "3d97a1e4-0000-4000-8000-000000000003", "clientRequestId": "c1", "date": "2020-02-13T17:30:24"},
        "timings": {"receivedAt": RECEIVED, "finishedAt": "2025-06-03T14:00:00.425Z", "latencyMilliseconds": 300},
    },
    "expired": {
        "reason": "the call's 15 s window had passed before the first attempt", "targets": [], "attempts": 0,
        "timings": {"receivedAt": RECEIVED, "finishedAt": "2025-06-03T14:00:16.125Z", "deadlineSlackMilliseconds": -2000},
    },
    "ignored": {
        "rule": {"name": "default"}, "explanation": "no rule matched, the default applies", "reason": "no rule for this call",
        "targets": [], "attempts": 0, "timings": {"receivedAt": RECEIVED, "finishedAt": RECEIVED},
    },
    "duplicate": {
        "reason": "the call already has a redirected outcome", "targets": [], "attempts": 0,
        "timings": {"receivedAt": RECEIVED, "finishedAt": "2025-06-03T14:00:00.126Z"},
    },
    "completed": {
        "targets": [], "attempts": 0, "timings": {"receivedAt": RECEIVED, "finishedAt": "2025-06-03T14:00:30.125Z"},
        "resultInfo": {"code": 408, "subcode": 8544, "message": "Callee could not be reached."},
        "answeredBy": {"encrypted": {"id": "1xt4uextl99sdzwdxuvdxrvgrv8gehcq7jdgf9yhzeto"}},
        "disposition": "unreachable", "redirectToEndMilliseconds": 29820,
        "settles": {"type": "unconfirmed", "eventId": "5f0c6a3e-8d1b-5c2a-9e4f-0a1b2c3d4e5f"},
    },
    "attempting": {
        "tenantId": TENANT, "rule": {"name": "front-desk", "index": 3},
        "targets": [{"kind": "application", "id": "22bfd41f-550e-477d-8789-f6f7bd2a5e8b"}], "attempts": 0,
        "timings": {"receivedAt": RECEIVED, "finishedAt": "2025-06-03T14:00:00.127Z"},
    },
    "unconfirmed": {
        "rule": {"name": "front-desk", "index": 3}, "targets": [{"kind": "phone", "id": "+12345678901"}], "attempts": 2,
        "reason": "attempt 1 got no answer after it may have reached Graph, so Graph may have redirected the call; Graph then answered: Call not found.",
        "graph": {"status": 404, "code": "8522", "message": "Call not found."},
        "timings": {"receivedAt": RECEIVED, "finishedAt": "2025-06-03T14:00:09.425Z"},
    },
}


def outcome_record(kind: str) -> dict:
    return {
        "key": CALL_ID,
        "headers": {
            "ce_specversion": "1.0",
            "ce_id": "5f0c6a3e-8d1b-5c2a-9e4f-0a1b2c3d4e5f",
            "ce_source": "/switchboard/worker",
            "ce_type": f"com.switchboard.call.{kind}",
            "ce_time": "2025-06-03T14:00:00.305Z",
            "ce_subject": CALL_ID,
            "content-type": "application/json",
        },
        "value": {"type": kind, "callId": CALL_ID, "source": SOURCE} | OUTCOME_DATA[kind],
    }


@pytest.mark.parametrize("kind", OUTCOME_TYPES)
def test_every_outcome_type_is_accepted_with_its_data(kind):
    assert errors("outcome-event.schema.json", outcome_record(kind)) == []


@pytest.mark.parametrize("kind", OUTCOME_TYPES)
def test_added_fields_do_not_break_outcomes(kind):
    record = outcome_record(kind)
    record["value"]["newField"] = {"anything": [1, 2]}
    record["value"]["timings"]["queuedMilliseconds"] = 3
    record["headers"]["ce_partitionkey"] = CALL_ID
    record["headers"]["traceparent"] = TRACEPARENT
    record["headers"]["content-type"] = "application/json; charset=utf-8"
    assert errors("outcome-event.schema.json", record) == []


def test_type_specific_fields_of_the_new_types_are_required():
    assert errors("outcome-event.schema.json", _without(["value", "reason"], outcome_record("unconfirmed"))) != []
    attempting = outcome_record("attempting")
    attempting["value"]["targets"] = []
    assert errors("outcome-event.schema.json", attempting) != []
    settles = outcome_record("completed")
    settles["value"]["settles"]["eventId"] = "not-a-uuid"
    assert errors("outcome-event.schema.json", settles) != []
    reject_marker = outcome_record("attempting")
    reject_marker["value"]["targets"] = []
    reject_marker["value"]["rejectReason"] = "busy"
    assert errors("outcome-event.schema.json", reject_marker) == [], "a reject's marker names its reason, not targets"
    reject_marker["value"]["rejectReason"] = "maybe"
    assert errors("outcome-event.schema.json", reject_marker) != []
    second_item = outcome_record("completed")
    second_item["value"]["source"]["item"] = 0
    assert errors("outcome-event.schema.json", second_item) != [], "item is written only past the first notification"


@pytest.mark.parametrize("kind", OUTCOME_TYPES)
def test_outcomes_without_the_common_fields_are_rejected(kind):
    for field in ("type", "callId", "targets", "attempts", "timings"):
        assert errors("outcome-event.schema.json", _without(["value", field], outcome_record(kind))) != [], field
    assert errors("outcome-event.schema.json", _without(["value", "timings", "finishedAt"], outcome_record(kind))) != []
    for header in ("ce_specversion", "ce_id", "ce_source", "ce_type", "ce_time", "ce_subject", "content-type"):
        assert errors("outcome-event.schema.json", _without(["headers", header], outcome_record(kind))) != [], header


OUTCOME_REJECTS = {
    "spec-version-0.3": ("redirected", lambda r: _with(["headers", "ce_specversion"], "0.3", r)),
    "unknown-type": ("redirected", lambda r: _with(["headers", "ce_type"], "com.switchboard.call.answered", r)),
    "id-not-a-uuid": ("redirected", lambda r: _with(["headers", "ce_id"], "call-1", r)),
    "time-not-rfc3339": ("redirected", lambda r: _with(["headers", "ce_time"], "01/01/2026 00:00", r)),
    "content-type-text": ("redirected", lambda r: _with(["headers", "content-type"], "text/plain", r)),
    "type-differs-from-ce-type": ("redirected", lambda r: _with(["value", "type"], "failed", r)),
    "redirected-no-targets": ("redirected", lambda r: _with(["value", "targets"], [], r)),
    "redirected-26-targets": ("redirected", lambda r: _with(["value", "targets"], r["value"]["targets"] * 26, r)),
    "redirected-no-attempt": ("redirected", lambda r: _with(["value", "attempts"], 0, r)),
    "redirected-no-rule": ("redirected", lambda r: _without(["value", "rule"], r)),
    "target-unknown-kind": ("redirected", lambda r: _with(["value", "targets", 0, "kind"], "group", r)),
    "phone-not-e164": ("failed", lambda r: _with(["value", "targets", 0, "id"], "555-1234", r)),
    "rejected-no-reason": ("rejected", lambda r: _without(["value", "rejectReason"], r)),
    "rejected-unknown-reason": ("rejected", lambda r: _with(["value", "rejectReason"], "Busy", r)),
    "rejected-with-targets": ("rejected", lambda r: _with(["value", "targets"], [{"kind": "user", "id": "u"}], r)),
    "rejected-no-attempt": ("rejected", lambda r: _with(["value", "attempts"], 0, r)),
    "rejected-no-rule": ("rejected", lambda r: _without(["value", "rule"], r)),
    "failed-no-graph-error": ("failed", lambda r: _without(["value", "graph"], r)),
    "failed-error-without-message": ("failed", lambda r: _without(["value", "graph", "message"], r)),
    "expired-no-received-at": ("expired", lambda r: _without(["value", "timings", "receivedAt"], r)),
    "ignored-no-rule": ("ignored", lambda r: _without(["value", "rule"], r)),
    "ignored-with-targets": ("ignored", lambda r: _with(["value", "targets"], [{"kind": "user", "id": "u"}], r)),
    "duplicate-no-source": ("duplicate", lambda r: _without(["value", "source"], r)),
    "completed-no-result-info": ("completed", lambda r: _without(["value", "resultInfo"], r)),
    "completed-no-disposition": ("completed", lambda r: _without(["value", "disposition"], r)),
    "completed-unknown-disposition": ("completed", lambda r: _with(["value", "disposition"], "voicemail", r)),
    "completed-negative-ring-time": ("completed", lambda r: _with(["value", "redirectToEndMilliseconds"], -1, r)),
    "completed-code-not-integer": ("completed", lambda r: _with(["value", "resultInfo", "code"], "408", r)),
    "negative-offset": ("duplicate", lambda r: _with(["value", "source", "offset"], -1, r)),
    "data-of-another-type": ("completed", lambda r: _with(["headers", "ce_type"], "com.switchboard.call.redirected", r)),
}


@pytest.mark.parametrize("case", sorted(OUTCOME_REJECTS))
def test_malformed_outcomes_are_rejected(case):
    kind, change = OUTCOME_REJECTS[case]
    assert errors("outcome-event.schema.json", change(outcome_record(kind))) != []


# --- dead letters -----------------------------------------------------------------------------------------


def dlq_record() -> dict:
    original = notification_record()
    return {
        "key": None,
        "headers": original["headers"] | {
            "switchboard-dlq-error": "value[0] has no resourceUrl, so the call id is unknown",
            "switchboard-dlq-error-code": "missingCallID",
            "switchboard-dlq-source-topic": "calls.notifications",
            "switchboard-dlq-source-partition": "7",
            "switchboard-dlq-source-offset": "4211",
            "switchboard-dlq-failed-at": "2026-01-01T00:00:00Z",
        },
        "value": "{\"value\": [ {\"changeType\": \"created\" ",
    }


def test_dead_letters_keep_any_original_value_and_headers():
    assert errors("dlq-record.schema.json", dlq_record()) == []
    with_json_value = _with(["value"], notification_record()["value"], dlq_record())
    assert errors("dlq-record.schema.json", _with(["key"], CALL_ID, with_json_value)) == []


DLQ_REJECTS = {
    "no-error": lambda r: _without(["headers", "switchboard-dlq-error"], r),
    "no-error-code": lambda r: _without(["headers", "switchboard-dlq-error-code"], r),
    "error-code-with-spaces": lambda r: _with(["headers", "switchboard-dlq-error-code"], "missing call id", r),
    "no-source-topic": lambda r: _without(["headers", "switchboard-dlq-source-topic"], r),
    "negative-partition": lambda r: _with(["headers", "switchboard-dlq-source-partition"], "-1", r),
    "offset-not-decimal": lambda r: _with(["headers", "switchboard-dlq-source-offset"], "0x10", r),
    "failed-at-not-rfc3339": lambda r: _with(["headers", "switchboard-dlq-failed-at"], "1767225600456", r),
    "no-headers": lambda r: _without(["headers"], r),
}


@pytest.mark.parametrize("case", sorted(DLQ_REJECTS))
def test_dead_letters_without_their_provenance_are_rejected(case):
    assert errors("dlq-record.schema.json", DLQ_REJECTS[case](dlq_record())) != []
