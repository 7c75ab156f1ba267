"""Every file a process reads (…_FILE, …_LOCATION) lies inside a mounted volume that carries that key.

A variable that points beside its mount, or at a key the Secret's items do not project, starts a pod that fails
at runtime with "no such file"; these tests catch it at render time, for every variant and credential mode.
"""

from __future__ import annotations

import posixpath
from typing import Any

import pytest

from conftest import REQUIRED_VALUES, container, env, merge
from test_chart import VARIANTS
from test_chart_graph_auth import CERTIFICATE, WORKLOAD_IDENTITY

# Keys that differ from the defaults, so a template that hard-codes a default key fails here.
CUSTOM_KEYS = {
    "kafka": {"sasl": {"passwordSecret": {"key": "sasl-password"}}, "tls": {"caSecret": {"key": "ca-bundle.pem"}}},
    "graph": {"clientSecret": {"key": "entra-secret"}},
    "rules": {"key": "routing.yaml"},
}

CASES = {f"variant-{name}": overrides for name, overrides in VARIANTS.items()} | {
    "custom-keys": CUSTOM_KEYS,
    "custom-keys-certificate": merge(CUSTOM_KEYS, CERTIFICATE),
    "custom-keys-workload-identity": merge(CUSTOM_KEYS, WORKLOAD_IDENTITY),
    "custom-keys-deployment-workers": merge(CUSTOM_KEYS, {"worker": {"statefulSet": {"enabled": False}}}),
    "sasl-plaintext-no-ca": {"kafka": {"securityProtocol": "SASL_PLAINTEXT"}},
    "ssl-without-sasl": {"kafka": {"securityProtocol": "SSL"}},
    "shadow-rules": {"shadowRules": {"content": "default:\n  ignore: {}\n", "key": "candidate.yaml"}},
    "shadow-rules-existing-configmap": merge(CUSTOM_KEYS, {"shadowRules": {"existingConfigMap": "candidate-rules"}}),
}


def expected_sources(values: dict[str, Any]) -> dict[str, tuple[str, str, str]]:
    """Variable -> (volume source kind, Secret or ConfigMap name, key), from the values as the user gave them."""
    kafka, graph, rules = values["kafka"], values["graph"], values["rules"]
    shadow = values.get("shadowRules", {})
    certificate = graph.get("auth", {}).get("certificate", {}).get("existingSecret", "")
    return {
        "SWITCHBOARD_KAFKA_SASL_PASSWORD_FILE":
            ("secret", kafka["sasl"]["passwordSecret"]["name"], kafka["sasl"]["passwordSecret"].get("key", "password")),
        "SWITCHBOARD_KAFKA_SSL_CA_LOCATION":
            ("secret", kafka["tls"]["caSecret"]["name"], kafka["tls"]["caSecret"].get("key", "ca.crt")),
        "SWITCHBOARD_GRAPH_CLIENT_SECRET_FILE":
            ("secret", graph["clientSecret"]["existingSecret"], graph["clientSecret"].get("key", "client-secret")),
        "SWITCHBOARD_GRAPH_CLIENT_CERTIFICATE_FILE": ("secret", certificate, "tls.crt"),
        "SWITCHBOARD_GRAPH_CLIENT_KEY_FILE": ("secret", certificate, "tls.key"),
        "SWITCHBOARD_RULES_FILE":
            ("configMap", rules.get("existingConfigMap") or "switchboard-rules", rules.get("key", "rules.yaml")),
        "SWITCHBOARD_SHADOW_RULES_FILE":
            ("configMap", shadow.get("existingConfigMap") or "switchboard-shadow-rules", shadow.get("key", "rules.yaml")),
    }


def file_variables(workload: dict[str, Any]) -> dict[str, str]:
    return {name: value for name, value in env(workload).items()
            if name.endswith(("_FILE", "_LOCATION")) and isinstance(value, str)}


