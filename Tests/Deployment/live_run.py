"""One bounded run of real Switchboard processes, scraped by a real Prometheus, for test_live_prometheus.py.

`switchboard-dev dev` runs the embedded Kafka brokers, the Graph simulator (with faults), the ingress and two
workers on fixed loopback ports. A separate `switchboard worker` (the production command) runs beside it with
a small per-tenant Graph budget, so its rate limiter makes calls wait, on its own `switchboard-dev kafka-mock` and
against the same simulator: it does not join dev's consumer group, because a member joining mid-run makes the
mock cluster (librdkafka 2.0.2) lose partitions for seconds, and calls then finish after dev's summary. Debian's
`prometheus` scrapes the ingress and the three workers every second with the chart's alert rules loaded. While traffic runs, the run adds
the faults the alerts watch for: refused tokens, records that go to the DLQ, an invalid rules file. The
outcomes-consumer example and a collector read the topics from the embedded brokers. Every wait is bounded;
everything listens on 127.0.0.1 only.
"""

from __future__ import annotations

import base64
import json
import os
import re
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from conftest import ROOT, TOPICS

EXAMPLE = ROOT / "examples" / "outcomes-consumer" / "outcomes_consumer.py"
TENANT = "632899f8-2ea1-4604-8413-27bd2892079f"  # the simulator's tenant (SimulatorDefaults.tenantID)
CALLS = 120
RATE = 10
# 429 and 503 carry Retry-After 20 s, longer than any call's window: those calls expire. 500s and resets are
# retried and mostly redirected. A lost answer (Graph redirected the call, the worker never heard) makes the
# retry find the call gone: those calls end unconfirmed, and their completed events settle them.
FAULTS = "429=0.1,503=0.05,500=0.05,reset=0.03,lost=0.05,lost-delay=0,retry-after=20"
DEAD_LETTER_KEYS = [f"live-test-dead-letter-{n}" for n in range(3)]
INVALID_RULES = "rules:\n  - name: broken\n    action:\n      redirect:\n        targets: []\n"
SEED_NOTIFICATION = ROOT / "Sources" / "SeedExamples" / "Examples" / "example2-incoming-notification.json"
SEED_CALL_ID = "481f0b00-ffff-4ca1-8c67-a5f1e31e8e82"
RATE_LIMIT = 3  # redirects per tenant per 15 s for the separate worker: a burst of 6 makes the last ones wait
RUN_TIMEOUT = 180  # seconds from start until `switchboard dev` must have printed its summary


@dataclass
class LiveRun:
    query_time: float = 0.0
    prometheus_url: str = ""
    scraped: dict[str, str] = field(default_factory=dict)  # target → last /metrics text
    rules: list[dict[str, Any]] = field(default_factory=list)  # /api/v1/rules alerting rules
    records: dict[str, list[dict[str, Any]]] = field(default_factory=dict)  # topic → {key, headers, value}
    consumer_summary: dict[str, Any] = field(default_factory=dict)
    consumer_exit: int | None = None
    dev_output: list[str] = field(default_factory=list)
    results: dict[str, dict[str, Any]] = field(default_factory=dict)  # expr → Prometheus answer at query_time


def reserve_port(port: int = 0) -> int:
    """Reserves a loopback port (0: any free one) for a server that sets SO_REUSEADDR, and returns it.

    A port merely found free can be handed to another bind or outgoing connection before the server
    binds it. Connecting to it and closing the accepted side first leaves it in TIME_WAIT for a
    minute, during which the kernel gives it to no bind to port 0 and no outgoing connection, while
    Hummingbird's and Prometheus's listeners (SO_REUSEADDR) bind it at once.
    """
    with socket.socket() as listener:
        listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        listener.bind(("127.0.0.1", port))
        listener.listen(1)
        port = listener.getsockname()[1]
        with socket.create_connection(("127.0.0.1", port), timeout=5):
            accepted, _ = listener.accept()
            accepted.close()
    return port


