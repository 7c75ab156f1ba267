"""The outcomes-consumer example's ledger: deduplication on ce_source + ce_id, one decision per call, settlement
by `completed`, `unconfirmed` held until `completed`. (test_live_prometheus.py runs the example against a live
`switchboard-dev dev`.)"""

from __future__ import annotations

import importlib.util
import json
import sys

import pytest

from conftest import ROOT

EXAMPLE = ROOT / "examples" / "outcomes-consumer" / "outcomes_consumer.py"
spec = importlib.util.spec_from_file_location("outcomes_consumer", EXAMPLE)
example = importlib.util.module_from_spec(spec)
sys.modules[spec.name] = example  # dataclasses look their module up
spec.loader.exec_module(example)

SOURCE = "/switchboard/worker"


def event(call: str, type_: str, event_id: str, **data) -> "example.Outcome":
    return example.Outcome(source=SOURCE, id=event_id, type=type_, call_id=call, time="2026-01-01T00:00:00.000Z",
                           data={"type": type_, "callId": call, **data})


def ledger():
    emitted = []
    return example.OutcomeLedger(emitted.append), emitted


def test_a_redelivered_event_is_handled_once():
    book, emitted = ledger()
    decision = event("c1", "redirected", "e1", rule={"name": "reception"})
    for _ in range(3):
        book.handle(decision)
    assert emitted == [{"event": "decision", "callId": "c1", "decision": "redirected",
                        "time": "2026-01-01T00:00:00.000Z", "rule": "reception"}]
    assert book.summary()["repeatedEvents"] == 2


def test_the_same_id_from_another_source_is_another_event():
    book, emitted = ledger()
    book.handle(event("c1", "completed", "e1"))
    book.handle(example.Outcome(source="/other/service", id="e1", type="completed", call_id="c2", time="", data={}))
    assert [line["callId"] for line in emitted] == ["c1", "c2"]


def test_completed_settles_the_earlier_decision():
    book, emitted = ledger()
    book.handle(event("c1", "redirected", "e1"))
    book.handle(event("c1", "completed", "e2", resultInfo={"code": 200, "subcode": 5001}, answeredBy={"user": {"id": "u"}}))
    settled = emitted[-1]
    assert settled["event"] == "settled" and settled["decision"] == "redirected"
    assert settled["resultInfo"] == {"code": 200, "subcode": 5001}
    summary = book.summary()
    assert summary["settled"] == 1 and summary["decisionByCall"] == {"c1": "redirected"}


def test_unconfirmed_waits_for_completed_instead_of_counting_as_a_result():
    book, emitted = ledger()
    book.handle(event("c1", "unconfirmed", "e1"))
    assert emitted == [{"event": "awaiting-completion", "callId": "c1", "time": "2026-01-01T00:00:00.000Z"}]
    assert book.summary()["awaitingCompletion"] == ["c1"]
    assert book.summary()["decisions"] == {"unconfirmed": 1}
    book.handle(event("c1", "completed", "e2", resultInfo={"code": 487}, disposition="missed"))
    assert emitted[-1]["event"] == "settled" and emitted[-1]["disposition"] == "missed"
    assert book.summary()["awaitingCompletion"] == []


def test_a_second_decision_with_another_id_is_a_conflict_not_a_second_result():
    book, emitted = ledger()
    book.handle(event("c1", "redirected", "e1"))
    book.handle(event("c1", "failed", "e9"))
    assert [line["event"] for line in emitted] == ["decision"]
    assert book.summary()["conflicts"] == {"c1": ["failed (e9) after redirected (e1)"]}


def test_markers_duplicates_and_unknown_types_are_counted_and_change_nothing():
    book, emitted = ledger()
    book.handle(event("c1", "attempting", "e0", rule={"name": "reception"}))
    book.handle(event("c1", "expired", "e1"))
    book.handle(event("c1", "duplicate", "e2", source={"topic": "calls.notifications", "partition": 0, "offset": 7}))
    book.handle(event("c1", "teleported", "e3"))
    summary = book.summary()
    assert summary["decisionByCall"] == {"c1": "expired"}
    assert summary["attemptingMarkers"] == 1 and summary["duplicateNotifications"] == 1
    assert summary["unknownTypes"] == {"teleported": 1}
    assert len(emitted) == 1


def test_the_seen_ids_are_bounded():
    seen = example.SeenIds(capacity=2)
    assert seen.first_time(SOURCE, "a") and seen.first_time(SOURCE, "b") and seen.first_time(SOURCE, "c")
    assert not seen.first_time(SOURCE, "c")
    assert seen.first_time(SOURCE, "a"), "the oldest id was forgotten"


def test_a_kafka_record_becomes_an_outcome():
    headers = [("ce_specversion", b"1.0"), ("ce_id", b"8c9c1c38-6b2c-5f4f-8d1e-0c8f6c1e2a3b"), ("ce_source", SOURCE.encode()),
               ("ce_type", b"com.switchboard.call.redirected"), ("ce_time", b"2026-01-01T00:00:00.123Z"),
               ("ce_subject", b"c1"), ("content-type", b"application/json")]
    outcome = example.Outcome.from_record(b"c1", headers, json.dumps({"type": "redirected", "callId": "c1"}).encode())
    assert (outcome.type, outcome.call_id, outcome.id) == ("redirected", "c1", "8c9c1c38-6b2c-5f4f-8d1e-0c8f6c1e2a3b")


@pytest.mark.parametrize("headers, message", [
    ([("ce_id", b"x")], "no ce_specversion header"),
    ([("ce_specversion", b"0.3"), ("ce_id", b"x"), ("ce_source", b"s"), ("ce_type", b"com.switchboard.call.failed")],
     "ce_specversion 0.3 is not 1.0"),
    ([("ce_specversion", b"1.0"), ("ce_id", b"x"), ("ce_source", b"s"), ("ce_type", b"com.example.other")],
     "ce_type com.example.other is not a Switchboard outcome"),
])
def test_records_that_are_not_outcomes_are_refused(headers, message):
    with pytest.raises(ValueError, match=message):
        example.Outcome.from_record(b"c1", headers, b"{}")
