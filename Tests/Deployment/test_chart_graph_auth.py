"""Graph credentials by graph.auth.mode: a client secret, a certificate, or AKS workload identity."""

from __future__ import annotations

import helm_python as helm
import pytest

from conftest import BOT_APP_ID, REQUIRED_VALUES, container, env, merge
from test_chart import INGRESS, WORKER

GRAPH_APP_ID = "0b3f1d5e-54b9-4c43-9d7e-6a2fd1c0e111"
CERTIFICATE = {"graph": {"auth": {"mode": "certificate", "certificate": {"existingSecret": "graph-certificate"}}}}
WORKLOAD_IDENTITY = {"graph": {"auth": {"mode": "workloadIdentity"}}}
GRAPH_ENV = {"SWITCHBOARD_GRAPH_CLIENT_SECRET_FILE", "SWITCHBOARD_GRAPH_CLIENT_CERTIFICATE_FILE", "SWITCHBOARD_GRAPH_CLIENT_KEY_FILE"}
WI_LABEL = "azure.workload.identity/use"
WI_ANNOTATION = "azure.workload.identity/client-id"


def pod(workload):
    return workload["spec"]["template"]["spec"]


def volumes(workload):
    return {v["name"]: v for v in pod(workload)["volumes"]}


def mounts(workload):
    return {m["name"]: m for m in container(workload)["volumeMounts"]}


def test_secret_mode_is_the_default_and_mounts_only_the_client_secret(render):
    rendered = render()
    worker = rendered.workload(WORKER)
    variables = env(worker)
    assert GRAPH_ENV & set(variables) == {"SWITCHBOARD_GRAPH_CLIENT_SECRET_FILE"}
    assert variables["SWITCHBOARD_GRAPH_CLIENT_SECRET_FILE"] == "/var/run/secrets/switchboard/graph/client-secret"
    assert variables["SWITCHBOARD_GRAPH_CLIENT_ID"] == BOT_APP_ID
    assert volumes(worker)["graph-client-secret"]["secret"] == {
        "secretName": "graph-credentials", "defaultMode": 0o440, "items": [{"key": "client-secret", "path": "client-secret"}]}
    assert mounts(worker)["graph-client-secret"] == {
        "name": "graph-client-secret", "mountPath": "/var/run/secrets/switchboard/graph", "readOnly": True}
    assert "graph-client-certificate" not in volumes(worker)
    assert WI_LABEL not in worker["spec"]["template"]["metadata"]["labels"]
    assert "annotations" not in rendered.get("ServiceAccount", "switchboard")["metadata"]


@pytest.mark.parametrize("stateful", [True, False], ids=["statefulset", "deployment"])
def test_certificate_mode_mounts_the_tls_secret_and_no_client_secret(render, stateful):
    # REQUIRED_VALUES still names a client secret: the mode decides, the leftover reference is not mounted.
    rendered = render(merge(CERTIFICATE, {"worker": {"statefulSet": {"enabled": stateful}}}))
    worker = rendered.workload(WORKER)
    variables = env(worker)
    assert GRAPH_ENV & set(variables) == {"SWITCHBOARD_GRAPH_CLIENT_CERTIFICATE_FILE", "SWITCHBOARD_GRAPH_CLIENT_KEY_FILE"}
    assert variables["SWITCHBOARD_GRAPH_CLIENT_CERTIFICATE_FILE"] == "/var/run/secrets/switchboard/graph-certificate/tls.crt"
    assert variables["SWITCHBOARD_GRAPH_CLIENT_KEY_FILE"] == "/var/run/secrets/switchboard/graph-certificate/tls.key"
    assert variables["SWITCHBOARD_GRAPH_CLIENT_ID"] == BOT_APP_ID
    assert volumes(worker)["graph-client-certificate"]["secret"] == {
        "secretName": "graph-certificate",
        "defaultMode": 0o440,
        "items": [{"key": "tls.crt", "path": "tls.crt"}, {"key": "tls.key", "path": "tls.key"}],
    }
    assert mounts(worker)["graph-client-certificate"] == {
        "name": "graph-client-certificate", "mountPath": "/var/run/secrets/switchboard/graph-certificate", "readOnly": True}
    assert "graph-client-secret" not in volumes(worker) and "graph-client-secret" not in mounts(worker)
    assert all(v.get("secret", {}).get("secretName") != "graph-credentials" for v in volumes(worker).values())
    ingress = rendered.workload(INGRESS)
    assert not {"graph-client-certificate", "graph-client-secret"} & set(volumes(ingress)), "the ingress holds no Graph credential"
    assert not GRAPH_ENV & set(env(ingress))


