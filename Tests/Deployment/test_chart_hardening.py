"""Hardening: NetworkPolicies, the ingress's separate ops port, and the refusal of insecure test switches."""

from __future__ import annotations

from typing import Any

import helm_python as helm
import kubernetes_validate
import pytest

from conftest import KUBERNETES_VERSION, REQUIRED_VALUES, container, env, merge
from test_chart import INGRESS, WORKER

NGINX = {"namespace": {"kubernetes.io/metadata.name": "ingress-nginx"}, "pod": {"app.kubernetes.io/name": "ingress-nginx"}}
PROMETHEUS = {"namespace": {"kubernetes.io/metadata.name": "monitoring"}, "pod": {"app.kubernetes.io/name": "prometheus"}}
OTHER_APP = {"namespace": {"kubernetes.io/metadata.name": "calls"}, "pod": {"app": "something-else"}}
RELEASE_NAMESPACE = {"kubernetes.io/metadata.name": "calls"}


def selects(selector: dict[str, Any], labels: dict[str, str]) -> bool:
    """Whether a label selector (matchLabels and matchExpressions) selects these labels."""
    if not selector.get("matchLabels", {}).items() <= labels.items():
        return False
    for expression in selector.get("matchExpressions", []):
        key, operator, values = expression["key"], expression["operator"], expression.get("values", [])
        present = key in labels
        if operator == "In" and not (present and labels[key] in values):
            return False
        if operator == "NotIn" and present and labels[key] in values:
            return False
        if operator == "Exists" and not present or operator == "DoesNotExist" and present:
            return False
    return True


def peer_admits(peer: dict[str, Any], source: dict[str, Any], policy_namespace: dict[str, str]) -> bool:
    """A NetworkPolicyPeer against a pod source ({"namespace": labels, "pod": labels}); ipBlocks never match pods here."""
    if "ipBlock" in peer:
        return False
    namespace_ok = selects(peer["namespaceSelector"], source["namespace"]) if "namespaceSelector" in peer \
        else source["namespace"] == policy_namespace
    pod_ok = selects(peer.get("podSelector", {}), source["pod"])
    return namespace_ok and pod_ok


def admits_ingress(policy: dict[str, Any], source: dict[str, Any], port: int) -> bool:
    """Whether the policy lets a pod-to-pod connection from source reach the selected pods on a TCP port."""
    for rule in policy["spec"].get("ingress", []):
        port_ok = "ports" not in rule or any(p["port"] == port and p["protocol"] == "TCP" for p in rule["ports"])
        peer_ok = "from" not in rule or any(peer_admits(peer, source, RELEASE_NAMESPACE) for peer in rule["from"])
        if port_ok and peer_ok:
            return True
    return False


def egress_ports(policy: dict[str, Any]) -> set[tuple[str, int]]:
    return {(p["protocol"], p["port"]) for rule in policy["spec"]["egress"] for p in rule["ports"]}


def egress_rule(policy: dict[str, Any], port: int) -> dict[str, Any]:
    (rule,) = [r for r in policy["spec"]["egress"] if any(p["port"] == port for p in r["ports"])]
    return rule


def validate(rendered) -> None:
    for policy in rendered.of_kind("NetworkPolicy"):
        kubernetes_validate.validate(policy, KUBERNETES_VERSION, strict=True)


def test_network_policies_are_on_by_default_and_select_their_component(render):
    rendered = render()
    validate(rendered)
    policies = {p["metadata"]["name"]: p for p in rendered.of_kind("NetworkPolicy")}
    assert set(policies) == {INGRESS, WORKER}
    for name, policy in policies.items():
        assert policy["apiVersion"] == "networking.k8s.io/v1"
        assert policy["spec"]["policyTypes"] == ["Ingress", "Egress"], "both directions are denied unless allowed"
        selector = policy["spec"]["podSelector"]
        own = rendered.workload(name)
        other = rendered.workload(WORKER if name == INGRESS else INGRESS)
        assert selector["matchLabels"] == own["spec"]["selector"]["matchLabels"]
        assert selects(selector, own["spec"]["template"]["metadata"]["labels"])
        assert not selects(selector, other["spec"]["template"]["metadata"]["labels"])


