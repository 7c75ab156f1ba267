"""The chart's Grafana dashboard and Prometheus alerts: rendered, valid, checked by promtool, and using only
metrics that Switchboard exports. (test_live_prometheus.py runs them against a real Prometheus and real
processes.)"""

from __future__ import annotations

import json
import shutil
import subprocess

import helm_python as helm
import kubernetes_validate
import pytest
import yaml

from alert_rules import ALERTS, alert_rules, readme_anchors, rule_groups, tool
from conftest import CHART, KUBERNETES_VERSION, REQUIRED_VALUES, ROOT, merge
from promql import DASHBOARD, dashboard_queries, exported_by_sources, family, load_dashboard, metric_names

ENABLED = {"dashboards": {"enabled": True}, "alerts": {"enabled": True}}
UNIT_TESTS = ROOT / "Tests" / "Deployment" / "alerts" / "switchboard.test.yaml"


def test_both_are_off_by_default(render):
    kinds = {kind for kind, _ in render().kinds()}
    assert "PrometheusRule" not in kinds
    assert ("ConfigMap", "switchboard-dashboard") not in render().kinds()


def test_the_dashboard_configmap_carries_the_sidecar_label_and_the_json(render):
    rendered = render({"dashboards": {"enabled": True, "folder": "Telephony", "namespace": "monitoring"}})
    configmap = rendered.get("ConfigMap", "switchboard-dashboard")
    kubernetes_validate.validate(configmap, KUBERNETES_VERSION, strict=True)
    assert configmap["metadata"]["labels"]["grafana_dashboard"] == "1"
    assert configmap["metadata"]["namespace"] == "monitoring"
    assert configmap["metadata"]["annotations"] == {"grafana_folder": "Telephony"}
    assert json.loads(configmap["data"]["switchboard.json"]) == load_dashboard()


def test_the_sidecar_label_can_be_changed(render):
    rendered = render({"dashboards": {"enabled": True, "label": "example.com/dashboard", "labelValue": "switchboard"}})
    labels = rendered.get("ConfigMap", "switchboard-dashboard")["metadata"]["labels"]
    assert labels["example.com/dashboard"] == "switchboard"
    assert "grafana_dashboard" not in labels


def test_the_dashboard_is_complete_grafana_json():
    dashboard = load_dashboard()
    assert dashboard["uid"] == "switchboard"
    variables = {variable["name"]: variable for variable in dashboard["templating"]["list"]}
    assert variables["datasource"]["type"] == "datasource" and variables["datasource"]["query"] == "prometheus"
    assert variables["namespace"]["allValue"] == ".*"
    ids = [panel["id"] for panel in dashboard["panels"]]
    assert len(ids) == len(set(ids)), "panel ids must be unique"
    for panel in dashboard["panels"]:
        position = panel["gridPos"]
        assert position["x"] + position["w"] <= 24, panel["title"]
        if panel["type"] == "row":
            continue
        assert panel["targets"], f"{panel['title']} has no query"
        assert panel["datasource"] == {"type": "prometheus", "uid": "${datasource}"}, panel["title"]
        assert panel.get("description"), f"{panel['title']} says nothing about what it shows"


def test_every_query_filters_by_the_namespace_variable():
    for where, expr in dashboard_queries():
        selectors = expr.count("switchboard_")
        assert expr.count('namespace=~"$namespace"') == selectors, f"{where}: {expr}"


def test_the_dashboard_shows_what_the_issue_asks_for():
    """Calls by outcome, latency heatmap and quantiles, slack, lag, Graph, tokens, DLQ, ingress, rebalances."""
    used = set().union(*(metric_names(expr) for _, expr in dashboard_queries()))
    assert {
        "switchboard_worker_outcomes_total",
        "switchboard_worker_redirect_latency_seconds_bucket",
        "switchboard_worker_deadline_slack_seconds_bucket",
        "switchboard_worker_consumer_lag",
        "switchboard_graph_redirect_attempts_total",
        "switchboard_graph_rate_limit_waits_total",
        "switchboard_graph_token_fetches_total",
        "switchboard_worker_dead_letters_total",
        "switchboard_ingress_requests_total",
        "switchboard_ingress_produce_duration_seconds_bucket",
        "switchboard_worker_rebalances_total",
    } <= used
    kinds = {panel["type"] for panel in load_dashboard()["panels"]}
    assert "heatmap" in kinds
    heatmap = next(panel for panel in load_dashboard()["panels"] if panel["type"] == "heatmap")
    assert heatmap["targets"][0]["format"] == "heatmap"


