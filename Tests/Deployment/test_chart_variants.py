"""The optional custom resources (KEDA, Prometheus Operator) and the Kubernetes Ingress, field by field.

kubernetes-validate has no schemas for custom resources, so these tests check the fields KEDA and the
Prometheus Operator read.
"""

from __future__ import annotations

import helm_python as helm
import pytest

from conftest import container, env
from test_chart import INGRESS, VARIANTS, WORKER


def test_keda_scales_the_workers_on_consumer_lag(render):
    rendered = render(VARIANTS["keda"])
    scaled = rendered.get("ScaledObject", WORKER)
    assert scaled["apiVersion"] == "keda.sh/v1alpha1"
    spec = scaled["spec"]
    assert spec["scaleTargetRef"] == {"apiVersion": "apps/v1", "kind": "StatefulSet", "name": WORKER}
    assert spec["minReplicaCount"] >= 1
    assert spec["maxReplicaCount"] == 12
    assert spec["fallback"] == {"failureThreshold": 3, "replicas": 2}
    assert spec["advanced"]["horizontalPodAutoscalerConfig"]["behavior"]["scaleDown"]["stabilizationWindowSeconds"] == 300
    (trigger,) = spec["triggers"]
    assert trigger["type"] == "kafka"
    assert trigger["metadata"] == {
        "bootstrapServers": "kafka-0.kafka:9093,kafka-1.kafka:9093,kafka-2.kafka:9093",
        "consumerGroup": "switchboard-worker",
        "topic": "calls.notifications",
        "lagThreshold": "40",
        "activationLagThreshold": "0",
        "offsetResetPolicy": "latest",
        "allowIdleConsumers": "false",
        "sasl": "scram_sha512",
        "tls": "enable",
    }
    assert all(isinstance(value, str) for value in trigger["metadata"].values()), "KEDA trigger metadata is strings"

    auth = rendered.get("TriggerAuthentication", f"{WORKER}-kafka")
    assert auth["apiVersion"] == "keda.sh/v1alpha1"
    assert trigger["authenticationRef"] == {"name": f"{WORKER}-kafka"}
    assert auth["spec"]["env"] == [
        {"parameter": "username", "name": "SWITCHBOARD_KAFKA_SASL_USERNAME", "containerName": "worker"}
    ]
    assert auth["spec"]["secretTargetRef"] == [
        {"parameter": "password", "name": "kafka-sasl", "key": "password"},
        {"parameter": "ca", "name": "kafka-ca", "key": "ca.crt"},
    ]

    # KEDA owns the worker's HPA; the ingress keeps its CPU HPA.
    assert [h["metadata"]["name"] for h in rendered.of_kind("HorizontalPodAutoscaler")] == [INGRESS]
    assert "replicas" not in rendered.workload(WORKER)["spec"]


@pytest.mark.parametrize(("mechanism", "keda_name"), [("PLAIN", "plaintext"), ("SCRAM-SHA-256", "scram_sha256")])
def test_keda_uses_the_workers_sasl_mechanism(render, mechanism, keda_name):
    rendered = render(VARIANTS["keda"] | {"kafka": {"sasl": {"mechanism": mechanism}}})
    assert rendered.get("ScaledObject", WORKER)["spec"]["triggers"][0]["metadata"]["sasl"] == keda_name


def test_keda_with_plaintext_kafka_needs_no_authentication(render):
    rendered = render(VARIANTS["keda"] | {"kafka": {"securityProtocol": "PLAINTEXT"}})
    trigger = rendered.get("ScaledObject", WORKER)["spec"]["triggers"][0]
    assert "authenticationRef" not in trigger
    assert not {"sasl", "tls"} & set(trigger["metadata"])
    assert rendered.of_kind("TriggerAuthentication") == []


def test_keda_can_use_your_own_cluster_trigger_authentication(render):
    rendered = render(
        {"worker": {"keda": {"enabled": True, "authenticationRef": {"name": "kafka-shared", "kind": "ClusterTriggerAuthentication"}}}}
    )
    trigger = rendered.get("ScaledObject", WORKER)["spec"]["triggers"][0]
    assert trigger["authenticationRef"] == {"name": "kafka-shared", "kind": "ClusterTriggerAuthentication"}
    assert rendered.of_kind("TriggerAuthentication") == []