def test_the_ingress_takes_the_webhook_only_from_the_ingress_controller_and_ops_only_from_monitoring(render):
    rendered = render()
    policy = rendered.get("NetworkPolicy", INGRESS)
    webhook, ops = 8080, 8081
    assert env(rendered.workload(INGRESS))["SWITCHBOARD_HTTP_PORT"] == str(webhook)
    assert env(rendered.workload(INGRESS))["SWITCHBOARD_HEALTH_PORT"] == str(ops)
    assert admits_ingress(policy, NGINX, webhook)
    assert not admits_ingress(policy, NGINX, ops), "the ingress controller cannot read metrics"
    assert admits_ingress(policy, PROMETHEUS, ops)
    assert not admits_ingress(policy, PROMETHEUS, webhook)
    assert not admits_ingress(policy, OTHER_APP, webhook) and not admits_ingress(policy, OTHER_APP, ops)
    assert not admits_ingress(policy, NGINX | {"namespace": {"kubernetes.io/metadata.name": "default"}}, webhook), \
        "controller-like pods in other namespaces are not the ingress controller"
    assert policy["spec"]["ingress"] == [
        {
            "from": [{"namespaceSelector": {"matchLabels": NGINX["namespace"]}, "podSelector": {"matchLabels": NGINX["pod"]}}],
            "ports": [{"port": webhook, "protocol": "TCP"}],
        },
        {
            "from": [{"namespaceSelector": {"matchLabels": PROMETHEUS["namespace"]}}],
            "ports": [{"port": ops, "protocol": "TCP"}],
        },
    ]


def test_workers_take_only_the_ops_port_from_monitoring(render):
    rendered = render()
    policy = rendered.get("NetworkPolicy", WORKER)
    ops = int(env(rendered.workload(WORKER))["SWITCHBOARD_HEALTH_PORT"])
    assert admits_ingress(policy, PROMETHEUS, ops)
    assert not admits_ingress(policy, NGINX, ops)
    assert not admits_ingress(policy, PROMETHEUS, 8080)
    assert policy["spec"]["ingress"] == [
        {"from": [{"namespaceSelector": {"matchLabels": PROMETHEUS["namespace"]}}],
         "ports": [{"port": ops, "protocol": "TCP"}]},
    ]


@pytest.mark.parametrize("name", [INGRESS, WORKER])
def test_egress_reaches_only_kafka_https_and_dns(render, name):
    policy = render().get("NetworkPolicy", name)
    assert egress_ports(policy) == {("TCP", 9093), ("TCP", 443), ("UDP", 53), ("TCP", 53)}
    assert policy["spec"]["egress"] == [
        {"ports": [{"port": 9093, "protocol": "TCP"}]},
        {"to": [{"ipBlock": {"cidr": "0.0.0.0/0"}}], "ports": [{"port": 443, "protocol": "TCP"}]},
        {
            "to": [{"namespaceSelector": {"matchLabels": {"kubernetes.io/metadata.name": "kube-system"}},
                    "podSelector": {"matchLabels": {"k8s-app": "kube-dns"}}}],
            "ports": [{"port": 53, "protocol": "UDP"}, {"port": 53, "protocol": "TCP"}],
        },
    ]


def test_kafka_egress_follows_the_bootstrap_ports(render):
    rendered = render({"kafka": {"bootstrapServers": "kafka-0:9092,kafka-1:9093,kafka-2:9093,[fd00::5]:9094"}})
    validate(rendered)
    for policy in rendered.of_kind("NetworkPolicy"):
        assert egress_rule(policy, 9092)["ports"] == [
            {"port": 9092, "protocol": "TCP"}, {"port": 9093, "protocol": "TCP"}, {"port": 9094, "protocol": "TCP"}]


def test_kafka_egress_can_be_narrowed_to_addresses_peers_and_ports(render):
    strimzi = {"namespaceSelector": {"matchLabels": {"kubernetes.io/metadata.name": "kafka"}},
               "podSelector": {"matchLabels": {"strimzi.io/cluster": "my-cluster"}}}
    rendered = render({"networkPolicy": {"kafka": {"ports": [9093, 9094], "cidrs": ["10.20.0.0/16"], "peers": [strimzi]}}})
    validate(rendered)
    for policy in rendered.of_kind("NetworkPolicy"):
        rule = egress_rule(policy, 9094)
        assert rule == {
            "ports": [{"port": 9093, "protocol": "TCP"}, {"port": 9094, "protocol": "TCP"}],
            "to": [{"ipBlock": {"cidr": "10.20.0.0/16"}}, strimzi],
        }


