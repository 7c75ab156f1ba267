# Sourced by the bench scripts. worker_process BENCH_PID: prints the pid of the `switchboard worker` child
# that `switchboard-dev bench pipeline --worker-process` (BENCH_PID) starts, waiting up to 60 s for it;
# fails when none appears.
worker_process() {
    local bench=$1 worker=""
    for _ in $(seq 1 600); do
        worker=$(pgrep -P "$bench" -f "switchboard worker" || true)
        [ -n "$worker" ] && { echo "$worker"; return 0; }
        sleep 0.1
    done
    return 1
}
