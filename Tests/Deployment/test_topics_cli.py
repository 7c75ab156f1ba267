"""`switchboard topics apply|check` end to end, against brokers on 127.0.0.1 only.

`apply --embedded` starts librdkafka's mock cluster inside the process; `check` runs against a separate
`switchboard kafka-mock` process through cluster metadata (the mock has no DescribeConfigs, so configs are
reported as not checked).
"""

from __future__ import annotations

import os
import subprocess
from contextlib import contextmanager

import pytest

from conftest import ROOT, TOPICS, switchboard_binary, switchboard_dev_binary

BINARY = switchboard_binary()
DEV_BINARY = switchboard_dev_binary()
pytestmark = pytest.mark.skipif(
    BINARY is None or DEV_BINARY is None,
    reason="the switchboard and switchboard-dev binaries are not built (swift build), and SWITCHBOARD_BIN is not set",
)


def clean_env(extra: dict[str, str] | None = None) -> dict[str, str]:
    return {k: v for k, v in os.environ.items() if not k.startswith(("SWITCHBOARD_", "KAFKA_"))} | (extra or {})


def switchboard(*arguments: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([str(BINARY), *arguments], capture_output=True, text=True, env=clean_env(env), cwd=ROOT,
                          timeout=120)


@contextmanager
def kafka_mock(*topics: str):
    arguments = [str(DEV_BINARY), "kafka-mock", "--brokers", "3"]
    for topic in topics:
        arguments += ["--topic", topic]
    process = subprocess.Popen(arguments, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True, env=clean_env())
    try:
        bootstrap = process.stdout.readline().strip()
        assert bootstrap.startswith("127.0.0.1:"), f"kafka-mock printed {bootstrap!r}"
        yield bootstrap
    finally:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=5)


def test_apply_embedded_creates_every_declared_topic():
    result = switchboard("topics", "apply", "--embedded", "--topics-dir", str(TOPICS))
    assert result.returncode == 0, result.stdout + result.stderr
    lines = result.stdout.splitlines()
    assert lines[:3] == ["calls.notifications: created", "calls.redirect-outcomes: created", "calls.notifications.dlq: created"]
    assert "no drift" in lines
    assert result.stderr == ""


def test_apply_names_a_broken_declaration(tmp_path):
    (tmp_path / "calls.notifications.yaml").write_text("name: calls.notifications\nrole: notifications\npartitions: twelve\n")
    result = switchboard("topics", "apply", "--embedded", env={"SWITCHBOARD_TOPICS_DIR": str(tmp_path)})
    assert result.returncode == 64
    assert f"{tmp_path}/calls.notifications.yaml: partitions: must be an integer" in result.stderr


def test_check_passes_on_a_cluster_that_matches():
    with kafka_mock("calls.notifications:12", "calls.redirect-outcomes:12", "calls.notifications.dlq:3") as bootstrap:
        result = switchboard("topics", "check", "--topics-dir", str(TOPICS), "--timeout", "3",
                             env={"SWITCHBOARD_KAFKA_BOOTSTRAP_SERVERS": bootstrap})
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.splitlines()[0] == "no drift"
    assert "configs not checked" in result.stdout


def test_check_fails_on_drift_and_names_co_partitioning():
    with kafka_mock("calls.notifications:12", "calls.redirect-outcomes:6") as bootstrap:
        result = switchboard("topics", "check", "--topics-dir", str(TOPICS), "--timeout", "3",
                             "--kafka-bootstrap-servers", bootstrap)
    assert result.returncode == 1, result.stdout + result.stderr
    assert "calls.redirect-outcomes: 6 partitions, declared 12" in result.stdout
    assert "calls.notifications.dlq: missing" in result.stdout
    assert "calls.redirect-outcomes: 6 partitions but calls.notifications has 12" in result.stdout


def test_check_exits_2_when_the_cluster_cannot_be_reached():
    result = switchboard("topics", "check", "--topics-dir", str(TOPICS), "--timeout", "2",
                         "--kafka-bootstrap-servers", "127.0.0.1:1")
    assert result.returncode == 2
    assert "cannot read the cluster" in result.stderr
    assert result.stdout == ""
