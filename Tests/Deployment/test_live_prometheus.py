"""The dashboard, the alerts, the AsyncAPI document and the outcomes-consumer example against real processes.

One bounded run (live_run.py, about a minute): `switchboard dev` with Graph faults plus a separate
`switchboard worker`, scraped by Debian's `prometheus` with the chart's rules loaded. Then every dashboard panel
query and every alert expression goes through Prometheus' HTTP API at an instant when everything ran: each must
parse, the panels must return data, and the alerts must fire on the faults the run caused and stay quiet on the
rest. The metric names they use must be ones the processes served. The records the run produced must match the
AsyncAPI document, and the outcomes-consumer example must have seen exactly one decision for every call offered.
"""

from __future__ import annotations

import math
import signal

import pytest

import live_run
from alert_rules import ALERTS, REQUIRED, alert_rules, rule_groups, tool
from asyncapi_doc import load as load_asyncapi, record_problems
from conftest import switchboard_binary, switchboard_dev_binary
from promql import as_prometheus_runs_it, dashboard_queries, family, metric_names

RATE_INTERVAL = "15s"  # four scrapes at 1 s, as Grafana's $__rate_interval would be for a 1 s scrape interval
# What the run does to the system, and so which alerts must fire (expression true at the query instant) and
# which must stay quiet (Graph accepts the credentials, the lag stays small, every worker answers).
MUST_FIRE = {
    "SwitchboardDeadlineMissesRising": "429/503 with Retry-After 20 s make calls expire",
    "SwitchboardSigningKeysUnavailable": "tokens naming an unknown signing key",
    "SwitchboardDeadLettersGrowing": "records that are not JSON produced to calls.notifications",
    "SwitchboardRulesFileInvalid": "the routing rules file replaced by an invalid one",
}
MUST_STAY_QUIET = ALERTS - set(MUST_FIRE)
WORKERS_UP = 'switchboard_worker_ready{job="switchboard-worker-metrics"}'


@pytest.fixture(scope="module")
def alerts(render):
    return alert_rules(rule_groups(render({"alerts": {"enabled": True}})))


@pytest.fixture(scope="module")
def live(render, alerts, tmp_path_factory):
    binary, dev_binary = switchboard_binary(), switchboard_dev_binary()
    if binary is None or dev_binary is None:
        message = "the switchboard and switchboard-dev binaries are not built (swift build), and SWITCHBOARD_BIN is not set"
        (pytest.fail if REQUIRED else pytest.skip)(message)
    prometheus = tool("prometheus")
    queries = [as_prometheus_runs_it(expr, RATE_INTERVAL) for _, expr in dashboard_queries()]
    queries += [alert["expr"] for alert in alerts]
    queries += ['ALERTS{alertstate=~"pending|firing"}', WORKERS_UP]
    workdir = tmp_path_factory.mktemp("live")
    try:
        return live_run.run(binary, dev_binary, prometheus, rule_groups(render({"alerts": {"enabled": True}})), queries, workdir)
    except Exception as error:
        logs = "\n".join(f"--- {path.name}\n{path.read_text(errors='replace')[-3000:]}"
                         for path in sorted(workdir.glob("*.log")))
        raise AssertionError(f"the live run failed: {error}\n{logs}") from error


def served_families(live) -> dict[str, str]:
    """Metric family → type, from the `# TYPE` lines of every process's /metrics."""
    families = {}
    for text in live.scraped.values():
        for line in text.splitlines():
            if line.startswith("# TYPE "):
                _, _, name, kind = line.split(maxsplit=3)
                families[name] = kind
    return families


def finite_values(answer) -> list[float]:
    values = []
    for series in answer["data"]["result"]:
        value = float(series["value"][1])
        if math.isfinite(value):
            values.append(value)
    return values


def test_prometheus_scraped_the_ingress_and_every_worker(live):
    assert len(live.scraped) == 4, sorted(live.scraped)
    answer = live.results['ALERTS{alertstate=~"pending|firing"}']
    assert answer["status"] == "success"


def test_prometheus_loaded_the_chart_rules_and_evaluates_them_without_errors(live):
    assert {rule["name"] for rule in live.rules} == ALERTS
    broken = {rule["name"]: rule.get("lastError") for rule in live.rules if rule.get("health") != "ok"}
    assert broken == {}


def test_every_dashboard_panel_returns_data(live):
    empty = []
    for where, expr in dashboard_queries():
        answer = live.results[as_prometheus_runs_it(expr, RATE_INTERVAL)]
        assert answer["status"] == "success", f"{where}: {answer.get('error')}"
        if not finite_values(answer):
            empty.append(f"{where}: {expr} -> {answer['data']['result']}")
    assert empty == [], "panels without data:\n" + "\n".join(empty)


