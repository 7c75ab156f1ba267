"""The Helm chart renders, lints and validates, and its resources say what the deployment guide promises."""

from __future__ import annotations

import hashlib

import helm_python as helm
import kubernetes_validate
import pytest

from conftest import CHART, KUBERNETES_VERSION, REQUIRED_VALUES, container, env, merge

INGRESS = "switchboard-ingress"
WORKER = "switchboard-worker"
CRD_KINDS = {"ScaledObject", "TriggerAuthentication", "ServiceMonitor"}

VARIANTS = {
    "default": {},
    "ingress": {
        "ingress": {
            "kubernetesIngress": {
                "enabled": True,
                "className": "nginx",
                "host": "bot.contoso.com",
                "annotations": {"cert-manager.io/cluster-issuer": "letsencrypt"},
                "tls": {"enabled": True, "secretName": "bot-contoso-tls"},
            }
        }
    },
    "keda": {"worker": {"keda": {"enabled": True, "maxReplicaCount": 12, "lagThreshold": 40}}},
    "servicemonitor": {"serviceMonitor": {"enabled": True, "labels": {"release": "kube-prometheus-stack"}}},
    "plaintext-fixed-replicas": {
        "kafka": {"securityProtocol": "PLAINTEXT"},
        "ingress": {"autoscaling": {"enabled": False}, "replicaCount": 3},
        "worker": {"autoscaling": {"enabled": False}, "replicaCount": 4},
    },
    "existing-rules-configmap": {"rules": {"content": "", "existingConfigMap": "routing-rules"}},
    "deployment-workers": {"worker": {"statefulSet": {"enabled": False}}},
    "graph-certificate": {"graph": {"auth": {"mode": "certificate", "certificate": {"existingSecret": "graph-certificate"}}}},
    "graph-workload-identity": {"graph": {"auth": {"mode": "workloadIdentity"}, "clientSecret": {"existingSecret": ""}}},
    "graph-workload-identity-own-account": {
        "serviceAccount": {"create": False, "name": "switchboard-graph"},
        "graph": {"auth": {"mode": "workloadIdentity", "workloadIdentity": {"serviceAccountAnnotated": True}}},
        "worker": {"statefulSet": {"enabled": False}},
    },
    "network-policy-narrowed": {
        "networkPolicy": {
            "ingressController": {"peers": [{"ipBlock": {"cidr": "203.0.113.0/24", "except": ["203.0.113.8/29"]}}]},
            "kafka": {"cidrs": ["10.20.0.0/16"], "ports": [9093, 9094],
                      "peers": [{"namespaceSelector": {"matchLabels": {"kubernetes.io/metadata.name": "kafka"}}}]},
            "https": {"cidrs": ["52.112.0.0/14"]},
            "extraEgress": [{"to": [{"ipBlock": {"cidr": "10.0.0.10/32"}}], "ports": [{"port": 3128, "protocol": "TCP"}]}],
        }
    },
    "insecure-allowed-for-testing": {
        "allowInsecureForTesting": True,
        "networkPolicy": {"enabled": False},
        "ingress": {"extraEnv": [{"name": "SWITCHBOARD_INSECURE_DISABLE_AUTH", "value": "true"}]},
    },
    "statefulset-fixed-replicas-no-metrics": {
        "worker": {"autoscaling": {"enabled": False}, "replicaCount": 3, "metricsService": {"enabled": False}, "sessionTimeout": "45s"}
    },
}


@pytest.mark.parametrize("variant", sorted(VARIANTS))
def test_core_resources_are_valid_kubernetes_1_30(render, variant):
    rendered = render(VARIANTS[variant])
    assert rendered.documents, "the chart rendered nothing"
    for document in rendered.documents:
        if document["kind"] in CRD_KINDS:
            continue
        # strict: unknown fields are errors too (a typo in a template would otherwise be ignored by the API server)
        kubernetes_validate.validate(document, KUBERNETES_VERSION, strict=True)