def source_of(workload: dict[str, Any], path: str) -> tuple[str, str, str, dict[str, Any]]:
    """The (kind, name, key, mount) that serve a file path in the workload's container."""
    assert posixpath.isabs(path) and posixpath.normpath(path) == path, f"{path} is not a clean absolute path"
    holding = [m for m in container(workload)["volumeMounts"] if path.startswith(m["mountPath"].rstrip("/") + "/")]
    assert len(holding) == 1, f"{path} should lie inside exactly one mount, found {[m['mountPath'] for m in holding]}"
    (mount,) = holding
    assert "subPath" not in mount
    relative = posixpath.relpath(path, mount["mountPath"])
    volume = next(v for v in workload["spec"]["template"]["spec"]["volumes"] if v["name"] == mount["name"])
    kind = "secret" if "secret" in volume else "configMap"
    assert kind in volume, f"volume {volume['name']} is neither a Secret nor a ConfigMap"
    source = volume[kind]
    name = source["secretName"] if kind == "secret" else source["name"]
    items = [item for item in source.get("items", []) if item["path"] == relative]
    assert len(items) == 1, f"{relative} is not projected by volume {volume['name']} (items {source.get('items')})"
    return kind, name, items[0]["key"], mount


@pytest.mark.parametrize("case", sorted(CASES))
def test_every_file_variable_points_at_a_projected_key(render, case):
    overrides = CASES[case]
    values = merge(REQUIRED_VALUES, overrides)
    expected = expected_sources(values)
    rendered = render(overrides)
    checked = 0
    for workload in rendered.workloads():
        for variable, path in file_variables(workload).items():
            assert variable in expected, f"{variable} is a file the tests do not know the source of"
            kind, name, key, mount = source_of(workload, path)
            assert (kind, name, key) == expected[variable], f"{workload['metadata']['name']} {variable}"
            assert mount["readOnly"] is True
            checked += 1
    assert checked >= 2, "every variant reads at least the rules file and one more"


def test_the_custom_keys_reach_the_processes(render):
    rendered = render(CUSTOM_KEYS)
    worker = env(rendered.workload("switchboard-worker"))
    assert worker["SWITCHBOARD_KAFKA_SASL_PASSWORD_FILE"] == "/var/run/secrets/switchboard/kafka/sasl-password"
    assert worker["SWITCHBOARD_KAFKA_SSL_CA_LOCATION"] == "/var/run/secrets/switchboard/kafka-ca/ca-bundle.pem"
    assert worker["SWITCHBOARD_GRAPH_CLIENT_SECRET_FILE"] == "/var/run/secrets/switchboard/graph/entra-secret"
    assert worker["SWITCHBOARD_RULES_FILE"] == "/etc/switchboard/rules/routing.yaml"
    ingress = env(rendered.workload("switchboard-ingress"))
    assert ingress["SWITCHBOARD_KAFKA_SASL_PASSWORD_FILE"] == worker["SWITCHBOARD_KAFKA_SASL_PASSWORD_FILE"]
    assert set(file_variables(rendered.workload("switchboard-ingress"))) == {
        "SWITCHBOARD_KAFKA_SASL_PASSWORD_FILE", "SWITCHBOARD_KAFKA_SSL_CA_LOCATION"}


def test_a_variable_outside_its_mount_would_be_caught():
    """The checker itself: a path beside the mount, or a key the items do not project, fails."""
    workload = {
        "spec": {"template": {"spec": {
            "containers": [{"env": [], "volumeMounts": [{"name": "s", "mountPath": "/run/s", "readOnly": True}]}],
            "volumes": [{"name": "s", "secret": {"secretName": "x", "items": [{"key": "k", "path": "k"}]}}],
        }}}
    }
    assert source_of(workload, "/run/s/k")[:3] == ("secret", "x", "k")
    with pytest.raises(AssertionError, match="inside exactly one mount"):
        source_of(workload, "/run/secrets/k")
    with pytest.raises(AssertionError, match="not projected"):
        source_of(workload, "/run/s/password")
    with pytest.raises(AssertionError, match="clean absolute path"):
        source_of(workload, "/run/s/../s/k")
