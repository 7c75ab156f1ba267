#!/usr/bin/env python3
"""Splits a perf profile of the worker into the stages of a call.

Reads `perf script -F comm,ip,sym` output (samples with frame-pointer call graphs, e.g. from
scripts/bench/profile-worker.sh) on standard input and prints the share of samples per stage. Async Swift
frames do not unwind past the job that runs them, but each job's own stack names the code it runs, so a
sample is given to the stage of the first frame, leaf first, that names one; samples whose stack names none
are split by thread. Frames are matched on their mangled names (module and type).
"""
import collections
import re
import sys

STAGES = [
    # Checked in this order at each frame, leaf first.
    ("outcome out (JSON, headers, produce, delivery reports)",
     r"OutcomeEvent|CallOutcome|OutcomeTimestamp|OutcomeTimings|OutcomePublisher|Processor[A-Za-z0-9_]*emit|"
     r"\$s5Kafka[0-9A-Za-z_]*Producer|ProducerCore|KafkaDeliveryReport"),
    ("Kafka in (poll, record copy, hand-off)",
     r"\$s5Kafka[0-9A-Za-z_]*(Consumer|KafkaRecord|ConsumerCore)|WorkerService[0-9A-Za-z_]*intake|schedulingKey"),
    ("parse, route, body",
     r"NotificationParser|JSONScanner|JSONValue|JSONObjectReader|RoutingRules|RedirectRequestBody|TenantCheck|"
     r"TenantID|IdempotencyKey|ShadowRules|Schedule"),
    ("Graph client (request, HTTP, TLS)",
     r"\$s5Graph|AsyncHTTPClient|NIOHTTP1|NIOHTTP2|NIOSSL|NIOPosix|NIOCore|HTTPClient"),
    ("scheduling (key queues, offsets, ledger)",
     r"WorkScheduler|InFlightWork|OffsetTracker|CallLedger|PartitionLedgers|WorkerService|RebalanceHandler"),
    ("logging, metrics, tracing",
     r"\$s7Logging|LogHandler|\$s7Metrics|\$s11CoreMetrics|\$s10Prometheus|\$s7Tracing|\$s15Instrumentation"),
]
COMPILED = [(name, re.compile(pattern)) for name, pattern in STAGES]
THREADS = [
    ("librdkafka threads (both clients, unattributed)", re.compile(r"^rdk:")),
    ("Kafka poll threads (unattributed)", re.compile(r"^kafka-")),
    ("NIO event loops (unattributed)", re.compile(r"^NIO-")),
]


def stage(thread, frames):
    for frame in frames:
        for name, pattern in COMPILED:
            if pattern.search(frame):
                return name
    for name, pattern in THREADS:
        if pattern.search(thread):
            return name
    return "Swift runtime and kernel on the task pool (unattributed)"


def main():
    counts = collections.Counter()
    thread, frames = None, []
    for line in sys.stdin:
        if not line.startswith("\t"):
            if frames:
                counts[stage(thread, frames)] += 1
            thread, frames = (line.split() or [""])[0], []
        elif line.strip():
            parts = line.split(None, 1)
            if len(parts) == 2:
                frames.append(parts[1].strip())
    if frames:
        counts[stage(thread, frames)] += 1
    total = sum(counts.values()) or 1
    for name, count in counts.most_common():
        print(f"{100 * count / total:5.1f} %  {name}")
    print(f"({total} samples)")


if __name__ == "__main__":
    main()
