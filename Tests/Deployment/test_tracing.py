"""Distributed tracing across processes: one incoming call yields one connected trace.

Real processes on loopback: `switchboard-dev kafka-mock`, `simulate`, `ingress` and `worker`, the last two exporting
over OTLP/HTTP to a receiver in this test (otlp_receiver.py). The ingress is configured with
SWITCHBOARD_OTEL_EXPORTER_OTLP_ENDPOINT and a batch delay far longer than the test, so its spans arrive only
because stopping it flushes them; the worker with the standard OTEL_EXPORTER_OTLP_ENDPOINT and OTEL_SERVICE_NAME.
Every wait is bounded.
"""

from __future__ import annotations

import json
import os
import queue
import signal
import subprocess
import threading
from pathlib import Path

import pytest

from conftest import ROOT, switchboard_binary, switchboard_dev_binary
from live_run import free_port_block, http, stop, wait_until

otlp_receiver = pytest.importorskip("otlp_receiver")

SERVER, CLIENT, PRODUCER, CONSUMER = 2, 3, 4, 5
RULES = ROOT / "Tests" / "EndToEndTests" / "Fixtures" / "seed-rules.yaml"


def _env(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("SWITCHBOARD_", "KAFKA_", "OTEL_"))}
    env.update(extra)
    return env


def _lines(process: subprocess.Popen) -> "queue.Queue[str]":
    """The process's stdout lines, read by a thread so that every wait for one can be bounded."""
    lines: queue.Queue[str] = queue.Queue()
    threading.Thread(target=lambda: [lines.put(line.strip()) for line in process.stdout], daemon=True).start()
    return lines


def _next_line(lines: "queue.Queue[str]", what: str, timeout: float = 60) -> str:
    try:
        return lines.get(timeout=timeout)
    except queue.Empty:
        raise TimeoutError(f"{what} printed no address within {timeout:.0f} s") from None


@pytest.fixture(scope="module")
def traced_call(tmp_path_factory):
    binary = switchboard_binary()
    dev_binary = switchboard_dev_binary()
    if binary is None or dev_binary is None:
        pytest.skip("the switchboard and switchboard-dev binaries are not built (swift build), and SWITCHBOARD_BIN is not set")
    workdir: Path = tmp_path_factory.mktemp("tracing")
    processes: dict[str, subprocess.Popen] = {}
    logs = {name: open(workdir / f"{name}.log", "w") for name in ("mock", "simulator", "ingress", "worker")}

    def start(name: str, arguments: list[str], env: dict[str, str]) -> "queue.Queue[str]":
        # kafka-mock and simulate are developer tooling, in switchboard-dev.
        program = dev_binary if arguments[0] in ("kafka-mock", "simulate") else binary
        processes[name] = subprocess.Popen([str(program), *arguments], stdout=subprocess.PIPE, stderr=logs[name],
                                           text=True, env=env)
        return _lines(processes[name])

    with otlp_receiver.OTLPReceiver() as receiver:
        try:
            mock = start("mock", ["kafka-mock", "--brokers", "1", "--topic", "calls.notifications:2",
                                  "--topic", "calls.redirect-outcomes:2", "--topic", "calls.notifications.dlq:1"], _env())
            bootstrap = _next_line(mock, "kafka-mock")
            ingress_port = free_port_block(1)
            ingress_url = f"http://127.0.0.1:{ingress_port}"
            simulator = start("simulator", ["simulate", "--port", "0", "--callback-base-url", ingress_url,
                                            "--notification-url", f"{ingress_url}/api/calls"], _env())
            simulator_url = _next_line(simulator, "the simulator")
            ingress = start("ingress", [
                "ingress", "--host", "127.0.0.1", "--port", str(ingress_port), "--health-port", "0",
                "--bot-app-id", "24701998-1a73-4d42-8085-bf46ed0ae039",
                "--openid-metadata-url", f"{simulator_url}/v1/.well-known/OpenIdConfiguration",
                "--kafka-bootstrap-servers", bootstrap, "--log-level", "notice",
            ], _env(SWITCHBOARD_OTEL_EXPORTER_OTLP_ENDPOINT=receiver.endpoint, OTEL_BSP_SCHEDULE_DELAY="600000"))
            _next_line(ingress, "the ingress")
            ingress_health = _next_line(ingress, "the ingress (health URL)")
            worker = start("worker", [
                "worker", "--kafka-bootstrap-servers", bootstrap, "--consumer-group", "tracing-test",
                "--kafka-property", "fetch.wait.max.ms=25", "--rules-file", str(RULES),
                "--graph-base-url", simulator_url, "--graph-authority", simulator_url, "--graph-api-version", "beta",
                "--graph-client-id", "switchboard-e2e", "--health-port", "0", "--log-level", "notice",
            ], _env(SWITCHBOARD_GRAPH_CLIENT_SECRET="e2e-not-a-secret", OTEL_EXPORTER_OTLP_ENDPOINT=receiver.endpoint,
                    OTEL_SERVICE_NAME="switchboard-worker-under-test", OTEL_BSP_SCHEDULE_DELAY="100"))
            worker_health = _next_line(worker, "the worker")
            for url in (ingress_health, worker_health):
                wait_until(lambda: http(f"{url}/readyz")[0] == 200, 60, f"{url}/readyz")

            status, body = http(f"{simulator_url}/simulator/calls", data=json.dumps({"deliver": True}).encode(),
                                headers={"Content-Type": "application/json"}, timeout=20)
            assert status in (200, 201), f"the simulator answered {status}: {body[:300]!r}"
            offer = json.loads(body)
            assert offer["delivery"]["status"] == 202, f"the ingress did not take the notification: {offer}"

            def final_outcome_exported():
                return any(s.name == "send calls.redirect-outcomes" and s.attributes.get("switchboard.outcome.type")
                           not in (None, "attempting") for s in receiver.snapshot())
            wait_until(final_outcome_exported, 60, "the worker's final outcome span")
            # The ingress's batch delay is 10 minutes: its spans come only from the flush when it stops.
            assert not [s for s in receiver.snapshot() if s.service == "switchboard-ingress"]
            processes["ingress"].send_signal(signal.SIGTERM)
            assert processes["ingress"].wait(timeout=30) == 0
            wait_until(lambda: any(s.service == "switchboard-ingress" for s in receiver.snapshot()), 10,
                       "the ingress's spans after it stopped")
            yield offer["callId"], receiver.snapshot()
        finally:
            for process in reversed(list(processes.values())):
                stop(process)
            for log in logs.values():
                log.close()
            assert not receiver.errors, receiver.errors