def free_port_block(count: int) -> int:
    """The first of `count` consecutive loopback ports, each reserved (`reserve_port`)."""
    for _ in range(200):
        first = reserve_port()
        if first + count > 65000:
            continue
        try:
            for port in range(first + 1, first + count):
                reserve_port(port)
            return first
        except OSError:
            continue
    raise RuntimeError("no block of free loopback ports")


def http(url: str, data: bytes | None = None, headers: dict[str, str] | None = None, timeout: float = 5) -> tuple[int, bytes]:
    request = urllib.request.Request(url, data=data, headers=headers or {}, method="POST" if data is not None else "GET")
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.read()


def query(prometheus: str, expr: str, at: float) -> dict[str, Any]:
    url = f"{prometheus}/api/v1/query?" + urllib.parse.urlencode({"query": expr, "time": f"{at:.3f}"})
    status, body = http(url, timeout=20)
    answer = json.loads(body)
    answer["httpStatus"] = status
    return answer


def wait_until(condition, timeout: float, what: str, interval: float = 0.2):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        result = condition()
        if result:
            return result
        time.sleep(interval)
    raise TimeoutError(f"{what} not within {timeout:.0f} s")


def base64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def token_with_unknown_key() -> str:
    """A well-formed RS256 token naming a key the issuer does not have (the ingress refuses it as unknown_key)."""
    header = {"alg": "RS256", "typ": "JWT", "kid": "live-test-unknown-key"}
    claims = {"iss": "https://api.botframework.com", "aud": "24701998-1a73-4d42-8085-bf46ed0ae039", "tid": TENANT,
              "exp": int(time.time()) + 300, "nbf": int(time.time()) - 10}
    return ".".join([base64url(json.dumps(header).encode()), base64url(json.dumps(claims).encode()), base64url(b"x" * 256)])


class Collector(threading.Thread):
    """Reads every partition of the three topics from the beginning until stopped."""

    def __init__(self, bootstrap: str):
        super().__init__(daemon=True)
        from confluent_kafka import Consumer, TopicPartition, OFFSET_BEGINNING

        self.records: dict[str, list[dict[str, Any]]] = {}
        self.stop = threading.Event()
        self.consumer = Consumer({"bootstrap.servers": bootstrap, "group.id": "live-test-collector",
                                  "enable.auto.commit": False, "fetch.wait.max.ms": 25})
        partitions = []
        for path in TOPICS.glob("*.yaml"):
            declaration = yaml.safe_load(path.read_text())
            if "role" in declaration:
                partitions += [TopicPartition(declaration["name"], p, OFFSET_BEGINNING)
                               for p in range(declaration["partitions"])]
        self.consumer.assign(partitions)

    def run(self) -> None:
        try:
            while not self.stop.is_set():
                for message in self.consumer.consume(num_messages=500, timeout=0.3):
                    if message.error():
                        continue
                    value = message.value() or b""
                    try:
                        parsed: Any = json.loads(value)
                    except ValueError:
                        parsed = value.decode("utf-8", "replace")
                    self.records.setdefault(message.topic(), []).append({
                        "key": message.key().decode() if message.key() is not None else None,
                        "headers": {k: v.decode() for k, v in message.headers() or [] if v is not None},
                        "value": parsed,
                    })
        finally:
            self.consumer.close()


def produce_dead_letters(bootstrap: str, topic: str) -> None:
    from confluent_kafka import Producer

    producer = Producer({"bootstrap.servers": bootstrap, "acks": "all"})
    for key in DEAD_LETTER_KEYS:
        headers = [("switchboard-received-at", str(int(time.time() * 1000))), ("switchboard-tenant", TENANT),
                   ("traceparent", "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01")]
        producer.produce(topic, key=key, value=b'{"value": [ {"changeType": "created",', headers=headers)
    remaining = producer.flush(10)
    assert remaining == 0, f"{remaining} dead-letter test records not delivered"


