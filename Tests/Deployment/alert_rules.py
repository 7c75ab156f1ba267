"""The chart's alert rules as Prometheus loads them, the README's runbook anchors, and the tools that check them."""

from __future__ import annotations

import os
import re
import shutil
import unicodedata
from typing import Any

import pytest

from conftest import ROOT

README = ROOT / "README.md"
ALERTS = {
    "SwitchboardDeadlineMissesRising",
    "SwitchboardConsumerLagGrowing",
    "SwitchboardGraphCredentialsRejected",
    "SwitchboardSigningKeysUnavailable",
    "SwitchboardDeadLettersGrowing",
    "SwitchboardRulesFileInvalid",
    "SwitchboardNoReadyWorker",
}
# `scripts/test` installs Prometheus and sets this, so there a missing tool fails instead of skipping.
REQUIRED = os.environ.get("SWITCHBOARD_REQUIRE_PROMETHEUS") == "1"


def tool(name: str) -> str:
    """The path of a Prometheus tool (promtool, prometheus); skips (or fails under scripts/test) without it."""
    path = shutil.which(name)
    if path is None:
        message = f"{name} is not installed (Debian: apt-get install prometheus; scripts/test installs it)"
        if REQUIRED:
            pytest.fail(message)
        pytest.skip(message)
    return path


def rule_groups(rendered) -> dict[str, Any]:
    """The `spec` of the chart's PrometheusRule: a Prometheus rules file (`groups:`)."""
    rules = rendered.of_kind("PrometheusRule")
    assert len(rules) == 1, rendered.kinds()
    return rules[0]["spec"]


def alert_rules(groups: dict[str, Any]) -> list[dict[str, Any]]:
    return [rule for group in groups["groups"] for rule in group["rules"] if "alert" in rule]


def github_anchor(heading: str) -> str:
    """The fragment GitHub gives a Markdown heading: lower case, punctuation dropped, spaces to hyphens."""
    text = unicodedata.normalize("NFKC", heading).strip().lower()
    text = re.sub(r"[^\w\- ]", "", text)
    return text.replace(" ", "-")


def readme_anchors() -> set[str]:
    text = re.sub(r"^```.*?^```", "", README.read_text(), flags=re.MULTILINE | re.DOTALL)  # not comments in code
    headings = re.findall(r"^#{1,6}\s+(.+?)\s*#*\s*$", text, flags=re.MULTILINE)
    return {github_anchor(re.sub(r"`", "", heading)) for heading in headings}
