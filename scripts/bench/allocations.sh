#!/usr/bin/env bash
# Heap allocations per call, counted exactly: perf uprobes on libc's allocation entry points (malloc,
# calloc, realloc, posix_memalign, aligned_alloc) count every call, whatever else runs on the machine,
# where seconds and CPU samples vary. Two sizes of the same run are counted and the difference divided by
# the difference in calls, so start-up and warm-up cancel out.
#
#   1. The worker's per-call domain path alone: `switchboard-dev bench route --step call` (parse, route,
#      body, two outcomes, the call's ids) at --iterations N and 2N (each run does 1.1 × iterations calls).
#   2. The whole worker process in `switchboard-dev bench pipeline --worker-process` at --calls C and 2C
#      (Kafka in, routing, Graph client, outcomes out, and the idle work of the run's duration).
#
# Usage: scripts/bench/allocations.sh [route|pipeline|all] [extra bench pipeline options...]
# Needs root, `perf` (Debian: linux-perf) with uprobes, and a release build (swift build -c release);
# SWITCHBOARD_DEV_BINARY overrides .build/release/switchboard-dev, SWITCHBOARD_WORKER_BINARY the `switchboard`
# next to it (to count another build's worker with the same bench). Environment: ROUTE_ITERATIONS (20000),
# PIPELINE_CALLS (4000), PIPELINE_RATE (1000).
set -euo pipefail
. "$(dirname "$0")/worker-process.sh"
what=${1:-all}
[ $# -gt 0 ] && shift
binary=${SWITCHBOARD_DEV_BINARY:-.build/release/switchboard-dev}
worker_binary=${SWITCHBOARD_WORKER_BINARY:-$(dirname "$binary")/switchboard}
[ -x "$binary" ] || { echo "no executable at $binary: build with swift build -c release, or set SWITCHBOARD_DEV_BINARY" >&2; exit 2; }
libc=$(ldconfig -p | awk '/libc\.so\.6 .*x86-64/ { print $NF; exit }')
[ -n "$libc" ] || { echo "libc.so.6 not found with ldconfig -p" >&2; exit 2; }
functions=(malloc calloc realloc posix_memalign aligned_alloc)
events=()
for function in "${functions[@]}"; do
    if ! perf probe -l 2>/dev/null | grep -q "probe_libc:$function "; then
        perf probe -q -x "$libc" --add "$function" >/dev/null 2>&1 \
            || { echo "cannot add a uprobe on $function in $libc (root and a kernel with uprobes are needed)" >&2; exit 2; }
    fi
    events+=(-e "probe_libc:$function")
done

# Sums the allocation counts of a `perf stat -x,` output file.
allocations() { awk -F, '$3 ~ /^probe_libc:/ { sum += $1 } END { print sum + 0 }' "$1"; }

route() {
    local n=${ROUTE_ITERATIONS:-20000} counts=()
    for iterations in "$n" $((2 * n)); do
        perf stat -x, -o /tmp/allocations-route.$$ "${events[@]}" -- \
            "$binary" bench route --step call --iterations "$iterations" >/dev/null
        counts+=("$(allocations /tmp/allocations-route.$$)")
    done
    rm -f /tmp/allocations-route.$$
    # 1.1 × iterations calls per run (a tenth of them warm-up).
    awk -v a="${counts[0]}" -v b="${counts[1]}" -v n="$n" 'BEGIN {
        printf "bench route --step call: %d allocations at %d iterations, %d at %d: %.1f per call\n", a, n, b, 2 * n, (b - a) / (1.1 * n) }'
}

# Counts the allocations of the worker process during one `bench pipeline --worker-process` run. The
# worker is started under `perf stat` (a wrapper given as --worker-command) so that every thread is counted
# from its first instruction: attaching to a running worker with -p misses threads created while perf
# enumerates them, which made the counts of two runs disagree by tens of percent. The wrapper relies on
# the bench starting its worker with no signals blocked (switchboard-dev from 158ca8b on; an older one
# leaves SIGTERM blocked, so the wrapper never hears the stop).
pipeline_run() {
    local calls=$1 out=$2 wrapper
    shift 2
    wrapper=$out.worker
    cat >"$wrapper" <<EOF
#!/usr/bin/env bash
perf stat -x, -o "$out" ${events[*]} -- "$worker_binary" worker &
perf=\$!
# The bench stops its worker with SIGTERM: pass it on to the worker, then let perf write its counts.
trap 'pkill -TERM -P \$perf' TERM INT
wait \$perf
wait \$perf
EOF
    chmod +x "$wrapper"
    "$binary" bench pipeline --worker-process --worker-command "$wrapper" --ordering key --calls "$calls" \
        --rate "${PIPELINE_RATE:-1000}" "$@" >"$out.bench" 2>"$out.err" \
        || { echo "bench pipeline failed; see $out.err" >&2; exit 1; }
    # The bench may return before perf has written the counts of the stopped worker.
    wait_for_text "$out" "probe_libc:malloc" 100 "perf wrote no counts" || exit 1
}

pipeline() {
    local c=${PIPELINE_CALLS:-4000} counts=() dir
    dir=$(mktemp -d)
    for calls in "$c" $((2 * c)); do
        pipeline_run "$calls" "$dir/$calls" "$@"
        counts+=("$(allocations "$dir/$calls")")
        grep -E "calls/s" "$dir/$calls.bench" | head -2 | sed "s/^/  [$calls calls] /"
    done
    awk -v a="${counts[0]}" -v b="${counts[1]}" -v c="$c" 'BEGIN {
        printf "worker process in bench pipeline: %d allocations at %d calls, %d at %d: %.1f per call\n", a, c, b, 2 * c, (b - a) / c }'
    echo "  (bench output and perf counts in $dir)"
}

case "$what" in
    route) route ;;
    pipeline) pipeline "$@" ;;
    all) route; pipeline "$@" ;;
    *) echo "usage: $0 [route|pipeline|all] [bench pipeline options...]" >&2; exit 2 ;;
esac