@pytest.mark.parametrize("variant", sorted(VARIANTS))
def test_lint_reports_no_warnings_or_errors(variant):
    report = helm.lint(str(CHART), merge(REQUIRED_VALUES, VARIANTS[variant]), strict=True, kube_version="v1.30.0")
    assert report["errors"] == []
    problems = [m for m in report["messages"] if m["severity"] >= 2]
    assert problems == []


def test_default_values_render_the_expected_resources(render):
    rendered = render()
    assert rendered.kinds() == [
        ("ConfigMap", "switchboard-rules"),
        ("Deployment", INGRESS),
        ("HorizontalPodAutoscaler", INGRESS),
        ("HorizontalPodAutoscaler", WORKER),
        ("NetworkPolicy", INGRESS),
        ("NetworkPolicy", WORKER),
        ("PodDisruptionBudget", INGRESS),
        ("PodDisruptionBudget", WORKER),
        ("Service", INGRESS),
        ("Service", "switchboard-ingress-metrics"),
        ("Service", "switchboard-worker-metrics"),
        ("ServiceAccount", "switchboard"),
        ("StatefulSet", WORKER),
    ]


def test_containers_run_non_root_read_only_without_privileges(render):
    rendered = render()
    for deployment in rendered.workloads():
        pod = deployment["spec"]["template"]["spec"]
        assert pod["securityContext"]["runAsNonRoot"] is True
        assert pod["securityContext"]["runAsUser"] != 0
        assert pod["securityContext"]["seccompProfile"] == {"type": "RuntimeDefault"}
        assert pod["automountServiceAccountToken"] is False
        security = container(deployment)["securityContext"]
        assert security["runAsNonRoot"] is True
        assert security["allowPrivilegeEscalation"] is False
        assert security["readOnlyRootFilesystem"] is True
        assert security["privileged"] is False
        assert security["capabilities"] == {"drop": ["ALL"]}
        mounts = {m["mountPath"]: m["name"] for m in container(deployment)["volumeMounts"]}
        assert mounts["/tmp"] == "tmp", "a read-only root needs a writable /tmp"
        expected = {
            INGRESS: {"requests": {"cpu": "250m", "memory": "128Mi"}, "limits": {"cpu": "1", "memory": "256Mi"}},
            WORKER: {"requests": {"cpu": "500m", "memory": "256Mi"}, "limits": {"cpu": "2", "memory": "512Mi"}},
        }
        assert container(deployment)["resources"] == expected[deployment["metadata"]["name"]]


@pytest.mark.parametrize("ports", [{}, {"ingress": {"port": 9000, "healthPort": 9001}, "worker": {"healthPort": 9101}}],
                         ids=["default-ports", "custom-ports"])
def test_probes_use_the_health_endpoints_on_the_ops_ports(render, ports):
    rendered = render(ports)
    ingress, worker = rendered.workload(INGRESS), rendered.workload(WORKER)
    expected_ingress = ports.get("ingress", {"port": 8080, "healthPort": 8081})
    expected_worker = ports.get("worker", {"healthPort": 8081})
    assert {p["name"]: p["containerPort"] for p in container(ingress)["ports"]} == \
        {"http": expected_ingress["port"], "metrics": expected_ingress["healthPort"]}
    assert {p["name"]: p["containerPort"] for p in container(worker)["ports"]} == {"metrics": expected_worker["healthPort"]}
    assert env(ingress)["SWITCHBOARD_HTTP_PORT"] == str(expected_ingress["port"])
    assert env(ingress)["SWITCHBOARD_HEALTH_PORT"] == str(expected_ingress["healthPort"])
    assert env(worker)["SWITCHBOARD_HEALTH_PORT"] == str(expected_worker["healthPort"])
    for deployment in (ingress, worker):
        main = container(deployment)
        assert all(p["protocol"] == "TCP" for p in main["ports"])
        assert main["livenessProbe"]["httpGet"] == {"path": "/healthz", "port": "metrics"}
        assert main["readinessProbe"]["httpGet"] == {"path": "/readyz", "port": "metrics"}
        assert main["startupProbe"]["httpGet"] == {"path": "/healthz", "port": "metrics"}


