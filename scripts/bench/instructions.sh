#!/usr/bin/env bash
# Instructions per call, counted by Valgrind's callgrind: the same count whatever else runs on the machine,
# where seconds and CPU samples vary. As in allocations.sh, two sizes of the same run are counted and the
# difference divided by the difference in calls, so start-up and warm-up cancel out; the functions that cost
# the most per call are listed under each figure.
#
#   1. The worker's per-call domain path alone: `switchboard-dev bench route --step call` (parse, route,
#      body, two outcomes, the call's ids) at --iterations N and 2N (each run does 1.1 × iterations calls).
#   2. The whole worker process in `switchboard-dev bench pipeline --worker-process`, the worker under
#      callgrind, at --calls C and 2C (Kafka in, routing, Graph client, outcomes out). Callgrind runs the
#      worker's threads one at a time and 20–100 times slower, so the calls come at a low rate (20/s): the
#      figure includes 1/20 s of the worker's idle work (its Kafka clients' fetches and timers) per call.
#      Only user-space instructions are counted, not the kernel's.
#
# Usage: scripts/bench/instructions.sh [route|pipeline|all] [extra bench pipeline options...]
# Needs `valgrind` and `objcopy` (Debian: valgrind, binutils), a C compiler, and a release build (swift build -c
# release); SWITCHBOARD_DEV_BINARY overrides .build/release/switchboard-dev, SWITCHBOARD_WORKER_BINARY the
# `switchboard` next to it. Environment: ROUTE_ITERATIONS (1000), PIPELINE_CALLS (200), PIPELINE_RATE (20),
# PIPELINE_WARMUP (100).
#
# Two work-arounds for Valgrind 3.19 (Debian 12's): it cannot read the DWARF 5 debug information Swift 6 writes,
# so it runs copies of the executables without it (objcopy --strip-debug; symbols stay); and it dies when an
# async main parks in sigsuspend, so valgrind-sigsuspend.c is preloaded (see there).
set -euo pipefail
. "$(dirname "$0")/worker-process.sh"
what=${1:-all}
[ $# -gt 0 ] && shift
here=$(cd "$(dirname "$0")" && pwd)
binary=${SWITCHBOARD_DEV_BINARY:-.build/release/switchboard-dev}
worker_binary=${SWITCHBOARD_WORKER_BINARY:-$(dirname "$binary")/switchboard}
[ -x "$binary" ] || { echo "no executable at $binary: build with swift build -c release, or set SWITCHBOARD_DEV_BINARY" >&2; exit 2; }
for tool in valgrind objcopy; do
    command -v "$tool" >/dev/null || { echo "$tool is needed (Debian: apt-get install -y valgrind binutils)" >&2; exit 2; }
done
compiler=${CC:-$(command -v cc || command -v clang || command -v gcc || true)}
[ -n "$compiler" ] || { echo "a C compiler is needed for the sigsuspend shim (set CC)" >&2; exit 2; }

dir=$(mktemp -d)
objcopy --strip-debug "$binary" "$dir/switchboard-dev"
"$compiler" -O2 -shared -fPIC "$here/valgrind-sigsuspend.c" -o "$dir/valgrind-sigsuspend.so"
callgrind=(valgrind --tool=callgrind)

# Waits for Valgrind's closing summary in LOG (the bench may return before its stopped worker has exited).
await_summary() { wait_for_text "$1" "I +refs:" 300 "callgrind wrote no summary" || exit 1; }

route() {
    local n=${ROUTE_ITERATIONS:-1000}
    for iterations in "$n" $((2 * n)); do
        LD_PRELOAD="$dir/valgrind-sigsuspend.so" "${callgrind[@]}" --log-file="$dir/route-$iterations.log" \
            --callgrind-out-file="$dir/route-$iterations.out" \
            "$dir/switchboard-dev" bench route --step call --iterations "$iterations" >/dev/null \
            || { echo "bench route under callgrind failed; see $dir/route-$iterations.log" >&2; exit 1; }
        await_summary "$dir/route-$iterations.log"
    done
    echo "bench route --step call, $n and $((2 * n)) iterations (1.1 × iterations calls each):"
    # 1.1 × iterations calls per run (a tenth of them warm-up).
    python3 "$here/callgrind-diff.py" "$dir/route-$n.out" "$dir/route-$((2 * n)).out" "$(awk -v n="$n" 'BEGIN { print 1.1 * n }')"
}

pipeline() {
    local c=${PIPELINE_CALLS:-200} calls wrapper
    [ -x "$worker_binary" ] || { echo "no executable at $worker_binary (set SWITCHBOARD_WORKER_BINARY)" >&2; exit 2; }
    objcopy --strip-debug "$worker_binary" "$dir/switchboard"
    for calls in "$c" $((2 * c)); do
        wrapper=$dir/worker-$calls
        # exec: the bench's SIGTERM reaches Valgrind, which hands it to the worker and writes the counts at its exit.
        cat >"$wrapper" <<EOF
#!/usr/bin/env bash
LD_PRELOAD="$dir/valgrind-sigsuspend.so" exec ${callgrind[*]} --log-file="$dir/pipeline-$calls.log" \
    --callgrind-out-file="$dir/pipeline-$calls.out" "$dir/switchboard" worker
EOF
        chmod +x "$wrapper"
        "$dir/switchboard-dev" bench pipeline --worker-process --worker-command "$wrapper" --ordering key \
            --calls "$calls" --rate "${PIPELINE_RATE:-20}" --warmup-calls "${PIPELINE_WARMUP:-100}" "$@" \
            >"$dir/pipeline-$calls.bench" 2>"$dir/pipeline-$calls.err" \
            || { echo "bench pipeline failed; see $dir/pipeline-$calls.err" >&2; exit 1; }
        await_summary "$dir/pipeline-$calls.log"
        grep -E "calls/s|deadline misses" "$dir/pipeline-$calls.bench" | head -3 | sed "s/^/  [$calls calls] /"
    done
    echo "worker process in bench pipeline at ${PIPELINE_RATE:-20} calls/s, $c and $((2 * c)) calls:"
    python3 "$here/callgrind-diff.py" "$dir/pipeline-$c.out" "$dir/pipeline-$((2 * c)).out" "$c"
}

case "$what" in
    route) route ;;
    pipeline) pipeline "$@" ;;
    all) route; pipeline "$@" ;;
    *) echo "usage: $0 [route|pipeline|all] [bench pipeline options...]" >&2; exit 2 ;;
esac
echo "  (profiles, logs and bench output in $dir; callgrind_annotate FILE shows one)"
