"""Shared fixtures for the deployment tests: the chart, rendering helpers and the record schemas.

The chart is rendered with helm-python-sdk, which embeds Helm's own Go code (no helm binary, no cluster).
"""

from __future__ import annotations

import copy
import json
import os
import pathlib
from typing import Any

import helm_python as helm
import pytest
import yaml

ROOT = pathlib.Path(__file__).resolve().parents[2]
CHART = ROOT / "helm" / "switchboard"
TOPICS = ROOT / "topics"
SCHEMAS = TOPICS / "schemas"
SEED_EXAMPLES = ROOT / "Sources" / "SeedExamples" / "Examples"

KUBERNETES_VERSION = "1.30.0"
RELEASE = "switchboard"
NAMESPACE = "calls"

BOT_APP_ID = "24701998-1a73-4d42-8085-bf46ed0ae039"
TENANT = "632899f8-2ea1-4604-8413-27bd2892079f"

# The values a site must always provide; everything else comes from values.yaml.
REQUIRED_VALUES: dict[str, Any] = {
    "kafka": {
        "bootstrapServers": "kafka-0.kafka:9093,kafka-1.kafka:9093,kafka-2.kafka:9093",
        "sasl": {"username": "switchboard", "passwordSecret": {"name": "kafka-sasl"}},
        "tls": {"caSecret": {"name": "kafka-ca"}},
    },
    "graph": {
        "botAppId": BOT_APP_ID,
        "clientSecret": {"existingSecret": "graph-credentials"},
        "tenants": [TENANT],
    },
    "rules": {
        "content": "rules:\n  - name: everyone-to-reception\n    redirect:\n      targets:\n        - user: 8d1e6ab6-26c5-4e22-a1bc-06ea7343958e\n",
    },
}


def merge(base: dict[str, Any], override: dict[str, Any]) -> dict[str, Any]:
    """Deep merge of two values trees; the override wins."""
    merged = copy.deepcopy(base)
    for key, value in override.items():
        if isinstance(value, dict) and isinstance(merged.get(key), dict):
            merged[key] = merge(merged[key], value)
        else:
            merged[key] = copy.deepcopy(value)
    return merged


class Rendered:
    """The manifests of one render, parsed, with lookups by kind and name."""

    def __init__(self, manifests: dict[str, str]):
        self.files = manifests
        self.notes = next((text for path, text in manifests.items() if path.endswith("NOTES.txt")), "")
        self.documents: list[dict[str, Any]] = []
        for path, text in manifests.items():
            if path.endswith("NOTES.txt"):
                continue
            for document in yaml.safe_load_all(text):
                if document:
                    self.documents.append(document)

    def of_kind(self, kind: str) -> list[dict[str, Any]]:
        return [d for d in self.documents if d["kind"] == kind]

    def get(self, kind: str, name: str) -> dict[str, Any]:
        matches = [d for d in self.of_kind(kind) if d["metadata"]["name"] == name]
        assert len(matches) == 1, f"expected one {kind} {name}, found {[d['metadata']['name'] for d in self.of_kind(kind)]}"
        return matches[0]

    def workloads(self) -> list[dict[str, Any]]:
        """The Deployments and StatefulSets."""
        return [d for d in self.documents if d["kind"] in ("Deployment", "StatefulSet")]

    def workload(self, name: str) -> dict[str, Any]:
        """The one Deployment or StatefulSet of that name."""
        matches = [d for d in self.workloads() if d["metadata"]["name"] == name]
        assert len(matches) == 1, f"expected one workload {name}, found {[(d['kind'], d['metadata']['name']) for d in self.workloads()]}"
        return matches[0]

    def kinds(self) -> list[tuple[str, str]]:
        return sorted((d["kind"], d["metadata"]["name"]) for d in self.documents)


@pytest.fixture(scope="session")
def chart():
    loaded = helm.Chart.load(str(CHART))
    yield loaded
    loaded.close()


@pytest.fixture(scope="session")
def render(chart):
    """render(overrides) -> Rendered, with the required values plus the overrides."""

    def _render(overrides: dict[str, Any] | None = None) -> Rendered:
        values = merge(REQUIRED_VALUES, overrides or {})
        return Rendered(chart.render(values, name=RELEASE, namespace=NAMESPACE, is_install=True))

    return _render


def container(deployment: dict[str, Any]) -> dict[str, Any]:
    containers = deployment["spec"]["template"]["spec"]["containers"]
    assert len(containers) == 1
    return containers[0]


def env(deployment: dict[str, Any]) -> dict[str, Any]:
    """The container's environment: each variable's value, or its valueFrom source (a dict)."""
    return {item["name"]: item["value"] if "value" in item else item["valueFrom"] for item in container(deployment)["env"]}


def load_schema(name: str) -> dict[str, Any]:
    return json.loads((SCHEMAS / name).read_text())


def switchboard_binary() -> pathlib.Path | None:
    """The built `switchboard` executable: $SWITCHBOARD_BIN, else .build/debug or .build/release."""
    configured = os.environ.get("SWITCHBOARD_BIN")
    candidates = [pathlib.Path(configured)] if configured else [
        ROOT / ".build" / "debug" / "switchboard",
        ROOT / ".build" / "release" / "switchboard",
    ]
    return next((path for path in candidates if path.is_file() and os.access(path, os.X_OK)), None)


def switchboard_dev_binary() -> pathlib.Path | None:
    """The built `switchboard-dev` executable (dev, kafka-mock, simulate, bench): $SWITCHBOARD_DEV_BIN, else the one
    next to `switchboard_binary()`."""
    configured = os.environ.get("SWITCHBOARD_DEV_BIN")
    production = switchboard_binary()
    candidates = [pathlib.Path(configured)] if configured else [production.with_name("switchboard-dev")] if production else []
    return next((path for path in candidates if path.is_file() and os.access(path, os.X_OK)), None)