def test_dashboard_and_alerts_use_only_metrics_the_sources_create(render):
    """Static half of the metric check (the live test checks what the processes serve)."""
    created = exported_by_sources(ROOT)
    families = {name: "histogram" for name in created if name.endswith("_seconds")} | {n: "other" for n in created
                                                                                        if not n.endswith("_seconds")}
    exprs = [expr for _, expr in dashboard_queries()]
    exprs += [rule["expr"] for rule in alert_rules(rule_groups(render(ENABLED)))]
    unknown = {
        name for expr in exprs for name in metric_names(expr)
        if name != "up" and family(name, families) is None
    }
    assert unknown == set()


def test_the_rule_renders_with_labels_namespace_and_runbook_links(render):
    rendered = render({"alerts": {"enabled": True, "namespace": "monitoring",
                                  "labels": {"release": "kube-prometheus-stack"},
                                  "additionalRuleLabels": {"team": "telephony"},
                                  "runbookUrl": "https://git.example.com/switchboard/README.md"}})
    rule = rendered.get("PrometheusRule", "switchboard")
    assert rule["apiVersion"] == "monitoring.coreos.com/v1"
    assert rule["metadata"]["namespace"] == "monitoring"
    assert rule["metadata"]["labels"]["release"] == "kube-prometheus-stack"
    alerts = alert_rules(rule["spec"])
    assert {alert["alert"] for alert in alerts} == ALERTS
    for alert in alerts:
        assert alert["labels"]["team"] == "telephony"
        assert alert["labels"]["severity"] in {"critical", "warning"}
        assert alert["annotations"]["runbook_url"].startswith("https://git.example.com/switchboard/README.md#")
        assert alert["annotations"]["summary"] and alert["annotations"]["description"]


def test_every_runbook_link_points_at_a_readme_section(render):
    anchors = readme_anchors()
    for alert in alert_rules(rule_groups(render(ENABLED))):
        url = alert["annotations"]["runbook_url"]
        assert url.startswith("https://github.com/switchboard/switchboard/blob/main/README.md#"), url
        assert url.split("#", 1)[1] in anchors, f"{alert['alert']}: README has no heading for {url}"


def test_no_ready_worker_watches_the_job_the_service_monitor_creates(render):
    default = alert_rules(rule_groups(render(ENABLED)))
    expr = next(alert["expr"] for alert in default if alert["alert"] == "SwitchboardNoReadyWorker")
    monitored = render({"serviceMonitor": {"enabled": True}}).get("Service", "switchboard-worker-metrics")
    assert f'switchboard_worker_ready{{job="{monitored["metadata"]["name"]}"}}' in expr
    custom = alert_rules(rule_groups(render({"alerts": {"enabled": True, "workerJob": "kubernetes-pods"}})))
    assert 'switchboard_worker_ready{job="kubernetes-pods"}' in next(a["expr"] for a in custom if a["alert"] == "SwitchboardNoReadyWorker")


def test_thresholds_come_from_values(render):
    alerts = alert_rules(rule_groups(render({"alerts": {"enabled": True, "deadlineMissRatio": 0.05, "lagThreshold": 2500}})))
    by_name = {alert["alert"]: alert["expr"] for alert in alerts}
    assert "> 0.05" in by_name["SwitchboardDeadlineMissesRising"]
    assert "> 2500" in by_name["SwitchboardConsumerLagGrowing"]


@pytest.mark.parametrize("variant", ["enabled", "elsewhere"])
def test_lint_is_clean_with_dashboards_and_alerts(variant):
    values = ENABLED if variant == "enabled" else {
        "dashboards": {"enabled": True, "namespace": "monitoring", "folder": "Calls"},
        "alerts": {"enabled": True, "namespace": "monitoring", "labels": {"release": "prometheus"}},
    }
    report = helm.lint(str(CHART), merge(REQUIRED_VALUES, values), strict=True, kube_version="v1.30.0")
    assert report["errors"] == []
    assert [m for m in report["messages"] if m["severity"] >= 2] == []