def test_the_ingress_ops_port_must_differ_from_the_webhook_port(render):
    with pytest.raises(helm.HelmRenderError, match=r"ingress.healthPort \(8080\) must differ from ingress.port"):
        render({"ingress": {"healthPort": 8080}})


def seconds(duration: str) -> int:
    """A duration as the processes parse it ("15s"), in seconds."""
    assert duration.endswith("s") and duration[:-1].isdigit(), f"{duration!r} is not a whole number of seconds like 15s"
    return int(duration[:-1])


def test_termination_outlasts_the_drain_and_the_ingress_pauses_first(render):
    rendered = render()
    worker = rendered.workload(WORKER)
    drain = seconds(env(worker)["SWITCHBOARD_DRAIN_TIMEOUT"])
    assert worker["spec"]["template"]["spec"]["terminationGracePeriodSeconds"] > drain + 10
    assert drain >= 15, "the drain covers a whole call window"
    ingress = rendered.workload(INGRESS)
    pre_stop = container(ingress)["lifecycle"]["preStop"]["exec"]["command"]
    assert pre_stop[0] == "sleep" and int(pre_stop[1]) > 0
    assert ingress["spec"]["template"]["spec"]["terminationGracePeriodSeconds"] > int(pre_stop[1]) + seconds(env(ingress)["SWITCHBOARD_DRAIN_TIMEOUT"])


def test_a_grace_period_shorter_than_the_drain_is_refused(render):
    with pytest.raises(helm.HelmRenderError, match="terminationGracePeriodSeconds"):
        render({"worker": {"drainTimeoutSeconds": 40, "terminationGracePeriodSeconds": 45}})
    render({"worker": {"drainTimeoutSeconds": 34, "terminationGracePeriodSeconds": 45}})
    with pytest.raises(helm.HelmRenderError, match="preStopSleepSeconds"):
        render({"ingress": {"preStopSleepSeconds": 25, "terminationGracePeriodSeconds": 30}})


def test_the_processes_get_their_settings_from_the_environment(render):
    rendered = render()
    ingress, worker = env(rendered.workload(INGRESS)), env(rendered.workload(WORKER))
    assert container(rendered.workload(INGRESS))["args"] == ["ingress"]
    assert container(rendered.workload(WORKER))["args"] == ["worker"]
    kafka = {
        "SWITCHBOARD_KAFKA_BOOTSTRAP_SERVERS": REQUIRED_VALUES["kafka"]["bootstrapServers"],
        "SWITCHBOARD_KAFKA_SECURITY_PROTOCOL": "SASL_SSL",
        "SWITCHBOARD_KAFKA_SASL_MECHANISM": "SCRAM-SHA-512",
        "SWITCHBOARD_KAFKA_SASL_USERNAME": "switchboard",
        "SWITCHBOARD_KAFKA_SASL_PASSWORD_FILE": "/var/run/secrets/switchboard/kafka/password",
        "SWITCHBOARD_KAFKA_SSL_CA_LOCATION": "/var/run/secrets/switchboard/kafka-ca/ca.crt",
        "SWITCHBOARD_NOTIFICATIONS_TOPIC": "calls.notifications",
        "SWITCHBOARD_OUTCOMES_TOPIC": "calls.redirect-outcomes",
        "SWITCHBOARD_DLQ_TOPIC": "calls.notifications.dlq",
        "SWITCHBOARD_BOT_APP_ID": REQUIRED_VALUES["graph"]["botAppId"],
        "SWITCHBOARD_GRAPH_TENANTS": REQUIRED_VALUES["graph"]["tenants"][0],
        "SWITCHBOARD_LOG_LEVEL": "info",
    }
    assert ingress == kafka | {
        "SWITCHBOARD_HTTP_PORT": "8080",
        "SWITCHBOARD_HEALTH_PORT": "8081",
        "SWITCHBOARD_OPENID_METADATA_URL": "https://api.aps.skype.com/v1/.well-known/OpenIdConfiguration",
        "SWITCHBOARD_DRAIN_TIMEOUT": "10s",
    }
    assert worker == kafka | {
        "SWITCHBOARD_CONSUMER_GROUP": "switchboard-worker",
        "SWITCHBOARD_KAFKA_GROUP_INSTANCE_ID": {"fieldRef": {"fieldPath": "metadata.name"}},
        "SWITCHBOARD_SESSION_TIMEOUT": "15s",
        "SWITCHBOARD_GRAPH_CLIENT_ID": REQUIRED_VALUES["graph"]["botAppId"],
        "SWITCHBOARD_GRAPH_CLIENT_SECRET_FILE": "/var/run/secrets/switchboard/graph/client-secret",
        "SWITCHBOARD_GRAPH_API_VERSION": "v1.0",
        "SWITCHBOARD_RULES_FILE": "/etc/switchboard/rules/rules.yaml",
        "SWITCHBOARD_HEALTH_PORT": "8081",
        "SWITCHBOARD_MAX_IN_FLIGHT": "1024",
        "SWITCHBOARD_DRAIN_TIMEOUT": "15s",
    }