def test_workload_identity_annotates_the_service_account_and_labels_only_the_workers(render):
    rendered = render(merge(WORKLOAD_IDENTITY, {"serviceAccount": {"annotations": {"team": "calling"}}}))
    account = rendered.get("ServiceAccount", "switchboard")
    assert account["metadata"]["annotations"] == {WI_ANNOTATION: BOT_APP_ID, "team": "calling"}
    assert account["automountServiceAccountToken"] is False, "the webhook projects its own Entra token"
    worker, ingress = rendered.workload(WORKER), rendered.workload(INGRESS)
    for workload in (worker, ingress):
        assert pod(workload)["serviceAccountName"] == "switchboard"
    labels = worker["spec"]["template"]["metadata"]["labels"]
    assert labels[WI_LABEL] == "true"
    assert WI_LABEL not in worker["spec"]["selector"]["matchLabels"], "selectors are immutable; the mode may change"
    assert WI_LABEL not in ingress["spec"]["template"]["metadata"]["labels"], "the ingress needs no Entra token"
    variables = env(worker)
    assert not GRAPH_ENV & set(variables)
    assert variables["SWITCHBOARD_GRAPH_CLIENT_ID"] == account["metadata"]["annotations"][WI_ANNOTATION]
    assert not {"AZURE_CLIENT_ID", "AZURE_TENANT_ID", "AZURE_FEDERATED_TOKEN_FILE", "AZURE_AUTHORITY_HOST"} & set(variables), \
        "the webhook injects these; the chart must not shadow them"
    assert not {"graph-client-secret", "graph-client-certificate"} & set(volumes(worker))
    assert not any("secret" in v and v["secret"]["secretName"] == "graph-credentials" for v in volumes(worker).values())


@pytest.mark.parametrize(
    "overrides",
    [
        {"graph": {"auth": {"workloadIdentity": {"clientId": GRAPH_APP_ID}}}},
        {"graph": {"clientId": GRAPH_APP_ID}},
        {"graph": {"clientId": GRAPH_APP_ID, "auth": {"workloadIdentity": {"clientId": GRAPH_APP_ID}}}},
    ],
    ids=["workload-identity-client-id", "graph-client-id", "both-equal"],
)
def test_workload_identity_uses_the_graph_application_id(render, overrides):
    rendered = render(merge(WORKLOAD_IDENTITY, overrides))
    assert rendered.get("ServiceAccount", "switchboard")["metadata"]["annotations"] == {WI_ANNOTATION: GRAPH_APP_ID}
    assert env(rendered.workload(WORKER))["SWITCHBOARD_GRAPH_CLIENT_ID"] == GRAPH_APP_ID
    assert env(rendered.workload(WORKER))["SWITCHBOARD_BOT_APP_ID"] == BOT_APP_ID, "the token audience stays the bot's id"


def test_workload_identity_with_your_own_annotated_service_account(render):
    rendered = render(merge(WORKLOAD_IDENTITY, {
        "serviceAccount": {"create": False, "name": "switchboard-graph"},
        "graph": {"auth": {"workloadIdentity": {"serviceAccountAnnotated": True}}},
    }))
    assert rendered.of_kind("ServiceAccount") == []
    worker = rendered.workload(WORKER)
    assert pod(worker)["serviceAccountName"] == "switchboard-graph"
    assert worker["spec"]["template"]["metadata"]["labels"][WI_LABEL] == "true"


def test_the_workload_identity_id_in_other_modes_changes_nothing(render):
    rendered = render({"graph": {"auth": {"workloadIdentity": {"clientId": GRAPH_APP_ID}}}})
    assert env(rendered.workload(WORKER))["SWITCHBOARD_GRAPH_CLIENT_ID"] == BOT_APP_ID
    assert "annotations" not in rendered.get("ServiceAccount", "switchboard")["metadata"]


def test_notes_say_which_graph_credential_is_used(render):
    assert "client secret from Secret graph-credentials" in render().notes
    assert "certificate from Secret graph-certificate (kubernetes.io/tls)" in render(CERTIFICATE).notes
    notes = render(WORKLOAD_IDENTITY).notes
    assert f"workload identity: ServiceAccount switchboard, application {BOT_APP_ID}" in notes
    assert "system:serviceaccount:calls:switchboard" in notes