def test_keda_never_scales_beyond_the_partitions(render):
    with pytest.raises(helm.HelmRenderError, match=r"maxReplicaCount \(13\) must not exceed kafka.notificationsPartitions \(12\)"):
        render({"worker": {"keda": {"enabled": True, "maxReplicaCount": 13}}})
    rendered = render({"kafka": {"notificationsPartitions": 24}, "worker": {"keda": {"enabled": True, "maxReplicaCount": 24}}})
    assert rendered.get("ScaledObject", WORKER)["spec"]["maxReplicaCount"] == 24


def test_service_monitors_scrape_both_components(render):
    rendered = render(VARIANTS["servicemonitor"])
    monitors = {m["metadata"]["name"]: m for m in rendered.of_kind("ServiceMonitor")}
    assert set(monitors) == {INGRESS, WORKER}
    services = {INGRESS: rendered.get("Service", f"{INGRESS}-metrics"), WORKER: rendered.get("Service", f"{WORKER}-metrics")}
    for name, monitor in monitors.items():
        assert monitor["apiVersion"] == "monitoring.coreos.com/v1"
        assert monitor["metadata"]["labels"]["release"] == "kube-prometheus-stack"
        service = services[name]
        selector = monitor["spec"]["selector"]["matchLabels"]
        assert selector.items() <= service["metadata"]["labels"].items(), "the monitor selects the component's metrics Service"
        assert not selector.items() <= rendered.get("Service", INGRESS)["metadata"]["labels"].items(), \
            "the traffic Service is not scraped twice"
        (endpoint,) = monitor["spec"]["endpoints"]
        assert endpoint == {"port": "metrics", "path": "/metrics", "interval": "30s", "scrapeTimeout": "10s"}
        (port,) = [p for p in service["spec"]["ports"] if p["name"] == endpoint["port"]]
        assert port["port"] == 8081 and port["targetPort"] == "metrics"
        ops = next(p for p in container(rendered.workload(name))["ports"] if p["name"] == port["targetPort"])
        assert ops["containerPort"] == 8081 == int(env(rendered.workload(name))["SWITCHBOARD_HEALTH_PORT"])
        assert "namespaceSelector" not in monitor["spec"]


def test_service_monitors_in_the_monitoring_namespace_select_the_release_namespace(render):
    rendered = render({"serviceMonitor": {"enabled": True, "namespace": "monitoring"}})
    for monitor in rendered.of_kind("ServiceMonitor"):
        assert monitor["metadata"]["namespace"] == "monitoring"
        assert monitor["spec"]["namespaceSelector"] == {"matchNames": ["calls"]}


def test_the_ingress_resource_exposes_only_the_notification_path_over_tls(render):
    rendered = render(VARIANTS["ingress"])
    ingress = rendered.get("Ingress", INGRESS)
    spec = ingress["spec"]
    assert spec["ingressClassName"] == "nginx"
    assert spec["tls"] == [{"hosts": ["bot.contoso.com"], "secretName": "bot-contoso-tls"}]
    (rule,) = spec["rules"]
    assert rule["host"] == "bot.contoso.com"
    assert rule["http"]["paths"] == [
        {"path": "/api/calls", "pathType": "Prefix", "backend": {"service": {"name": INGRESS, "port": {"name": "http"}}}}
    ]
    assert ingress["metadata"]["annotations"] == {"cert-manager.io/cluster-issuer": "letsencrypt"}
    (service_port,) = rendered.get("Service", INGRESS)["spec"]["ports"]
    assert service_port == {"name": "http", "port": 80, "targetPort": "http", "protocol": "TCP"}
    webhook = next(p for p in container(rendered.workload(INGRESS))["ports"] if p["name"] == service_port["targetPort"])
    assert webhook["containerPort"] == 8080 == int(env(rendered.workload(INGRESS))["SWITCHBOARD_HTTP_PORT"])


def test_an_ingress_without_tls_warns_in_the_notes(render):
    rendered = render({"ingress": {"kubernetesIngress": {"enabled": True, "host": "bot.contoso.com", "tls": {"enabled": False}}}})
    assert "tls" not in rendered.get("Ingress", INGRESS)["spec"]
    assert "Graph only calls HTTPS webhooks" in rendered.notes
