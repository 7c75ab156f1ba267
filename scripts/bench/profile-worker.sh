#!/usr/bin/env bash
# Profiles the worker process (`switchboard worker`) of `switchboard-dev bench pipeline --worker-process` with perf (cpu-clock
# sampling, no hardware counters needed) during the measured phase, then prints CPU by thread and the
# top frames. Usage: scripts/bench/profile-worker.sh OUTPUT_DIR [bench pipeline options...]
# Needs `perf` (Debian: linux-perf) and a release build of both executables (swift build -c release).
set -euo pipefail
. "$(dirname "$0")/worker-process.sh"
out=${1:?usage: profile-worker.sh OUTPUT_DIR [bench options]}
shift
mkdir -p "$out"
binary=${SWITCHBOARD_DEV_BINARY:-.build/release/switchboard-dev}
"$binary" bench pipeline --worker-process --ordering key "$@" >"$out/bench.txt" 2>"$out/bench.err" &
bench=$!
worker=$(worker_process "$bench") || { echo "no worker process appeared" >&2; exit 1; }
# Start-up, readiness and the warm-up calls, then sample the measured phase.
sleep "${PROFILE_DELAY:-8}"
perf record -F "${PROFILE_FREQUENCY:-999}" -e cpu-clock -g -p "$worker" -o "$out/perf.data" -- sleep "${PROFILE_SECONDS:-8}" \
    2>"$out/perf-record.err" >/dev/null
wait "$bench"
cat "$out/bench.txt"
perf report -i "$out/perf.data" --no-children --sort comm --stdio 2>/dev/null | grep -v '^#' | grep -v '^$' | head -20 >"$out/by-thread.txt"
perf report -i "$out/perf.data" --no-children --sort dso,symbol --stdio -g none 2>/dev/null | grep -v '^#' | grep -v '^$' | head -60 >"$out/top-self.txt"
perf report -i "$out/perf.data" --children --sort symbol --stdio -g none 2>/dev/null | grep -v '^#' | grep -v '^$' | head -120 >"$out/top-children.txt"
echo "--- CPU by thread"; cat "$out/by-thread.txt"
echo "--- top frames (self)"; head -40 "$out/top-self.txt"