def test_every_dashboard_metric_is_served_by_the_processes(live):
    families = served_families(live)
    missing = {name for _, expr in dashboard_queries() for name in metric_names(expr) if family(name, families) is None}
    assert missing == set(), f"not served in the run: {missing}"


def test_every_alert_expression_parses_and_reads_served_metrics(live, alerts):
    families = served_families(live)
    for alert in alerts:
        answer = live.results[alert["expr"]]
        assert answer["status"] == "success", f"{alert['alert']}: {answer.get('error')}"
        missing = {name for name in metric_names(alert["expr"]) if name != "up" and family(name, families) is None}
        assert missing == set(), f"{alert['alert']} reads metrics no process served: {missing}"


@pytest.mark.parametrize("name", sorted(MUST_FIRE))
def test_the_alert_fires_on_the_fault_the_run_caused(live, alerts, name):
    expr = next(alert["expr"] for alert in alerts if alert["alert"] == name)
    assert live.results[expr]["data"]["result"], f"{name} did not fire on: {MUST_FIRE[name]}"
    states = {series["metric"]["alertname"] for series in live.results['ALERTS{alertstate=~"pending|firing"}']["data"]["result"]}
    assert name in states, f"Prometheus' own evaluation has no pending or firing {name}: {states}"


@pytest.mark.parametrize("name", sorted(MUST_STAY_QUIET))
def test_the_alert_stays_quiet_on_what_was_healthy(live, alerts, name):
    expr = next(alert["expr"] for alert in alerts if alert["alert"] == name)
    assert live.results[expr]["data"]["result"] == []


def test_no_ready_worker_sees_the_worker_targets(live):
    """The quiet NoReadyWorker above is meaningful only if its selector finds the workers, each ready."""
    answer = live.results[WORKERS_UP]
    assert len(answer["data"]["result"]) == 3
    assert all(series["value"][1] == "1" for series in answer["data"]["result"])


def offered_calls(live) -> set[str]:
    """Call ids of `created` notifications stored in calls.notifications (the DLQ test records are not JSON)."""
    calls = set()
    for record in live.records.get("calls.notifications", []):
        value = record["value"]
        if isinstance(value, dict) and any(str(item.get("changeType", "")).lower() == "created"
                                           for item in value.get("value", [])):
            calls.add(record["key"])
    return calls


def test_the_outcomes_consumer_saw_exactly_one_decision_per_call(live):
    summary = live.consumer_summary
    assert summary, "the consumer wrote no report"
    # 1 means conflicts; a kill only happens while it closes against brokers that are already gone, after its report.
    assert live.consumer_exit in (0, -signal.SIGKILL), f"exit {live.consumer_exit}: {summary.get('conflicts')}"
    offered = offered_calls(live)
    assert len(offered) >= live_run.CALLS, f"only {len(offered)} calls offered"
    decided = summary["decisionByCall"]
    assert {call for call in offered if not decided.get(call)} == set(), "calls without a decision"
    assert set(decided) <= offered, "decisions for calls that were never offered"
    assert summary["conflicts"] == {}
    assert summary["withoutDecision"] == []
    assert {"redirected", "expired"} <= set(summary["decisions"]), summary["decisions"]
    assert summary["settled"] >= summary["decisions"]["redirected"] * 0.9, "completed events settle redirected calls"


def test_the_consumer_counts_match_the_topic(live):
    """Deduplication is not hiding decisions: distinct decision ids on the topic = decisions the consumer kept."""
    decisions = {(r["headers"]["ce_source"], r["headers"]["ce_id"]) for r in live.records.get("calls.redirect-outcomes", [])
                 if r["headers"].get("ce_type", "").rsplit(".", 1)[-1] in {"redirected", "failed", "expired", "ignored",
                                                                            "unconfirmed"}}
    assert len(decisions) == sum(live.consumer_summary["decisions"].values())


@pytest.mark.parametrize("topic", ["calls.notifications", "calls.redirect-outcomes", "calls.notifications.dlq"])
def test_the_records_of_the_run_match_the_asyncapi_document(live, topic):
    document = load_asyncapi()
    records = [r for r in live.records.get(topic, []) if r["key"] not in live_run.DEAD_LETTER_KEYS
               or topic == "calls.notifications.dlq"]
    assert records, f"no records on {topic}"
    problems = [f"{record['key']}: {problem}" for record in records for problem in record_problems(document, topic, record)]
    assert problems == [], "\n".join(problems[:20])


def test_the_dead_letters_of_the_run_say_where_they_came_from(live):
    dead = {r["key"]: r["headers"] for r in live.records.get("calls.notifications.dlq", [])}
    assert set(live_run.DEAD_LETTER_KEYS) <= set(dead)
    for key in live_run.DEAD_LETTER_KEYS:
        assert dead[key]["switchboard-dlq-source-topic"] == "calls.notifications"
        assert dead[key]["switchboard-dlq-error-code"]
