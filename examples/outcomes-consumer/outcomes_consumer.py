#!/usr/bin/env python3
"""A downstream consumer of Switchboard's outcome events (topic calls.redirect-outcomes).

It shows the three things every consumer of the topic must get right:

1. Deduplicate on `ce_source` + `ce_id`. Kafka delivers at least once, and Switchboard itself may publish an
   event again (a replay, a worker taking over a partition); a repeated event carries the same id.
2. Keep one decision per call. `redirected`, `failed`, `expired`, `ignored`, `unconfirmed` (and `rejected`,
   planned) are final decisions; `attempting` (written before a call's first Graph attempt) and `duplicate`
   events are informational; unknown types are skipped, so new types never break the consumer.
3. Settle. A later `completed` event (Graph's terminated notification, with `resultInfo`) settles the call's
   decision. `unconfirmed` means Graph may have acted on the redirect and nobody can know yet: it is neither
   success nor failure — hold the call until its `completed` event says what happened.

Run it against a cluster (or the embedded brokers `switchboard-dev dev` prints):

    python outcomes_consumer.py --bootstrap-servers 127.0.0.1:9092 --group billing --from-beginning

It prints one JSON line per decision and per settlement on stdout and, on exit (SIGINT/SIGTERM, --idle-exit or
--max-seconds), a summary with `--report`. Offsets are committed only after the records were handled, so a
crash re-delivers rather than loses; deduplication makes the re-delivery harmless. The ledger here lives in
memory: a real service keeps it (and the seen ids) in its own database, written in the same transaction as
whatever it does with an outcome.
"""

from __future__ import annotations

import argparse
import json
import signal
import sys
import time
from collections import OrderedDict
from dataclasses import dataclass, field
from typing import Any, Callable

TYPE_PREFIX = "com.switchboard.call."
# The call's one final decision. `unconfirmed` is one too, but says nothing about the call's fate.
DECISIONS = {"redirected", "failed", "expired", "ignored", "rejected", "unconfirmed"}
AWAITING_COMPLETION = {"unconfirmed"}


@dataclass(frozen=True)
class Outcome:
    """One CloudEvent of the outcomes topic, in Kafka binary mode: attributes from the ce_* headers, data from the value."""

    source: str
    id: str
    type: str  # the last segment of ce_type: redirected, failed, …
    call_id: str
    time: str
    data: dict[str, Any]

    @staticmethod
    def from_record(key: bytes | None, headers: list[tuple[str, bytes]] | None, value: bytes | None) -> "Outcome":
        """Reads a Kafka record; raises ValueError when it is not a Switchboard outcome event."""
        attributes = {name: raw.decode("utf-8") for name, raw in headers or [] if raw is not None}
        for required in ("ce_specversion", "ce_id", "ce_source", "ce_type"):
            if required not in attributes:
                raise ValueError(f"no {required} header")
        if attributes["ce_specversion"] != "1.0":
            raise ValueError(f"ce_specversion {attributes['ce_specversion']} is not 1.0")
        if not attributes["ce_type"].startswith(TYPE_PREFIX):
            raise ValueError(f"ce_type {attributes['ce_type']} is not a Switchboard outcome")
        data = json.loads(value) if value else {}
        call_id = attributes.get("ce_subject") or (key.decode("utf-8") if key else None) or data.get("callId")
        if not call_id:
            raise ValueError("no call id (ce_subject, key or data.callId)")
        return Outcome(source=attributes["ce_source"], id=attributes["ce_id"],
                       type=attributes["ce_type"][len(TYPE_PREFIX):], call_id=call_id,
                       time=attributes.get("ce_time", ""), data=data)


@dataclass
class Call:
    """What the consumer knows about one call."""

    decision: str | None = None
    decision_event: str | None = None
    awaiting_completion: bool = False
    settled: bool = False
    result: dict[str, Any] | None = None
    conflicts: list[str] = field(default_factory=list)