@pytest.mark.parametrize("overrides, path", [
    ({"alerts": {"enabled": True, "runbookUrl": "https://example.com/README.md#runbook"}}, "/alerts/runbookUrl"),
    ({"alerts": {"deadlineMissRatio": 0}}, "/alerts/deadlineMissRatio"),
    ({"alerts": {"lagThreshold": -1}}, "/alerts/lagThreshold"),
    ({"alerts": {"workerJob": 'a"b'}}, "/alerts/workerJob"),
    ({"alerts": {"severity": "page"}}, "severity"),
    ({"dashboards": {"label": "grafana dashboard"}}, "/dashboards/label"),
    ({"dashboards": {"enabled": "yes"}}, "/dashboards/enabled"),
])
def test_bad_values_are_refused(chart, overrides, path):
    with pytest.raises(helm.HelmValuesError) as failure:
        chart.validate_schema(merge(REQUIRED_VALUES, overrides))
    assert path in str(failure.value)


def test_promtool_checks_the_rendered_rules(render, tmp_path):
    promtool = tool("promtool")
    (tmp_path / "rules.yaml").write_text(yaml.safe_dump(rule_groups(render(ENABLED)), sort_keys=False))
    result = subprocess.run([promtool, "check", "rules", str(tmp_path / "rules.yaml")],
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stdout + result.stderr
    assert f"SUCCESS: {len(ALERTS)} rules found" in result.stdout


def test_promtool_finds_a_broken_rule(tmp_path):
    """The check above can fail: the same tool refuses an expression Prometheus cannot parse."""
    promtool = tool("promtool")
    broken = {"groups": [{"name": "g", "rules": [{"alert": "Broken", "expr": "sum by (namespace (x)"}]}]}
    (tmp_path / "rules.yaml").write_text(yaml.safe_dump(broken))
    result = subprocess.run([promtool, "check", "rules", str(tmp_path / "rules.yaml")],
                            capture_output=True, text=True, timeout=60)
    assert result.returncode != 0


def test_every_alert_has_a_unit_test_that_fires_and_one_that_stays_quiet():
    tests = yaml.safe_load(UNIT_TESTS.read_text())["tests"]
    fires, quiet = set(), set()
    for case in tests:
        for check in case.get("alert_rule_test", []):
            (fires if check.get("exp_alerts") else quiet).add(check["alertname"])
    assert fires == ALERTS
    assert quiet == ALERTS


def test_promtool_unit_tests_pass(render, tmp_path):
    promtool = tool("promtool")
    (tmp_path / "rules.yaml").write_text(yaml.safe_dump(rule_groups(render(ENABLED)), sort_keys=False))
    shutil.copy(UNIT_TESTS, tmp_path / "switchboard.test.yaml")
    result = subprocess.run([promtool, "test", "rules", "switchboard.test.yaml"], cwd=tmp_path,
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "SUCCESS" in result.stdout


def test_promtool_unit_tests_fail_when_an_alert_is_weakened(render, tmp_path):
    """The unit tests notice a changed threshold: with the deadline alert at 10 %, its bad series no longer fires."""
    promtool = tool("promtool")
    groups = rule_groups(render({"alerts": {"enabled": True, "deadlineMissRatio": 0.1}}))
    (tmp_path / "rules.yaml").write_text(yaml.safe_dump(groups, sort_keys=False))
    shutil.copy(UNIT_TESTS, tmp_path / "switchboard.test.yaml")
    result = subprocess.run([promtool, "test", "rules", "switchboard.test.yaml"], cwd=tmp_path,
                            capture_output=True, text=True, timeout=120)
    assert result.returncode != 0
    assert "SwitchboardDeadlineMissesRising" in result.stdout + result.stderr


@pytest.mark.parametrize("expr, names", [
    ('sum by (le) (rate(a_bucket{namespace=~"$namespace", job="b_total"}[5m]))', {"a_bucket"}),
    ("histogram_quantile(0.99, sum by (le, instance) (rate(x_seconds_bucket[1m]))) > 1e3", {"x_seconds_bucket"}),
    ("a unless a offset 10m or vector(0)", {"a"}),
    ('sum without (result) (rate(r_total{result="unreadable"}[5m])) > 0 and on (pod) group_left (node) k', {"r_total", "k"}),
    ("delta(sum by (namespace) (lag)[2m:15s]) > bool 0", {"lag"}),
    ('(sum(up{job="w"}) or vector(0)) < 1', {"up"}),
])
def test_metric_names_are_read_from_promql(expr, names):
    assert metric_names(expr) == names