def feed_rate_limited_worker(bootstrap: str) -> None:
    """A burst of distinct incoming calls (Graph's example 2 with new call ids) for the rate-limited worker."""
    from confluent_kafka import Producer

    template = SEED_NOTIFICATION.read_text()
    producer = Producer({"bootstrap.servers": bootstrap, "acks": "all"})
    for n in range(2 * RATE_LIMIT):
        call_id = f"481f0b00-ffff-4ca1-8c67-{n:012d}"
        headers = [("switchboard-received-at", str(int(time.time() * 1000))), ("switchboard-tenant", TENANT),
                   ("traceparent", f"00-4bf92f3577b34da6a3ce929d0e0e47{n:02d}-00f067aa0ba902b7-01")]
        producer.produce("calls.notifications", key=call_id, value=template.replace(SEED_CALL_ID, call_id).encode(),
                         headers=headers)
    remaining = producer.flush(10)
    assert remaining == 0, f"{remaining} notifications for the rate-limited worker not delivered"


def stop(process: subprocess.Popen | None, timeout: float = 20) -> int | None:
    if process is None or process.poll() is not None:
        return None if process is None else process.returncode
    process.send_signal(signal.SIGTERM)
    try:
        return process.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        process.kill()
        return process.wait(timeout=10)


def run(binary: Path, dev_binary: Path, prometheus: str, rules: dict[str, Any], queries: list[str], workdir: Path) -> LiveRun:
    live = LiveRun()
    base = free_port_block(7)
    ingress, simulator, worker_health, extra_worker, prometheus_port = base, base + 1, base + 2, base + 4, base + 5
    # The ingress serves /metrics on its own health port, not the webhook's.
    ingress_health = base + 6
    workers = [worker_health, worker_health + 1, extra_worker]
    live.prometheus_url = f"http://127.0.0.1:{prometheus_port}"
    env = {k: v for k, v in os.environ.items() if not k.startswith(("SWITCHBOARD_", "KAFKA_"))}

    (workdir / "rules.yaml").write_text(yaml.safe_dump(rules, sort_keys=False))
    (workdir / "prometheus.yml").write_text(yaml.safe_dump({
        "global": {"scrape_interval": "1s", "scrape_timeout": "1s", "evaluation_interval": "1s"},
        "rule_files": [str(workdir / "rules.yaml")],
        # The job names the chart's ServiceMonitors produce (the Service names), so the rendered rules apply as is.
        "scrape_configs": [
            {"job_name": "switchboard-ingress-metrics", "static_configs": [{"targets": [f"127.0.0.1:{ingress_health}"]}]},
            {"job_name": "switchboard-worker-metrics",
             "static_configs": [{"targets": [f"127.0.0.1:{port}" for port in workers]}]},
        ],
    }))
    routing_rules = workdir / "routing-rules.yaml"
    routing_rules.write_text((ROOT / "examples" / "rules.yaml").read_text())
    (workdir / "graph-secret").write_text("switchboard-dev-secret")
    (workdir / "rate-limited-rules.yaml").write_text((ROOT / "examples" / "rules.yaml").read_text())

    processes: dict[str, subprocess.Popen] = {}
    logs = {name: open(workdir / f"{name}.log", "wb") for name in ("prometheus", "mock", "worker", "consumer")}
    collector = None
    try:
        processes["prometheus"] = subprocess.Popen(
            [prometheus, f"--config.file={workdir / 'prometheus.yml'}", f"--storage.tsdb.path={workdir / 'tsdb'}",
             f"--web.listen-address=127.0.0.1:{prometheus_port}", "--log.level=warn"],
            stdout=logs["prometheus"], stderr=subprocess.STDOUT, env=env)
        wait_until(lambda: http(f"{live.prometheus_url}/-/ready")[0] == 200 if _port_open(prometheus_port) else False,
                   30, "prometheus ready")

        dev = subprocess.Popen(
            [str(dev_binary), "dev", "--ingress-port", str(ingress), "--ingress-health-port", str(ingress_health),
             "--simulator-port", str(simulator),
             "--worker-health-port", str(worker_health), "--workers", "2", "--rate", str(RATE), "--calls", str(CALLS),
             "--faults", FAULTS, "--rules-file", str(routing_rules), "--topics-dir", str(TOPICS),
             "--log-file", str(workdir / "switchboard-dev.log")],
            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, cwd=ROOT, env=env)
        processes["dev"] = dev
        reader = threading.Thread(target=lambda: [live.dev_output.append(line.rstrip("\n")) for line in dev.stdout],
                                  daemon=True)
        reader.start()
        started = time.monotonic()

        def bootstrap_address():
            for line in live.dev_output:
                found = re.search(r"embedded Kafka\s+(127\.0\.0\.1:\d+)", line)
                if found:
                    return found.group(1)
            if dev.poll() is not None:
                raise RuntimeError("switchboard dev stopped:\n" + "\n".join(live.dev_output))
            return None

        bootstrap = wait_until(bootstrap_address, 90, "switchboard dev's embedded Kafka")

        processes["mock"] = subprocess.Popen(
            [str(dev_binary), "kafka-mock", "--brokers", "1", "--topic", "calls.notifications:2",
             "--topic", "calls.redirect-outcomes:2", "--topic", "calls.notifications.dlq:1"],
            stdout=subprocess.PIPE, stderr=logs["mock"], text=True, env=env)
        mock_bootstrap = processes["mock"].stdout.readline().strip()
        assert mock_bootstrap.startswith("127.0.0.1:"), f"kafka-mock printed {mock_bootstrap!r}"
        processes["worker"] = subprocess.Popen(
            [str(binary), "worker", "--kafka-bootstrap-servers", mock_bootstrap, "--consumer-group", "live-test-rate-limited",
             "--kafka-property", "fetch.wait.max.ms=25", "--rules-file", str(workdir / "rate-limited-rules.yaml"),
             "--graph-base-url", f"http://127.0.0.1:{simulator}", "--graph-authority", f"http://127.0.0.1:{simulator}",
             "--graph-api-version", "beta", "--graph-client-id", "switchboard-dev",
             "--graph-client-secret-file", str(workdir / "graph-secret"), "--graph-tenants", TENANT,
             "--graph-rate-limit", str(RATE_LIMIT), "--health-port", str(extra_worker),
             "--log-format", "json", "--log-level", "notice"],
            stdout=logs["worker"], stderr=subprocess.STDOUT, env=env)
        processes["consumer"] = subprocess.Popen(
            [sys.executable, str(EXAMPLE), "--bootstrap-servers", bootstrap, "--group", "live-test-outcomes-consumer",
             "--from-beginning", "--report", str(workdir / "consumer-report.json"), "--max-seconds", str(RUN_TIMEOUT),
             # librdkafka 2.0.2's mock broker holds a fetch for all of fetch.wait.max.ms even when records arrive;
             # a short session bounds how long closing waits once the brokers are gone.
             "--property", "fetch.wait.max.ms=25", "--property", "session.timeout.ms=6000"],
            stdout=logs["consumer"], stderr=subprocess.STDOUT, env=env)
        collector = Collector(bootstrap)
        collector.start()

        wait_until(lambda: any("Offering" in line for line in live.dev_output) or dev.poll() is not None,
                   90, "synthetic traffic")
        # Prometheus must have scraped every process once before the faults, so their counters have a sample to rise from.
        def scraped_by_prometheus():
            answer = query(live.prometheus_url, "up == 1", time.time())
            up = {series["metric"]["instance"] for series in answer["data"]["result"]}
            return {f"127.0.0.1:{port}" for port in (ingress_health, worker_health, worker_health + 1)} <= up
        wait_until(scraped_by_prometheus, 30, "prometheus scraping the ingress and the workers", interval=0.5)
        # Faults, while traffic runs: refused tokens, records that go to the DLQ, then an invalid rules file.
        for token in ("not-a-token", token_with_unknown_key()):
            for _ in range(3):
                http(f"http://127.0.0.1:{ingress}/api/calls", data=b'{"value": []}',
                     headers={"Authorization": f"Bearer {token}", "Content-Type": "application/json"})
        produce_dead_letters(bootstrap, "calls.notifications")
        wait_until(lambda: _port_open(extra_worker), 30, "the rate-limited worker's health port")
        wait_until(lambda: http(f"http://127.0.0.1:{extra_worker}/readyz")[0] == 200, 30, "the rate-limited worker ready")
        feed_rate_limited_worker(mock_bootstrap)
        routing_rules.write_text(INVALID_RULES)

        # When each latency histogram last grew (its observation counts summed over the processes): the panels are
        # read at an instant whose 15 s rate window holds observations of every one of them. `switchboard dev` may
        # wait up to its 20 s drain for a call's `completed` event after the traffic ends, so "Stopping" alone can
        # come after a whole window without observations, and a quantile of no observations is NaN.
        histograms = {name for expr in queries for name in re.findall(r"\b(switchboard_\w+)_bucket\b", expr)}
        histogram_counts: dict[str, float] = {}
        histogram_grew: dict[str, float] = {}

        def note_histograms():
            counts: dict[str, float] = {}
            for text in live.scraped.values():
                for found in re.finditer(r"^(switchboard_\w+)_count(?:\{[^}]*\})? ([0-9.e+]+)$", text, re.M):
                    if found.group(1) in histograms:
                        counts[found.group(1)] = counts.get(found.group(1), 0) + float(found.group(2))
            for name, count in counts.items():
                if count > histogram_counts.get(name, 0):
                    histogram_counts[name] = count
                    histogram_grew[name] = time.time()

        def finished():
            for port in [ingress_health, *workers]:
                try:
                    status, body = http(f"http://127.0.0.1:{port}/metrics", timeout=2)
                    if status == 200:
                        live.scraped[f"127.0.0.1:{port}"] = body.decode()
                except OSError:
                    pass
            note_histograms()
            if any(line.startswith("Stopping") for line in live.dev_output):
                return True
            if dev.poll() is not None:
                raise RuntimeError("switchboard dev stopped before its summary:\n" + "\n".join(live.dev_output[-30:]))
            if time.monotonic() - started > RUN_TIMEOUT:
                raise TimeoutError("switchboard dev did not finish its calls:\n" + "\n".join(live.dev_output[-30:]))
            return False

        wait_until(finished, RUN_TIMEOUT + 5, "the end of the calls", interval=1.0)
        # The panels are read a few scrapes after the histogram that stopped growing first last grew (every one has
        # observations in the window before it), and never later than a moment ago.
        live.query_time = min([time.time() - 1.5, *[grew + 4 for grew in histogram_grew.values()]])
        # dev printed its summary once every call had its outcomes; the example and the collector read with a 25 ms
        # fetch wait, so they have them too. The example writes its report when stopped, before it closes.
        time.sleep(0.5)
        live.consumer_exit = stop(processes["consumer"], timeout=10)
        status, body = http(f"{live.prometheus_url}/api/v1/rules?type=alert")
        live.rules = [rule for group in json.loads(body)["data"]["groups"] for rule in group["rules"]]
        collector.stop.set()
        collector.join(timeout=15)
        live.records = collector.records
        report = workdir / "consumer-report.json"
        live.consumer_summary = json.loads(report.read_text()) if report.exists() else {}
        stop(processes["worker"], timeout=30)
        try:
            dev.wait(timeout=60)
        except subprocess.TimeoutExpired:
            dev.kill()
        live.results = {expr: query(live.prometheus_url, expr, live.query_time) for expr in queries}
        return live
    finally:
        if collector is not None and collector.is_alive():
            collector.stop.set()
            collector.join(timeout=15)
        for process in reversed(list(processes.values())):
            stop(process)
        for log in logs.values():
            log.close()


def _port_open(port: int) -> bool:
    with socket.socket() as probe:
        probe.settimeout(0.2)
        return probe.connect_ex(("127.0.0.1", port)) == 0
