# Sourced by the bench scripts.
#
# worker_process BENCH_PID: prints the pid of the `switchboard worker` child that `switchboard-dev bench pipeline
# --worker-process` (BENCH_PID) starts, waiting up to 60 s for it; fails when none appears.
worker_process() {
    local bench=$1 worker=""
    for _ in $(seq 1 600); do
        worker=$(pgrep -P "$bench" -f "switchboard worker" || true)
        [ -n "$worker" ] && { echo "$worker"; return 0; }
        sleep 0.1
    done
    return 1
}

# wait_for_text FILE PATTERN TENTHS WHAT: waits up to TENTHS tenths of a second for a line matching PATTERN (grep
# -E) in FILE, which a stopped worker's wrapper (perf, valgrind) may write after the bench has returned; fails
# naming WHAT when none appears.
wait_for_text() {
    local file=$1 pattern=$2 tenths=$3 what=$4
    for _ in $(seq 1 "$tenths"); do
        grep -Eq "$pattern" "$file" 2>/dev/null && return 0
        sleep 0.1
    done
    echo "$what: nothing in $file" >&2
    return 1
}