def _call_trace(call_id, spans):
    consumer = [s for s in spans if s.kind == CONSUMER and s.attributes.get("switchboard.call.id") == call_id]
    assert len(consumer) == 1, f"expected one worker span for call {call_id}, got {consumer}"
    trace = [s for s in spans if s.trace_id == consumer[0].trace_id]
    return consumer[0], trace


def test_one_call_is_one_trace_across_the_ingress_and_the_worker(traced_call):
    call_id, spans = traced_call
    handling, trace = _call_trace(call_id, spans)
    by_id = {s.span_id: s for s in trace}
    services = {s.service for s in trace}
    assert services == {"switchboard-ingress", "switchboard-worker-under-test"}, services

    produce = by_id[handling.parent_span_id]
    assert (produce.service, produce.kind, produce.name) == ("switchboard-ingress", PRODUCER, "send calls.notifications")
    request = by_id[produce.parent_span_id]
    assert (request.kind, request.name) == (SERVER, "POST /api/calls")
    assert request.attributes["http.response.status_code"] == 202
    # Every worker span hangs under the handling span, every ingress span under the request.
    for span in trace:
        chain, current = [], span
        while current.parent_span_id in by_id:
            chain.append(current.name)
            current = by_id[current.parent_span_id]
        assert current is request, f"{span.name} is not connected to the ingress request ({chain})"


def test_the_worker_span_names_the_rule_and_the_decision(traced_call):
    call_id, spans = traced_call
    handling, _ = _call_trace(call_id, spans)
    assert handling.name == "process calls.notifications"
    assert handling.attributes["switchboard.outcome.type"] == "redirected"
    assert handling.attributes["switchboard.rule"]
    assert handling.attributes["switchboard.decision"]
    assert handling.attributes["messaging.destination.name"] == "calls.notifications"


def test_graph_attempts_and_outcome_produces_are_children_of_the_handling(traced_call):
    call_id, spans = traced_call
    handling, trace = _call_trace(call_id, spans)
    children = [s for s in trace if s.parent_span_id == handling.span_id]
    attempts = [s for s in children if s.kind == CLIENT]
    assert [a.attributes["switchboard.graph.attempt"] for a in attempts] == list(range(1, len(attempts) + 1))
    assert attempts[0].name == "POST /communications/calls/{id}/redirect"
    assert attempts[0].attributes["http.request.resend_count"] == 0
    assert attempts[0].attributes["switchboard.graph.wait_ms"] >= 0
    assert attempts[-1].attributes["http.response.status_code"] == 202
    produced = [s.attributes["switchboard.outcome.type"] for s in children if s.kind == PRODUCER]
    assert sorted(produced) == ["attempting", "redirected"], produced
