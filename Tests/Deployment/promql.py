"""The metric names a PromQL expression reads, and the dashboard's and alerts' queries as Prometheus runs them.

Not a PromQL parser: it removes what cannot be a metric name (strings, label matchers, durations, grouping
label lists, numbers) and keeps the identifiers that are neither functions, aggregations nor keywords. Prometheus
itself checks that every query parses (test_live_prometheus.py); this only has to find the names reliably.
"""

from __future__ import annotations

import json
import pathlib
import re
from typing import Any

from conftest import CHART

DASHBOARD = CHART / "dashboards" / "switchboard.json"

KEYWORDS = {
    "by", "without", "on", "ignoring", "group_left", "group_right", "bool", "and", "or", "unless", "offset", "atan2",
    "inf", "nan",
}
# Label lists after these words name labels, not metrics.
GROUPING = re.compile(r"\b(by|without|on|ignoring|group_left|group_right)\s*\([^)]*\)")
STRING = re.compile(r'"(?:[^"\\]|\\.)*"|\'(?:[^\'\\]|\\.)*\'|`[^`]*`')
MATCHERS = re.compile(r"\{[^}]*\}")
RANGE = re.compile(r"\[[^\]]*\]")
IDENTIFIER = re.compile(r"[A-Za-z_:][A-Za-z0-9_:]*")
HISTOGRAM_SUFFIXES = ("_bucket", "_sum", "_count")


def metric_names(expr: str) -> set[str]:
    """The metric names `expr` selects, exactly as written (a histogram's `_bucket` suffix included)."""
    text = STRING.sub('""', expr)
    text = MATCHERS.sub(" ", text)
    text = RANGE.sub(" ", text)
    text = GROUPING.sub(" ", text)
    names = set()
    for match in IDENTIFIER.finditer(text):
        name = match.group(0)
        following = text[match.end():].lstrip()
        if following.startswith("("):  # a function or an aggregation
            continue
        if name.lower() in KEYWORDS:
            continue
        # the end of a number such as 1e3 or a duration like 5m after `offset`
        if match.start() > 0 and (text[match.start() - 1].isdigit() or text[match.start() - 1] == "."):
            continue
        names.add(name)
    return names


def family(name: str, families: dict[str, str]) -> str | None:
    """The metric family (as in `# TYPE`) that serves sample name `name`, or None."""
    if name in families:
        return name
    for suffix in HISTOGRAM_SUFFIXES:
        base = name.removesuffix(suffix)
        if base != name and families.get(base) in ("histogram", "summary"):
            return base
    return None


def load_dashboard() -> dict[str, Any]:
    return json.loads(DASHBOARD.read_text())


def dashboard_queries(dashboard: dict[str, Any] | None = None) -> list[tuple[str, str]]:
    """(panel title / refId, expr) of every target of every panel, rows' nested panels included."""
    dashboard = dashboard or load_dashboard()
    found = []

    def visit(panels: list[dict[str, Any]]) -> None:
        for panel in panels:
            for target in panel.get("targets", []):
                found.append((f"{panel['title']} / {target['refId']}", target["expr"]))
            visit(panel.get("panels", []))

    visit(dashboard["panels"])
    return found


def as_prometheus_runs_it(expr: str, rate_interval: str) -> str:
    """`expr` with the dashboard's variables replaced as Grafana does for "All" namespaces."""
    return expr.replace("$__rate_interval", rate_interval).replace("$namespace", ".*")


def exported_by_sources(root: pathlib.Path) -> set[str]:
    """The metric labels the Swift sources create (`label: "switchboard_…"`, a `…Label = "switchboard_…"`, or
    `name: "switchboard_…"` for gauges made on the Prometheus registry directly, like `switchboard_build_info`)."""
    pattern = re.compile(r'(?:label:\s*|Label\s*=\s*|name:\s*)"(switchboard_[a-z0-9_]+)"')
    names = set()
    for path in (root / "Sources").rglob("*.swift"):
        names.update(pattern.findall(path.read_text()))
    return names