def test_plaintext_kafka_needs_no_secrets(render):
    rendered = render(VARIANTS["plaintext-fixed-replicas"])
    for deployment in rendered.workloads():
        variables = env(deployment)
        assert not {"SWITCHBOARD_KAFKA_SASL_PASSWORD_FILE", "SWITCHBOARD_KAFKA_SSL_CA_LOCATION"} & set(variables)
        volumes = {v["name"] for v in deployment["spec"]["template"]["spec"]["volumes"]}
        assert not {"kafka-sasl", "kafka-ca"} & volumes
    assert rendered.workload(INGRESS)["spec"]["replicas"] == 3
    assert rendered.workload(WORKER)["spec"]["replicas"] == 4
    assert rendered.of_kind("HorizontalPodAutoscaler") == []


def test_sasl_without_a_password_secret_is_refused(render):
    with pytest.raises(helm.HelmRenderError, match="passwordSecret"):
        render({"kafka": {"sasl": {"passwordSecret": {"name": ""}}}})


def test_secrets_are_mounted_files_from_existing_secrets(render):
    rendered = render()
    assert rendered.of_kind("Secret") == [], "the chart never creates or carries secrets"
    worker = rendered.workload(WORKER)
    volumes = {v["name"]: v for v in worker["spec"]["template"]["spec"]["volumes"]}
    assert volumes["graph-client-secret"]["secret"] == {
        "secretName": "graph-credentials", "defaultMode": 0o440, "items": [{"key": "client-secret", "path": "client-secret"}]}
    assert volumes["kafka-sasl"]["secret"] == {
        "secretName": "kafka-sasl", "defaultMode": 0o440, "items": [{"key": "password", "path": "password"}]}
    assert volumes["kafka-ca"]["secret"] == {
        "secretName": "kafka-ca", "defaultMode": 0o444, "items": [{"key": "ca.crt", "path": "ca.crt"}]}
    mounts = {m["name"]: m for m in container(worker)["volumeMounts"]}
    assert env(worker)["SWITCHBOARD_GRAPH_CLIENT_SECRET_FILE"] == mounts["graph-client-secret"]["mountPath"] + "/client-secret"
    assert env(worker)["SWITCHBOARD_KAFKA_SASL_PASSWORD_FILE"] == mounts["kafka-sasl"]["mountPath"] + "/password"
    assert env(worker)["SWITCHBOARD_KAFKA_SSL_CA_LOCATION"] == mounts["kafka-ca"]["mountPath"] + "/ca.crt"
    assert all(m["readOnly"] for name, m in mounts.items() if name != "tmp")
    ingress = rendered.workload(INGRESS)
    assert "graph-client-secret" not in {v["name"] for v in ingress["spec"]["template"]["spec"]["volumes"]}, \
        "the ingress never needs the Graph secret"
    for deployment in rendered.workloads():
        for item in container(deployment)["env"]:
            assert "valueFrom" not in item or "secretKeyRef" not in item["valueFrom"], "secrets are files, not env values"


