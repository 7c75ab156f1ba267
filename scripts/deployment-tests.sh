#!/usr/bin/env bash
# Runs the deployment tests (Helm chart, values schema, record schemas, Strimzi rendering, AsyncAPI, the dashboard and
# alert rules with promtool and a live Prometheus, the outcomes-consumer example) in a virtualenv.
#
# Needs python3 and access to PyPI (the first run only). Creates .venv (or $SWITCHBOARD_VENV) and installs
# Tests/Deployment/requirements.txt into it; later runs reuse it until the requirements change.
# The Strimzi and live tests run the built `switchboard` binary ($SWITCHBOARD_BIN, else .build/debug or .build/release)
# and the `switchboard-dev` next to it ($SWITCHBOARD_DEV_BIN overrides it) for kafka-mock and dev.
# promtool and prometheus come from Debian's prometheus package (scripts/test installs it); without them those
# tests are skipped unless SWITCHBOARD_REQUIRE_PROMETHEUS=1.
# Extra arguments go to pytest, e.g. `scripts/deployment-tests.sh -k keda`.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
venv="${SWITCHBOARD_VENV:-$root/.venv}"
requirements="$root/Tests/Deployment/requirements.txt"

if [ ! -x "$venv/bin/python" ]; then
    # Debian ships ensurepip separately (python3-venv); without it, create the venv without pip and let the
    # system pip install into it below.
    if ! python3 -m venv "$venv" >/dev/null 2>&1; then
        rm -rf "$venv"
        python3 -m venv --without-pip "$venv"
    fi
fi

stamp="$venv/.deployment-requirements.sha256"
wanted="$(sha256sum "$requirements" | cut -d' ' -f1)"
if [ "$(cat "$stamp" 2>/dev/null || true)" != "$wanted" ]; then
    echo "deployment-tests: installing $(grep -cv '^#' "$requirements") packages into $venv" >&2
    pip_args=(install --quiet --disable-pip-version-check --ignore-requires-python -r "$requirements")
    if "$venv/bin/python" -m pip --version >/dev/null 2>&1; then
        "$venv/bin/python" -m pip "${pip_args[@]}"
    else
        python3 -m pip --python "$venv/bin/python" "${pip_args[@]}"
    fi
    echo "$wanted" >"$stamp"
fi

cd "$root"
exec "$venv/bin/python" -m pytest -p no:cacheprovider Tests/Deployment "$@"