IMPOSSIBLE = {
    "secret-mode-without-a-secret": (
        {"graph": {"clientSecret": {"existingSecret": ""}}}, "/graph/clientSecret/existingSecret"),
    "certificate-mode-without-a-certificate": (
        {"graph": {"auth": {"mode": "certificate"}}}, "/graph/auth/certificate/existingSecret"),
    "certificate-mode-without-either": (
        {"graph": {"auth": {"mode": "certificate"}, "clientSecret": {"existingSecret": ""}}}, "/graph/auth/certificate/existingSecret"),
    "workload-identity-on-an-unannotated-service-account": (
        merge(WORKLOAD_IDENTITY, {"serviceAccount": {"create": False}}), "/graph/auth/workloadIdentity/serviceAccountAnnotated"),
    "workload-identity-on-a-named-unannotated-service-account": (
        merge(WORKLOAD_IDENTITY, {"serviceAccount": {"create": False, "name": "bots"}}),
        "/graph/auth/workloadIdentity/serviceAccountAnnotated"),
    "unknown-mode": ({"graph": {"auth": {"mode": "managedIdentity"}}}, "/graph/auth/mode"),
    "certificate-secret-not-a-name": (
        merge(CERTIFICATE, {"graph": {"auth": {"certificate": {"existingSecret": "Graph Cert"}}}}), "/graph/auth/certificate/existingSecret"),
    "certificate-inline": (
        merge(CERTIFICATE, {"graph": {"auth": {"certificate": {"tls.key": "-----BEGIN PRIVATE KEY-----"}}}}), "tls.key"),
    "workload-identity-client-id-not-a-guid": (
        merge(WORKLOAD_IDENTITY, {"graph": {"auth": {"workloadIdentity": {"clientId": "switchboard"}}}}),
        "/graph/auth/workloadIdentity/clientId"),
}


@pytest.mark.parametrize("case", sorted(IMPOSSIBLE))
def test_impossible_graph_credentials_fail_on_the_schema(chart, case):
    overrides, path = IMPOSSIBLE[case]
    values = merge(REQUIRED_VALUES, overrides)
    with pytest.raises(helm.HelmValuesError) as failure:
        chart.validate_schema(values)
    assert path in str(failure.value)
    with pytest.raises(helm.HelmValuesError):
        chart.render(values, name="switchboard")


@pytest.mark.parametrize(
    "overrides",
    [
        {"graph": {"clientSecret": {"existingSecret": ""}, "auth": {"mode": "certificate", "certificate": {"existingSecret": "c"}}}},
        merge(WORKLOAD_IDENTITY, {"graph": {"clientSecret": {"existingSecret": ""}}}),
        merge(WORKLOAD_IDENTITY, {"serviceAccount": {"create": False}, "graph": {"auth": {"workloadIdentity": {"serviceAccountAnnotated": True}}}}),
    ],
    ids=["certificate-without-client-secret", "workload-identity-without-client-secret", "workload-identity-existing-account"],
)
def test_possible_graph_credentials_pass_the_schema(chart, overrides):
    chart.validate_schema(merge(REQUIRED_VALUES, overrides))


def test_two_different_workload_identity_ids_are_refused(render):
    with pytest.raises(helm.HelmRenderError, match=r"graph.auth.workloadIdentity.clientId \(.*\) and graph.clientId \(.*\) differ"):
        render(merge(WORKLOAD_IDENTITY, {"graph": {"clientId": GRAPH_APP_ID, "auth": {"workloadIdentity": {"clientId": BOT_APP_ID}}}}))


def test_a_conflicting_client_id_annotation_is_refused(render):
    with pytest.raises(helm.HelmRenderError, match=rf"azure.workload.identity/client-id to {GRAPH_APP_ID}, but the workers fetch Graph tokens for {BOT_APP_ID}"):
        render(merge(WORKLOAD_IDENTITY, {"serviceAccount": {"annotations": {WI_ANNOTATION: GRAPH_APP_ID}}}))
    same = render(merge(WORKLOAD_IDENTITY, {"serviceAccount": {"annotations": {WI_ANNOTATION: BOT_APP_ID}}}))
    assert same.get("ServiceAccount", "switchboard")["metadata"]["annotations"] == {WI_ANNOTATION: BOT_APP_ID}
