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

# The current librdkafka Switchboard runs and is tested with. Debian's librdkafka1 (2.0.2) revokes every
# partition of every member on a cooperative rebalance (README, "librdkafka"); a current release revokes only
# what moves. The build still compiles against Debian's librdkafka-dev headers: the current library has the
# same soname (librdkafka.so.1) and ABI, so the same binaries load it through LD_LIBRARY_PATH. Its shared
# library ships inside PyPI's confluent-kafka wheel (confluent_kafka.libs/), a registry package reachable
# wherever pip is; nothing of the wheel's Python code is used.
CURRENT_LIBRDKAFKA_WHEEL="confluent-kafka==2.16.1"
CURRENT_LIBRDKAFKA_VERSION_PREFIX="2.16."

# Prints the directory holding librdkafka.so.1 of the current release, fetching it once into
# .build/librdkafka-current (from the wheel named above). Put it on LD_LIBRARY_PATH to load it.
ensure_current_librdkafka() {
    local root dir platform download
    root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
    dir="$root/.build/librdkafka-current/${CURRENT_LIBRDKAFKA_WHEEL/==/-}"
    if [ ! -e "$dir/librdkafka.so.1" ]; then
        ensure_python_venv
        case "$(uname -m)" in
            x86_64) platform=manylinux_2_28_x86_64 ;;
            aarch64) platform=manylinux_2_28_aarch64 ;;
            *) echo "no current librdkafka wheel for $(uname -m); use the system library" >&2; return 1 ;;
        esac
        download="$(mktemp -d)"
        echo "==> fetching a current librdkafka ($CURRENT_LIBRDKAFKA_WHEEL, $platform) into $dir" >&2
        python3 -m pip download --quiet --disable-pip-version-check --no-deps --only-binary=:all: \
            --python-version 3.11 --platform "$platform" -d "$download" "$CURRENT_LIBRDKAFKA_WHEEL" >&2
        mkdir -p "$dir"
        python3 - "$download" "$dir" <<'PY'
import pathlib, shutil, sys, zipfile
download, target = pathlib.Path(sys.argv[1]), pathlib.Path(sys.argv[2])
wheel = next(download.glob("*.whl"))
with zipfile.ZipFile(wheel) as archive:
    names = [n for n in archive.namelist() if n.startswith("confluent_kafka.libs/librdkafka")]
    if len(names) != 1:
        sys.exit(f"{wheel.name}: expected one librdkafka in confluent_kafka.libs/, found {names}")
    with archive.open(names[0]) as source, open(target / "librdkafka.so.1", "wb") as sink:
        shutil.copyfileobj(source, sink)
PY
        rm -rf "$download"
    fi
    local version
    version="$(python3 -c 'import ctypes, sys; lib = ctypes.CDLL(sys.argv[1]); lib.rd_kafka_version_str.restype = ctypes.c_char_p; print(lib.rd_kafka_version_str().decode())' "$dir/librdkafka.so.1")"
    case "$version" in
        "$CURRENT_LIBRDKAFKA_VERSION_PREFIX"*) ;;
        *) echo "$dir/librdkafka.so.1 is librdkafka $version, expected $CURRENT_LIBRDKAFKA_VERSION_PREFIX*" >&2; return 1 ;;
    esac
    echo "$dir"
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
