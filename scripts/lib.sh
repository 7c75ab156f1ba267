# Shared helpers for the scripts in this folder. Source it; do not run it.

# Runs a command as root: directly when we are root, else through sudo.
as_root() {
    if [ "$(id -u)" -eq 0 ]; then
        "$@"
    else
        sudo "$@"
    fi
}

# Installs the Debian/Ubuntu packages named in "$@" that are not installed yet.
ensure_packages() {
    missing=()
    for package in "$@"; do
        dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
    done
    if [ ${#missing[@]} -gt 0 ]; then
        echo "==> installing ${missing[*]}"
        as_root apt-get update -qq
        as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}"
    fi
}

# librdkafka (headers + library) and pkg-config, which SwiftPM uses to find it.
ensure_librdkafka() {
    ensure_packages librdkafka-dev pkg-config
}

# python3 with venv support, for the deployment tests' virtualenv.
ensure_python_venv() {
    if ! command -v python3 >/dev/null 2>&1; then
        ensure_packages python3 python3-venv python3-pip
    elif ! python3 -c "import venv, ensurepip" >/dev/null 2>&1; then
        ensure_packages python3-venv python3-pip
    fi
}

# Prometheus and promtool (Debian's prometheus package), for the alert-rule tests and the live scrape test.
# Without recommends: the exporters it recommends are not needed. (Where systemd runs, the package also starts a
# prometheus service on :9090; the tests start their own on a free loopback port.)
ensure_prometheus() {
    if ! command -v prometheus >/dev/null 2>&1 || ! command -v promtool >/dev/null 2>&1; then
        echo "==> installing prometheus"
        as_root apt-get update -qq
        as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends prometheus
    fi
}