def test_values_hold_no_secret_only_references(chart):
    def walk(node, path=""):
        if isinstance(node, dict):
            for key, value in node.items():
                yield from walk(value, f"{path}.{key}" if path else key)
        else:
            yield path, node

    reference_keys = ("passwordSecret.name", "passwordSecret.key", "clientSecret.existingSecret", "clientSecret.key",
                      "certificate.existingSecret",
                      "caSecret.name", "caSecret.key", "tls.secretName", "imagePullSecrets")
    suspicious = [
        path for path, value in walk(chart.values)
        if any(word in path.lower() for word in ("password", "secret", "token", "credential"))
        and not path.endswith(reference_keys)
    ]
    assert suspicious == []


@pytest.mark.parametrize(
    "overrides",
    [
        {"graph": {"clientSecret": "s3cr3t"}},
        {"graph": {"clientSecret": {"existingSecret": "graph-credentials", "value": "s3cr3t"}}},
        {"kafka": {"sasl": {"password": "s3cr3t"}}},
        {"graph": {"auth": {"mode": "certificate", "certificate": {"existingSecret": "c", "key": "-----BEGIN PRIVATE KEY-----"}}}},
        {"graph": {"auth": {"certificate": "-----BEGIN CERTIFICATE-----"}}},
    ],
    ids=["client-secret-as-string", "client-secret-value", "sasl-password", "certificate-key-value", "certificate-as-string"],
)
def test_a_secret_in_values_is_refused(chart, overrides):
    with pytest.raises(helm.HelmValuesError):
        chart.validate_schema(merge(REQUIRED_VALUES, overrides))


def test_rules_are_a_mounted_file_whose_checksum_rolls_the_workers(render):
    rendered = render()
    worker = rendered.workload(WORKER)
    configmap = rendered.get("ConfigMap", "switchboard-rules")
    assert configmap["data"]["rules.yaml"] == REQUIRED_VALUES["rules"]["content"]
    rules_volume = next(v for v in worker["spec"]["template"]["spec"]["volumes"] if v["name"] == "rules")
    assert rules_volume["configMap"]["name"] == "switchboard-rules"
    mount = next(m for m in container(worker)["volumeMounts"] if m["name"] == "rules")
    assert "subPath" not in mount, "subPath mounts never see ConfigMap updates, which would defeat hot reload"
    assert env(worker)["SWITCHBOARD_RULES_FILE"] == f"{mount['mountPath']}/rules.yaml"

    checksum = worker["spec"]["template"]["metadata"]["annotations"]["checksum/rules"]
    template_text = next(text for path, text in rendered.files.items() if path.endswith("rules-configmap.yaml"))
    assert checksum == hashlib.sha256(template_text.encode()).hexdigest()

    changed = render({"rules": {"content": REQUIRED_VALUES["rules"]["content"] + "  - name: fallback\n    ignore: true\n"}})
    assert changed.workload(WORKER)["spec"]["template"]["metadata"]["annotations"]["checksum/rules"] != checksum
    unrelated = render({"logLevel": "debug"})
    assert unrelated.workload(WORKER)["spec"]["template"]["metadata"]["annotations"]["checksum/rules"] == checksum