def test_selectors_cidrs_and_extra_egress_are_configurable(render):
    traefik = {"namespace": {"kubernetes.io/metadata.name": "kube-system"}, "pod": {"app.kubernetes.io/name": "traefik"}}
    proxy = {"to": [{"ipBlock": {"cidr": "10.0.0.10/32"}}], "ports": [{"port": 3128, "protocol": "TCP"}]}
    rendered = render({
        "ingress": {"port": 9000, "healthPort": 9001},
        "networkPolicy": {
            "ingressController": {"peers": [
                {"namespaceSelector": {"matchLabels": traefik["namespace"]}, "podSelector": {"matchLabels": traefik["pod"]}},
                {"ipBlock": {"cidr": "203.0.113.0/24"}},
            ]},
            "monitoring": {"peers": [
                {"namespaceSelector": {"matchExpressions": [{"key": "team", "operator": "In", "values": ["observability"]}]},
                 "podSelector": {"matchLabels": {"app.kubernetes.io/name": "prometheus"}}},
            ]},
            "https": {"cidrs": ["52.112.0.0/14", "2603:1000::/24"]},
            "extraEgress": [proxy],
        },
    })
    validate(rendered)
    ingress = rendered.get("NetworkPolicy", INGRESS)
    assert admits_ingress(ingress, traefik, 9000)
    assert not admits_ingress(ingress, NGINX, 9000), "the list replaces the default controller"
    assert {"ipBlock": {"cidr": "203.0.113.0/24"}} in ingress["spec"]["ingress"][0]["from"]
    observability = {"namespace": {"team": "observability"}, "pod": {"app.kubernetes.io/name": "prometheus"}}
    assert admits_ingress(ingress, observability, 9001)
    assert not admits_ingress(ingress, PROMETHEUS, 9001), "the default monitoring namespace is replaced, not added"
    for policy in rendered.of_kind("NetworkPolicy"):
        assert egress_rule(policy, 443)["to"] == [{"ipBlock": {"cidr": "52.112.0.0/14"}}, {"ipBlock": {"cidr": "2603:1000::/24"}}]
        assert policy["spec"]["egress"][-1] == proxy


def test_network_policies_can_be_turned_off(render):
    assert render({"networkPolicy": {"enabled": False}}).of_kind("NetworkPolicy") == []


@pytest.mark.parametrize(
    ("overrides", "path"),
    [
        ({"networkPolicy": {"https": {"cidrs": []}}}, "/networkPolicy/https/cidrs"),
        ({"networkPolicy": {"https": {"cidrs": ["graph.microsoft.com"]}}}, "/networkPolicy/https/cidrs/0"),
        ({"networkPolicy": {"kafka": {"ports": [0]}}}, "/networkPolicy/kafka/ports/0"),
        ({"networkPolicy": {"kafka": {"cidrs": ["10.0.0.0"]}}}, "/networkPolicy/kafka/cidrs/0"),
        ({"networkPolicy": {"monitoring": {"namespace": "monitoring"}}}, "namespace"),
        ({"networkPolicy": {"monitoring": {"peers": []}}}, "/networkPolicy/monitoring/peers"),
        ({"networkPolicy": {"ingressController": {"peers": []}}}, "/networkPolicy/ingressController/peers"),
        ({"networkPolicy": {"ingressController": {"peers": [{}]}}}, "/networkPolicy/ingressController/peers/0"),
        ({"networkPolicy": {"ingressController": {"peers": [{"ipBlock": {"cidr": "any"}}]}}},
         "/networkPolicy/ingressController/peers/0/ipBlock/cidr"),
        ({"networkPolicy": {"ingressController": {"peers": [{"namespaceSelector": {"matchLabel": {"a": "b"}}}]}}}, "matchLabel"),
        ({"networkPolicy": {"dns": {"peers": []}}}, "/networkPolicy/dns/peers"),
        ({"networkPolicy": {"enabled": "yes"}}, "/networkPolicy/enabled"),
        ({"allowInsecureForTesting": "true"}, "/allowInsecureForTesting"),
        ({"ingress": {"healthPort": 80}}, "/ingress/healthPort"),
    ],
    ids=["no-https-cidr", "https-host-not-cidr", "kafka-port-zero", "kafka-cidr-without-prefix", "monitoring-typo",
         "nobody-may-scrape", "nobody-may-call", "empty-peer", "peer-cidr-not-cidr", "selector-typo", "no-dns", "enabled-not-bool", "insecure-not-bool", "privileged-health-port"],
)
def test_bad_network_values_fail_on_the_schema(chart, overrides, path):
    with pytest.raises(helm.HelmValuesError) as failure:
        chart.validate_schema(merge(REQUIRED_VALUES, overrides))
    assert path in str(failure.value)


