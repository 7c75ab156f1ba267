"""topics/asyncapi/asyncapi.yaml is a valid AsyncAPI 3.0 document whose references resolve, which agrees with the topic
declarations, with the header names the Swift sources write, and with the records the processes produced."""

from __future__ import annotations

import copy
import re
import warnings

import jsonschema
import pydantic
import pytest
import yaml

from asyncapi_doc import (
    DOCUMENT, channel_messages, ce_type_of, deref, load, record_problems, references, resolve, swift_string_constants,
)
from conftest import ROOT, TOPICS
from test_produced_records import REQUIRED, RECORDS, samples

with warnings.catch_warnings():
    warnings.simplefilter("ignore")  # the models' field named `schema` shadows a BaseModel attribute
    from asyncapi3.models.asyncapi import AsyncAPI3

DECLARATIONS = {path.name: yaml.safe_load(path.read_text()) for path in sorted(TOPICS.glob("*.yaml"))}
ADDRESS_BY_ROLE = {d["role"]: d["name"] for d in DECLARATIONS.values()}


def test_the_document_is_valid_asyncapi_3():
    document = load()
    assert document["asyncapi"] == "3.0.0"
    AsyncAPI3.model_validate(document)


@pytest.mark.parametrize("change", ["v2-operation", "typo-in-channel", "typo-in-kafka-binding", "no-title"])
def test_the_validator_refuses_broken_documents(change):
    """The check above can fail: the same validator refuses what AsyncAPI 3.0 does not allow."""
    document = copy.deepcopy(load())
    if change == "v2-operation":
        document["operations"]["storeNotification"]["action"] = "publish"
    elif change == "typo-in-channel":
        document["channels"]["outcomes"]["adress"] = "calls.redirect-outcomes"
    elif change == "typo-in-kafka-binding":
        document["channels"]["outcomes"]["bindings"]["kafka"]["partition"] = 12
    else:
        del document["info"]["title"]
    with pytest.raises(pydantic.ValidationError):
        AsyncAPI3.model_validate(document)


def test_every_reference_resolves():
    document = load()
    found = references(document)
    assert len(found) > 20
    for where, ref in found:
        try:
            target = resolve(ref, document)
        except (KeyError, IndexError, FileNotFoundError) as error:
            pytest.fail(f"{where}: $ref {ref} does not resolve ({error!r})")
        assert isinstance(target, dict), f"{where}: {ref} is not an object"


def test_message_schemas_are_valid_json_schema():
    document = load()
    for name, message in document["components"]["messages"].items():
        for part in ("headers", "payload"):
            schema = {"$schema": "https://json-schema.org/draft/2020-12/schema", **deref(message[part], document)}
            jsonschema.Draft202012Validator.check_schema(schema)
        headers = deref(message["headers"], document)
        assert headers.get("type") == "object" or all("type" in p or "$ref" in p for p in headers.get("allOf", [])), name


def test_operations_send_and_receive_only_messages_of_their_channel():
    document = load()
    for name, operation in document["operations"].items():
        channel_ref = operation["channel"]["$ref"]
        for message in operation["messages"]:
            assert message["$ref"].startswith(channel_ref + "/messages/"), f"{name}: {message['$ref']}"
            resolve(message["$ref"], document)


@pytest.mark.parametrize("declaration", sorted(DECLARATIONS))
def test_each_declared_topic_is_a_channel_with_the_same_settings(declaration):
    declared = DECLARATIONS[declaration]
    channels = [c for c in load()["channels"].values() if c["address"] == declared["name"]]
    assert len(channels) == 1, f"{declared['name']} has {len(channels)} channels"
    kafka = channels[0]["bindings"]["kafka"]
    assert kafka["topic"] == declared["name"]
    assert kafka["partitions"] == declared["partitions"]
    assert kafka["replicas"] == declared["replicationFactor"]
    configs = declared["configs"]
    topic_configuration = kafka["topicConfiguration"]
    assert topic_configuration["cleanup.policy"] == configs["cleanup.policy"].split(",")
    assert topic_configuration["retention.ms"] == int(configs["retention.ms"])
    assert topic_configuration["max.message.bytes"] == int(configs["max.message.bytes"])
    for message in channel_messages(load(), declared["name"]).values():
        for part in ("headers", "payload"):
            refs = [ref for _, ref in references(message[part]) if not ref.startswith("#")]
            assert refs, f"{declared['name']}: {part} does not reference the topic's schema"
            assert all(ref.startswith(f"../{declared['schema']}#") for ref in refs), refs


def test_the_document_is_not_where_topic_declarations_are_loaded_from():
    """`switchboard topics` and `dev` load every *.yaml directly in topics/ as a declaration; the document lives in
    a subdirectory, which they do not read."""
    assert DOCUMENT.parent != TOPICS and DOCUMENT.parent.parent == TOPICS


def test_no_channel_without_a_declaration():
    addresses = {c["address"] for c in load()["channels"].values()}
    assert addresses == {d["name"] for d in DECLARATIONS.values()}


