"""Workers as a StatefulSet with Kafka static membership (the default), or as a Deployment."""

from __future__ import annotations

import helm_python as helm
import pytest

from conftest import REQUIRED_VALUES, container, env, merge
from test_chart import INGRESS, VARIANTS, WORKER

STATIC_MEMBER_ID = {"fieldRef": {"fieldPath": "metadata.name"}}


def test_workers_are_a_statefulset_whose_pod_names_are_static_member_ids(render):
    rendered = render()
    assert [d["metadata"]["name"] for d in rendered.of_kind("Deployment")] == [INGRESS]
    workers = rendered.get("StatefulSet", WORKER)
    assert workers["apiVersion"] == "apps/v1"
    variables = env(workers)
    assert variables["SWITCHBOARD_KAFKA_GROUP_INSTANCE_ID"] == STATIC_MEMBER_ID
    assert variables["SWITCHBOARD_CONSUMER_GROUP"] == "switchboard-worker"
    assert variables["SWITCHBOARD_SESSION_TIMEOUT"] == "15s", "a restart must fit in the session, so the default is longer than 10s, and no longer than a call window"
    assert "SWITCHBOARD_KAFKA_GROUP_INSTANCE_ID" not in env(rendered.workload(INGRESS)), "producers are not group members"


def test_the_statefulset_rolls_one_member_at_a_time(render):
    spec = render().get("StatefulSet", WORKER)["spec"]
    assert spec["podManagementPolicy"] == "OrderedReady"
    assert spec["updateStrategy"] == {"type": "RollingUpdate", "rollingUpdate": {"partition": 0}}
    assert "strategy" not in spec, "a Deployment's strategy is no StatefulSet field"
    assert "volumeClaimTemplates" not in spec, "workers keep no state on disk"


def test_the_governing_service_is_the_headless_worker_metrics_service(render):
    rendered = render()
    workers = rendered.get("StatefulSet", WORKER)
    service = rendered.get("Service", workers["spec"]["serviceName"])
    assert service["metadata"]["name"] == f"{WORKER}-metrics"
    assert service["spec"]["clusterIP"] == "None"
    assert service["spec"]["publishNotReadyAddresses"] is True, "pod DNS names exist before the pods are ready"
    assert service["spec"]["selector"] == workers["spec"]["selector"]["matchLabels"]
    assert service["spec"]["selector"].items() <= workers["spec"]["template"]["metadata"]["labels"].items()


def test_the_governing_service_stays_when_the_metrics_service_is_off(render):
    overrides = VARIANTS["statefulset-fixed-replicas-no-metrics"] | {"serviceMonitor": {"enabled": True}}
    rendered = render(overrides)
    workers = rendered.get("StatefulSet", WORKER)
    assert workers["spec"]["replicas"] == 3
    assert env(workers)["SWITCHBOARD_SESSION_TIMEOUT"] == "45s"
    rendered.get("Service", workers["spec"]["serviceName"])
    assert [m["metadata"]["name"] for m in rendered.of_kind("ServiceMonitor")] == [INGRESS], \
        "worker.metricsService.enabled=false still means no worker ServiceMonitor"
    assert rendered.of_kind("HorizontalPodAutoscaler") != [] and all(
        h["metadata"]["name"] != WORKER for h in rendered.of_kind("HorizontalPodAutoscaler"))


def test_a_deployment_keeps_todays_workers_without_static_membership(render):
    rendered = render(VARIANTS["deployment-workers"] | {"worker": {"statefulSet": {"enabled": False}, "metricsService": {"enabled": False}}})
    assert rendered.of_kind("StatefulSet") == []
    workers = rendered.get("Deployment", WORKER)
    assert workers["spec"]["strategy"] == {"type": "RollingUpdate", "rollingUpdate": {"maxSurge": 1, "maxUnavailable": 0}}
    assert "serviceName" not in workers["spec"] and "podManagementPolicy" not in workers["spec"]
    variables = env(workers)
    assert "SWITCHBOARD_KAFKA_GROUP_INSTANCE_ID" not in variables
    assert variables["SWITCHBOARD_SESSION_TIMEOUT"] == "10s", "dynamic members hand partitions over soon after a crash"
    assert ("Service", f"{WORKER}-metrics") not in rendered.kinds(), "no governing Service is needed"
    assert "rollout status deployment/switchboard-worker" in rendered.notes


