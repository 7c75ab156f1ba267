"""`switchboard topics render --strimzi` turns the topic declarations into Strimzi KafkaTopic resources.

Strimzi's CRD is not available offline, so the fields the topic operator reads are checked one by one
(kafka.strimzi.io/v1beta2: metadata.labels["strimzi.io/cluster"], spec.topicName, partitions, replicas, config).
"""

from __future__ import annotations

import os
import re
import subprocess

import pytest
import yaml

from conftest import ROOT, TOPICS, switchboard_binary

BINARY = switchboard_binary()
pytestmark = pytest.mark.skipif(
    BINARY is None, reason="the switchboard binary is not built (swift build), and SWITCHBOARD_BIN is not set"
)


def run(*arguments: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    clean = {k: v for k, v in os.environ.items() if not k.startswith("SWITCHBOARD_")} | (env or {})
    return subprocess.run([str(BINARY), "topics", "render", *arguments], capture_output=True, text=True, env=clean,
                          cwd=ROOT, timeout=60)


def declarations() -> list[dict]:
    return [yaml.safe_load(path.read_text()) for path in sorted(TOPICS.glob("*.yaml"))]


def test_every_declared_topic_becomes_a_kafka_topic():
    result = run("--strimzi", "--cluster", "events", "--namespace", "kafka", "--topics-dir", str(TOPICS))
    assert result.returncode == 0, result.stderr
    resources = [d for d in yaml.safe_load_all(result.stdout) if d]
    by_topic = {r["spec"]["topicName"]: r for r in resources}
    assert len(resources) == 3
    for declaration in declarations():
        resource = by_topic[declaration["name"]]
        assert resource["apiVersion"] == "kafka.strimzi.io/v1beta2"
        assert resource["kind"] == "KafkaTopic"
        metadata = resource["metadata"]
        assert re.fullmatch(r"[a-z0-9]([-a-z0-9]*[a-z0-9])?", metadata["name"]) and len(metadata["name"]) <= 63
        assert metadata["name"] == declaration["name"].replace(".", "-")
        assert metadata["namespace"] == "kafka"
        assert metadata["labels"]["strimzi.io/cluster"] == "events"
        assert metadata["labels"]["switchboard/topic-role"] == declaration["role"]
        spec = resource["spec"]
        assert set(spec) == {"topicName", "partitions", "replicas", "config"}
        assert spec["partitions"] == declaration["partitions"]
        assert spec["replicas"] == declaration["replicationFactor"]
        assert {k: str(v) for k, v in spec["config"].items()} == {k: str(v) for k, v in declaration["configs"].items()}
    outcomes = next(d for d in declarations() if d["role"] == "outcomes")
    notifications = next(d for d in declarations() if d["role"] == "notifications")
    assert by_topic[outcomes["name"]]["spec"]["partitions"] == by_topic[notifications["name"]]["spec"]["partitions"]


def test_cluster_and_directory_come_from_the_environment():
    result = run("--strimzi", env={"SWITCHBOARD_TOPICS_DIR": str(TOPICS), "SWITCHBOARD_STRIMZI_CLUSTER": "prod-kafka"})
    assert result.returncode == 0, result.stderr
    resources = [d for d in yaml.safe_load_all(result.stdout) if d]
    assert {r["metadata"]["labels"]["strimzi.io/cluster"] for r in resources} == {"prod-kafka"}
    assert all("namespace" not in r["metadata"] for r in resources)


def test_a_broken_declaration_fails_naming_file_and_field(tmp_path):
    for path in TOPICS.glob("*.yaml"):
        (tmp_path / path.name).write_text(path.read_text())
    (tmp_path / "schemas").symlink_to(TOPICS / "schemas")
    broken = tmp_path / "calls.redirect-outcomes.yaml"
    broken.write_text(broken.read_text().replace("partitions: 12", "partitions: 6"))
    result = run("--strimzi", "--topics-dir", str(tmp_path))
    assert result.returncode != 0
    assert result.stdout == ""
    assert f"{broken}: partitions: must equal the partitions of calls.notifications (12), found 6" in result.stderr


def test_a_format_is_required():
    result = run("--topics-dir", str(TOPICS))
    assert result.returncode != 0
    assert "--strimzi" in result.stderr