class SeenIds:
    """The (ce_source, ce_id) pairs already handled, bounded: the oldest are forgotten first."""

    def __init__(self, capacity: int = 1_000_000):
        self.capacity = capacity
        self._ids: OrderedDict[tuple[str, str], None] = OrderedDict()

    def first_time(self, source: str, event_id: str) -> bool:
        key = (source, event_id)
        if key in self._ids:
            self._ids.move_to_end(key)
            return False
        self._ids[key] = None
        if len(self._ids) > self.capacity:
            self._ids.popitem(last=False)
        return True


class OutcomeLedger:
    """Deduplicates outcome events and keeps each call's decision and settlement.

    `emit` receives one dict per thing a downstream system acts on: a decision, or a settlement.
    """

    def __init__(self, emit: Callable[[dict[str, Any]], None] = lambda _: None, seen: SeenIds | None = None):
        self.emit = emit
        self.seen = seen or SeenIds()
        self.calls: dict[str, Call] = {}
        self.repeated_events = 0
        self.duplicate_notifications = 0
        self.attempting_markers = 0
        self.unknown_types: dict[str, int] = {}

    def handle(self, outcome: Outcome) -> None:
        if not self.seen.first_time(outcome.source, outcome.id):
            self.repeated_events += 1
            return
        call = self.calls.setdefault(outcome.call_id, Call())
        if outcome.type in DECISIONS:
            self._decide(outcome, call)
        elif outcome.type == "completed":
            self._settle(outcome, call)
        elif outcome.type == "duplicate":
            self.duplicate_notifications += 1
        elif outcome.type == "attempting":
            # Switchboard's write-ahead marker before a Graph attempt; the decision follows (or `unconfirmed`).
            self.attempting_markers += 1
        else:
            self.unknown_types[outcome.type] = self.unknown_types.get(outcome.type, 0) + 1

    def _decide(self, outcome: Outcome, call: Call) -> None:
        if call.decision is not None:
            # A second decision with another event id: never expected (a call's decision has a deterministic id).
            call.conflicts.append(f"{outcome.type} ({outcome.id}) after {call.decision} ({call.decision_event})")
            return
        call.decision, call.decision_event = outcome.type, outcome.id
        if outcome.type in AWAITING_COMPLETION:
            # Graph may have acted: neither redirected nor failed. Hold the call until `completed` says what happened;
            # until then it is listed as awaiting completion.
            call.awaiting_completion = not call.settled
            self.emit({"event": "awaiting-completion", "callId": outcome.call_id, "time": outcome.time})
            return
        self.emit({"event": "decision", "callId": outcome.call_id, "decision": outcome.type, "time": outcome.time,
                   "rule": (outcome.data.get("rule") or {}).get("name")})

    def _settle(self, outcome: Outcome, call: Call) -> None:
        if call.settled:
            call.conflicts.append(f"completed ({outcome.id}) after the call was settled")
            return
        call.settled, call.awaiting_completion = True, False
        call.result = outcome.data.get("resultInfo")
        self.emit({"event": "settled", "callId": outcome.call_id, "decision": call.decision, "time": outcome.time,
                   "resultInfo": call.result, "disposition": outcome.data.get("disposition"),
                   "answeredBy": outcome.data.get("answeredBy")})

    def summary(self) -> dict[str, Any]:
        decisions: dict[str, int] = {}
        for call in self.calls.values():
            if call.decision:
                decisions[call.decision] = decisions.get(call.decision, 0) + 1
        return {
            "calls": len(self.calls),
            "decisions": decisions,
            "decisionByCall": {call_id: call.decision for call_id, call in self.calls.items()},
            "settled": sum(call.settled for call in self.calls.values()),
            "awaitingCompletion": sorted(c for c, call in self.calls.items() if call.awaiting_completion),
            "withoutDecision": sorted(c for c, call in self.calls.items() if call.decision is None),
            "conflicts": {c: call.conflicts for c, call in self.calls.items() if call.conflicts},
            "repeatedEvents": self.repeated_events,
            "duplicateNotifications": self.duplicate_notifications,
            "attemptingMarkers": self.attempting_markers,
            "unknownTypes": self.unknown_types,
        }


