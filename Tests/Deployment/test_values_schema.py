"""values.schema.json refuses bad values at install time, with a message naming the value."""

from __future__ import annotations

import json

import helm_python as helm
import jsonschema
import pytest

from conftest import CHART, REQUIRED_VALUES, merge

BAD_VALUES = {
    "no-bootstrap-servers": ({"kafka": {"bootstrapServers": ""}}, "/kafka/bootstrapServers"),
    "bootstrap-without-port": ({"kafka": {"bootstrapServers": "kafka.example.com"}}, "/kafka/bootstrapServers"),
    "unknown-security-protocol": ({"kafka": {"securityProtocol": "TLS"}}, "/kafka/securityProtocol"),
    "unknown-sasl-mechanism": ({"kafka": {"sasl": {"mechanism": "GSSAPI"}}}, "/kafka/sasl/mechanism"),
    "bot-app-id-not-a-guid": ({"graph": {"botAppId": "my-bot"}}, "/graph/botAppId"),
    "no-client-secret-reference": ({"graph": {"clientSecret": {"existingSecret": ""}}}, "/graph/clientSecret/existingSecret"),
    "unknown-graph-version": ({"graph": {"apiVersion": "v2.0"}}, "/graph/apiVersion"),
    "openid-over-http": ({"graph": {"openIdMetadataUrl": "http://example.com/openid"}}, "/graph/openIdMetadataUrl"),
    "root-user": ({"securityContext": {"runAsUser": 0}}, "/securityContext/runAsUser"),
    "typo-at-top-level": ({"replicaCount": 3}, "replicaCount"),
    "typo-in-worker": ({"worker": {"maxInflight": 10}}, "maxInflight"),
    "zero-in-flight": ({"worker": {"maxInFlight": 0}}, "/worker/maxInFlight"),
    "keda-offset-policy": ({"worker": {"keda": {"offsetResetPolicy": "newest"}}}, "/worker/keda/offsetResetPolicy"),
    "keda-min-zero": ({"worker": {"keda": {"minReplicaCount": 0}}}, "/worker/keda/minReplicaCount"),
    "ingress-without-paths": ({"ingress": {"kubernetesIngress": {"paths": []}}}, "/ingress/kubernetesIngress/paths"),
    "privileged-port": ({"ingress": {"port": 80}}, "/ingress/port"),
    "cpu-quantity": ({"worker": {"resources": {"requests": {"cpu": "lots"}}}}, "/worker/resources/requests/cpu"),
    "log-level": ({"logLevel": "verbose"}, "/logLevel"),
    "tenant-not-a-guid": ({"graph": {"tenants": ["contoso.com"]}}, "/graph/tenants/0"),
    "bad-topic-name": ({"kafka": {"topics": {"outcomes": "calls outcomes"}}}, "/kafka/topics/outcomes"),
}


def test_the_required_values_pass(chart):
    chart.validate_schema(REQUIRED_VALUES)


def test_the_defaults_alone_name_every_missing_setting(chart):
    with pytest.raises(helm.HelmValuesError) as failure:
        chart.validate_schema({})
    message = str(failure.value)
    for path in ("/kafka/bootstrapServers", "/graph/botAppId", "/graph/clientSecret/existingSecret"):
        assert path in message


@pytest.mark.parametrize("case", sorted(BAD_VALUES))
def test_bad_values_fail_on_the_schema(chart, case):
    overrides, path = BAD_VALUES[case]
    values = merge(REQUIRED_VALUES, overrides)
    with pytest.raises(helm.HelmValuesError) as failure:
        chart.validate_schema(values)
    assert path in str(failure.value)
    with pytest.raises(helm.HelmValuesError):
        chart.render(values, name="switchboard")


def test_the_schema_is_valid_draft_07_and_agrees_with_helm(chart):
    schema = json.loads((CHART / "values.schema.json").read_text())
    jsonschema.Draft7Validator.check_schema(schema)
    validator = jsonschema.Draft7Validator(schema)
    assert list(validator.iter_errors(chart.merge_values(REQUIRED_VALUES))) == []
    for case, (overrides, _) in BAD_VALUES.items():
        merged = chart.merge_values(merge(REQUIRED_VALUES, overrides))
        assert list(validator.iter_errors(merged)), f"{case} should fail"