def test_service_monitor_scrapes_the_ingress_ops_port_not_the_webhook(render):
    rendered = render({"serviceMonitor": {"enabled": True}, "ingress": {"healthPort": 9090}})
    monitor = rendered.get("ServiceMonitor", INGRESS)
    (endpoint,) = monitor["spec"]["endpoints"]
    service = rendered.get("Service", f"{INGRESS}-metrics")
    (port,) = [p for p in service["spec"]["ports"] if p["name"] == endpoint["port"]]
    assert port["port"] == 9090
    (container_port,) = [p for p in container(rendered.workload(INGRESS))["ports"] if p["name"] == port["targetPort"]]
    assert container_port["containerPort"] == 9090
    assert env(rendered.workload(INGRESS))["SWITCHBOARD_HEALTH_PORT"] == "9090"
    assert admits_ingress(rendered.get("NetworkPolicy", INGRESS), PROMETHEUS, 9090)


INSECURE = ["SWITCHBOARD_INSECURE_DISABLE_AUTH", "SWITCHBOARD_INSECURE_ALLOW_UNVERIFIED_TENANT", "switchboard_insecure_anything"]


@pytest.mark.parametrize("component", ["ingress", "worker"])
@pytest.mark.parametrize("variable", INSECURE)
def test_insecure_switches_in_extra_env_are_refused(render, component, variable):
    with pytest.raises(helm.HelmRenderError, match=rf"{component}.extraEnv sets {variable}.*allowInsecureForTesting=true"):
        render({component: {"extraEnv": [{"name": "SWITCHBOARD_GRAPH_RATE_LIMIT", "value": "25000"},
                                          {"name": variable, "value": "true"}]}})


def test_an_insecure_switch_from_a_config_map_is_refused_too(render):
    source = {"configMapKeyRef": {"name": "test-switches", "key": "disable-auth"}}
    with pytest.raises(helm.HelmRenderError, match="ingress.extraEnv sets SWITCHBOARD_INSECURE_DISABLE_AUTH"):
        render({"ingress": {"extraEnv": [{"name": "SWITCHBOARD_INSECURE_DISABLE_AUTH", "valueFrom": source}]}})


def test_insecure_switches_render_only_when_allowed_for_testing(render):
    rendered = render({
        "allowInsecureForTesting": True,
        "ingress": {"extraEnv": [{"name": "SWITCHBOARD_INSECURE_DISABLE_AUTH", "value": "true"}]},
        "worker": {"extraEnv": [{"name": "SWITCHBOARD_INSECURE_ALLOW_UNVERIFIED_TENANT", "value": "true"}]},
    })
    assert env(rendered.workload(INGRESS))["SWITCHBOARD_INSECURE_DISABLE_AUTH"] == "true"
    assert env(rendered.workload(WORKER))["SWITCHBOARD_INSECURE_ALLOW_UNVERIFIED_TENANT"] == "true"


def test_other_extra_env_is_passed_through(render):
    rendered = render({"worker": {"extraEnv": [{"name": "SWITCHBOARD_GRAPH_RATE_LIMIT", "value": "25000"}]}})
    assert env(rendered.workload(WORKER))["SWITCHBOARD_GRAPH_RATE_LIMIT"] == "25000"
    assert "SWITCHBOARD_GRAPH_RATE_LIMIT" not in env(rendered.workload(INGRESS))