def consume(arguments: argparse.Namespace) -> dict[str, Any]:
    from confluent_kafka import Consumer, KafkaException  # imported here so the ledger can be used without it

    def emit(line: dict[str, Any]) -> None:
        if arguments.events:
            print(json.dumps(line, sort_keys=True), flush=True)

    ledger = OutcomeLedger(emit)
    consumer = Consumer({
        "bootstrap.servers": arguments.bootstrap_servers,
        "group.id": arguments.group,
        "enable.auto.commit": False,
        "auto.offset.reset": "earliest" if arguments.from_beginning else "latest",
        "partition.assignment.strategy": "cooperative-sticky",
        "on_commit": lambda error, partitions: error and print(f"commit failed: {error}", file=sys.stderr),
        **dict(prop.split("=", 1) for prop in arguments.property),
    })
    stopping = False

    def stop(*_: Any) -> None:
        nonlocal stopping
        stopping = True

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    consumer.subscribe([arguments.topic])
    started = last_record = time.monotonic()
    malformed = 0
    try:
        while not stopping:
            now = time.monotonic()
            if arguments.max_seconds and now - started > arguments.max_seconds:
                break
            if arguments.idle_exit and ledger.calls and now - last_record > arguments.idle_exit:
                break
            records = consumer.consume(num_messages=500, timeout=0.5)
            for record in records:
                if record.error():
                    if record.error().fatal():
                        raise KafkaException(record.error())
                    # Brokers unreachable, a partition moving: librdkafka retries by itself.
                    print(f"kafka: {record.error()}", file=sys.stderr)
                    continue
                try:
                    outcome = Outcome.from_record(record.key(), record.headers(), record.value())
                except ValueError as error:
                    malformed += 1
                    print(f"skipping {record.topic()}/{record.partition()}@{record.offset()}: {error}", file=sys.stderr)
                    continue
                ledger.handle(outcome)
            if any(record.error() is None for record in records):
                last_record = time.monotonic()
                # After handling: at least once, made harmless by deduplication. Asynchronous, so an unreachable
                # coordinator never blocks the loop (or a stop); a lost commit only means these records come again.
                consumer.commit(asynchronous=True)
    finally:
        summary = ledger.summary() | {"malformedRecords": malformed}
        if arguments.report:  # before closing: leaving the group can take a session timeout if the brokers are gone
            with open(arguments.report, "w") as report:
                json.dump(summary, report, indent=2, sort_keys=True)
        consumer.close()
    return summary


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--bootstrap-servers", required=True, help="host:port[,host:port…]")
    parser.add_argument("--topic", default="calls.redirect-outcomes")
    parser.add_argument("--group", default="outcomes-consumer-example", help="consumer group id")
    parser.add_argument("--from-beginning", action="store_true", help="a new group starts at the oldest outcome")
    parser.add_argument("--property", action="append", default=[], metavar="KEY=VALUE",
                        help="a librdkafka property, e.g. security.protocol=SASL_SSL (repeatable)")
    parser.add_argument("--events", action="store_true", help="print a JSON line per decision and settlement")
    parser.add_argument("--report", help="write the summary (JSON) to this file on exit")
    parser.add_argument("--idle-exit", type=float, default=0, help="stop after this many seconds without records")
    parser.add_argument("--max-seconds", type=float, default=0, help="stop after this many seconds in any case")
    arguments = parser.parse_args()
    summary = consume(arguments)
    print(json.dumps({key: summary[key] for key in ("calls", "decisions", "settled", "repeatedEvents")}, sort_keys=True),
          file=sys.stderr)
    return 1 if summary["conflicts"] else 0


if __name__ == "__main__":
    sys.exit(main())