def test_an_existing_rules_configmap_is_mounted_without_a_checksum(render):
    rendered = render(VARIANTS["existing-rules-configmap"])
    assert rendered.of_kind("ConfigMap") == []
    worker = rendered.workload(WORKER)
    assert "checksum/rules" not in (worker["spec"]["template"]["metadata"].get("annotations") or {})
    rules_volume = next(v for v in worker["spec"]["template"]["spec"]["volumes"] if v["name"] == "rules")
    assert rules_volume["configMap"]["name"] == "routing-rules"


def test_missing_rules_are_refused(render):
    with pytest.raises(helm.HelmRenderError, match="rules.content"):
        render({"rules": {"content": ""}})


@pytest.mark.parametrize(("stateful", "worker_kind"), [(True, "StatefulSet"), (False, "Deployment")])
def test_cpu_autoscaling_and_disruption_budgets_target_the_workloads(render, stateful, worker_kind):
    rendered = render({"worker": {"statefulSet": {"enabled": stateful}}})
    for name, kind in ((INGRESS, "Deployment"), (WORKER, worker_kind)):
        deployment = rendered.get(kind, name)
        assert "replicas" not in deployment["spec"], "the HPA owns the replica count"
        hpa = rendered.get("HorizontalPodAutoscaler", name)
        assert hpa["spec"]["scaleTargetRef"] == {"apiVersion": "apps/v1", "kind": kind, "name": name}
        assert hpa["spec"]["metrics"][0]["resource"]["name"] == "cpu"
        assert hpa["spec"]["minReplicas"] >= 2
        pdb = rendered.get("PodDisruptionBudget", name)
        assert pdb["spec"]["maxUnavailable"] == 1
        assert pdb["spec"]["selector"]["matchLabels"] == deployment["spec"]["selector"]["matchLabels"]
        assert pdb["spec"]["selector"]["matchLabels"].items() <= deployment["spec"]["template"]["metadata"]["labels"].items()
    assert rendered.get("HorizontalPodAutoscaler", WORKER)["spec"]["maxReplicas"] <= 12


def test_metrics_services_include_pods_that_are_not_ready(render):
    rendered = render()
    for name, deployment_name in (("switchboard-ingress-metrics", INGRESS), ("switchboard-worker-metrics", WORKER)):
        service = rendered.get("Service", name)
        assert service["spec"]["clusterIP"] == "None"
        assert service["spec"]["publishNotReadyAddresses"] is True, "a pod that cannot reach Kafka must still be scraped"
        deployment = rendered.workload(deployment_name)
        assert service["spec"]["selector"] == deployment["spec"]["selector"]["matchLabels"]
        (port,) = service["spec"]["ports"]
        assert port == {"name": "metrics", "port": 8081, "targetPort": "metrics", "protocol": "TCP"}
        ops_port = next(p for p in container(deployment)["ports"] if p["name"] == "metrics")
        assert ops_port["containerPort"] == 8081 and env(deployment)["SWITCHBOARD_HEALTH_PORT"] == "8081"
    assert rendered.get("Service", INGRESS)["spec"].get("publishNotReadyAddresses") is not True, \
        "notification traffic only goes to ready ingress pods"


def test_pods_spread_across_zones(render):
    for deployment in render().workloads():
        constraints = deployment["spec"]["template"]["spec"]["topologySpreadConstraints"]
        zone = next(c for c in constraints if c["topologyKey"] == "topology.kubernetes.io/zone")
        assert zone["maxSkew"] == 1
        assert zone["labelSelector"]["matchLabels"] == deployment["spec"]["selector"]["matchLabels"]


def test_worker_autoscaling_beyond_the_partitions_is_refused(render):
    with pytest.raises(helm.HelmRenderError, match="notificationsPartitions"):
        render({"worker": {"autoscaling": {"maxReplicas": 13}}})