def test_keda_targets_the_worker_workload_kind(render):
    for stateful, kind in ((True, "StatefulSet"), (False, "Deployment")):
        rendered = render({"worker": {"statefulSet": {"enabled": stateful}, "keda": {"enabled": True}}})
        target = rendered.get("ScaledObject", WORKER)["spec"]["scaleTargetRef"]
        assert target == {"apiVersion": "apps/v1", "kind": kind, "name": WORKER}
        rendered.get(kind, WORKER)
        assert "replicas" not in rendered.get(kind, WORKER)["spec"], "KEDA owns the replica count"


def test_notes_tell_how_to_watch_the_statefulset_and_what_static_membership_means(render):
    notes = render().notes
    assert "rollout status statefulset/switchboard-worker" in notes
    assert "session timeout (15s)" in notes


@pytest.mark.parametrize("timeout", ["6s", "6000ms", "0.1m", "6", "10s", "1.5m", "30m"])
def test_session_timeouts_brokers_accept_render(render, timeout):
    workers = render({"worker": {"sessionTimeout": timeout}}).get("StatefulSet", WORKER)
    assert env(workers)["SWITCHBOARD_SESSION_TIMEOUT"] == timeout


@pytest.mark.parametrize(
    ("timeout", "message"),
    [
        ("5s", r"worker.sessionTimeout \(5s\) must be at least 6s.*group.min.session.timeout.ms"),
        ("5999ms", r"worker.sessionTimeout \(5999ms\) must be at least 6s"),
        ("0.05m", r"worker.sessionTimeout \(0.05m\) must be at least 6s"),
        ("31m", r"worker.sessionTimeout \(31m\) must be at most 30m.*group.max.session.timeout.ms"),
        ("1h", r"worker.sessionTimeout \(1h\) must be at most 30m"),
    ],
)
def test_session_timeouts_brokers_refuse_are_refused(render, timeout, message):
    with pytest.raises(helm.HelmRenderError, match=message):
        render({"worker": {"sessionTimeout": timeout}})


@pytest.mark.parametrize("timeout", ["ten seconds", "10 s", "-5s", "10sec", "1d"])
def test_a_session_timeout_that_is_no_duration_fails_on_the_schema(chart, timeout):
    with pytest.raises(helm.HelmValuesError, match="/worker/sessionTimeout"):
        chart.validate_schema(merge(REQUIRED_VALUES, {"worker": {"sessionTimeout": timeout}}))


def test_static_members_keep_the_hardened_pod(render):
    """The StatefulSet's pod is the same hardened pod as the Deployment's, apart from the member id."""
    stateful = render().get("StatefulSet", WORKER)
    deployment = render(VARIANTS["deployment-workers"]).get("Deployment", WORKER)
    assert stateful["spec"]["template"]["metadata"] == deployment["spec"]["template"]["metadata"]
    pod_s, pod_d = stateful["spec"]["template"]["spec"], deployment["spec"]["template"]["spec"]
    assert {k: v for k, v in pod_s.items() if k != "containers"} == {k: v for k, v in pod_d.items() if k != "containers"}
    main_s, main_d = container(stateful), container(deployment)
    assert {k: v for k, v in main_s.items() if k != "env"} == {k: v for k, v in main_d.items() if k != "env"}
    differing = {k for k in env(stateful).keys() | env(deployment).keys() if env(stateful).get(k) != env(deployment).get(k)}
    assert differing == {"SWITCHBOARD_KAFKA_GROUP_INSTANCE_ID", "SWITCHBOARD_SESSION_TIMEOUT"}