def header_names(message: dict, document: dict) -> tuple[set[str], set[str]]:
    """(properties, required) of a message's headers schema, through allOf and references."""
    schema = deref(message["headers"], document)
    parts = [deref(p, document) for p in schema.get("allOf", [schema])]
    properties = set().union(*(p.get("properties", {}).keys() for p in parts))
    required = set().union(*(p.get("required", []) for p in parts))
    return properties, required


def test_notification_headers_are_the_ones_the_ingress_writes():
    written = set(swift_string_constants("Sources/CallModel/Outcomes/NotificationHeaders.swift").values())
    document = load()
    properties, required = header_names(channel_messages(document, ADDRESS_BY_ROLE["notifications"])["notification"], document)
    assert properties == written
    assert required <= written and {"switchboard-received-at", "traceparent"} <= required


def test_outcome_headers_are_the_cloudevents_headers_the_worker_writes():
    written = set(swift_string_constants("Sources/CallModel/Outcomes/OutcomeEvent.swift", "CloudEventHeaders").values())
    assert {"ce_specversion", "ce_id", "ce_source", "ce_type", "ce_time", "ce_subject", "content-type"} == written
    document = load()
    for name, message in channel_messages(document, ADDRESS_BY_ROLE["outcomes"]).items():
        properties, required = header_names(message, document)
        assert written <= properties, name
        assert required == written, name


def test_dead_letter_headers_are_the_ones_the_worker_adds():
    written = set(swift_string_constants("Sources/CallModel/Outcomes/DeadLetterHeaders.swift").values())
    document = load()
    properties, required = header_names(channel_messages(document, ADDRESS_BY_ROLE["dlq"])["deadLetter"], document)
    assert properties == written == required


def test_there_is_one_outcome_message_per_outcome_type():
    source = (ROOT / "Sources/CallModel/Outcomes/OutcomeType.swift").read_text()
    types = re.findall(r"^\s+case (\w+)$", source, flags=re.MULTILINE)
    assert types, "no cases found in OutcomeType.swift"
    document = load()
    messages = channel_messages(document, ADDRESS_BY_ROLE["outcomes"])
    assert sorted(ce_type_of(m) for m in messages.values()) == sorted(f"com.switchboard.call.{t}" for t in types)
    for name, message in messages.items():
        assert ce_type_of(message) == f"com.switchboard.call.{name}"
        payload = deref(message["payload"], document)
        assert any(ref.endswith(f"#/$defs/{name}") for _, ref in references(payload)), name


def test_a_record_that_breaks_the_contract_is_refused():
    """record_problems can fail: a redirected outcome without its rule, and a notification without receive time."""
    document = load()
    outcome = {
        "key": "c1",
        "headers": {"ce_specversion": "1.0", "ce_id": "0b3c8f36-3c2e-5b8e-9a57-3a6f7c1d2e4f", "ce_source": "/switchboard/worker",
                    "ce_type": "com.switchboard.call.redirected", "ce_time": "2026-01-01T00:00:00.123Z",
                    "ce_subject": "c1", "content-type": "application/json"},
        "value": {"type": "redirected", "callId": "c1", "targets": [], "attempts": 1,
                  "timings": {"receivedAt": "2026-01-01T00:00:00.000Z", "finishedAt": "2026-01-01T00:00:00.123Z"}},
    }
    problems = record_problems(document, ADDRESS_BY_ROLE["outcomes"], outcome)
    assert any("rule" in p for p in problems), problems
    assert any(p.startswith("value/targets") for p in problems), problems
    notification = {"key": "c1", "headers": {"traceparent": "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"},
                    "value": {"value": [{"changeType": "created"}]}}
    assert any("switchboard-received-at" in p for p in record_problems(document, ADDRESS_BY_ROLE["notifications"], notification))
    unknown = copy.deepcopy(outcome)
    unknown["headers"]["ce_type"] = "com.switchboard.call.teleported"
    assert record_problems(document, ADDRESS_BY_ROLE["outcomes"], unknown) == [
        "no message of calls.redirect-outcomes has ce_type 'com.switchboard.call.teleported'"]


@pytest.mark.parametrize("role", ["notifications", "outcomes", "dlq"])
def test_records_the_end_to_end_tests_produced_match_their_messages(role):
    records = samples(role)
    if not records:
        message = f"no {role} records in {RECORDS}: run the Swift end-to-end tests first (scripts/test does)"
        (pytest.fail if REQUIRED else pytest.skip)(message)
    document = load()
    problems = [f"{where}: {problem}" for where, record in records
                for problem in record_problems(document, ADDRESS_BY_ROLE[role], record)]
    assert problems == [], "\n".join(problems[:20])


def test_the_documentation_link_points_at_a_readme_section():
    from alert_rules import readme_anchors

    url = load()["info"]["externalDocs"]["url"]
    assert url.split("#", 1)[1] in readme_anchors(), url