def test_notes_tell_how_to_create_topics_and_where_graph_calls(render):
    notes = render(VARIANTS["ingress"]).notes
    assert "switchboard topics apply" in notes
    assert "https://bot.contoso.com/api/calls" in notes
    assert "never beyond 12 replicas" in notes


def test_component_pod_annotations_win_over_shared_ones(render):
    rendered = render({"podAnnotations": {"team": "calling", "sidecar.istio.io/inject": "false"},
                       "worker": {"podAnnotations": {"sidecar.istio.io/inject": "true"}}})
    worker = rendered.workload(WORKER)["spec"]["template"]["metadata"]["annotations"]
    ingress = rendered.workload(INGRESS)["spec"]["template"]["metadata"]["annotations"]
    assert worker["sidecar.istio.io/inject"] == "true" and worker["team"] == "calling"
    assert ingress == {"team": "calling", "sidecar.istio.io/inject": "false"}
    assert "checksum/rules" in worker


SHADOW_RULES = "default:\n  ignore: {}\n"


def test_shadow_rules_are_off_by_default(render):
    rendered = render()
    worker = rendered.workload(WORKER)
    assert "SWITCHBOARD_SHADOW_RULES_FILE" not in env(worker)
    assert "shadow-rules" not in {v["name"] for v in worker["spec"]["template"]["spec"]["volumes"]}
    assert [c["metadata"]["name"] for c in rendered.of_kind("ConfigMap")] == ["switchboard-rules"]


def test_shadow_rules_are_a_second_mounted_file_whose_checksum_rolls_the_workers(render):
    rendered = render({"shadowRules": {"content": SHADOW_RULES}})
    worker = rendered.workload(WORKER)
    assert rendered.get("ConfigMap", "switchboard-shadow-rules")["data"]["rules.yaml"] == SHADOW_RULES
    volume = next(v for v in worker["spec"]["template"]["spec"]["volumes"] if v["name"] == "shadow-rules")
    assert volume["configMap"]["name"] == "switchboard-shadow-rules"
    mount = next(m for m in container(worker)["volumeMounts"] if m["name"] == "shadow-rules")
    assert "subPath" not in mount, "subPath mounts never see ConfigMap updates, which would defeat hot reload"
    assert env(worker)["SWITCHBOARD_SHADOW_RULES_FILE"] == f"{mount['mountPath']}/rules.yaml"
    assert env(worker)["SWITCHBOARD_RULES_FILE"] != env(worker)["SWITCHBOARD_SHADOW_RULES_FILE"]
    annotations = worker["spec"]["template"]["metadata"]["annotations"]
    changed = render({"shadowRules": {"content": SHADOW_RULES + "rules: []\n"}})
    assert changed.workload(WORKER)["spec"]["template"]["metadata"]["annotations"]["checksum/shadow-rules"] != annotations["checksum/shadow-rules"]
    assert changed.workload(WORKER)["spec"]["template"]["metadata"]["annotations"]["checksum/rules"] == annotations["checksum/rules"]
    assert env(rendered.workload(INGRESS)).get("SWITCHBOARD_SHADOW_RULES_FILE") is None


def test_an_existing_shadow_rules_configmap_is_mounted_without_a_checksum(render):
    rendered = render({"shadowRules": {"existingConfigMap": "candidate-rules", "key": "next.yaml"}})
    assert [c["metadata"]["name"] for c in rendered.of_kind("ConfigMap")] == ["switchboard-rules"]
    worker = rendered.workload(WORKER)
    assert "checksum/shadow-rules" not in worker["spec"]["template"]["metadata"]["annotations"]
    assert env(worker)["SWITCHBOARD_SHADOW_RULES_FILE"] == "/etc/switchboard/shadow-rules/next.yaml"
    volume = next(v for v in worker["spec"]["template"]["spec"]["volumes"] if v["name"] == "shadow-rules")
    assert volume["configMap"] == {"name": "candidate-rules", "items": [{"key": "next.yaml", "path": "next.yaml"}]}
