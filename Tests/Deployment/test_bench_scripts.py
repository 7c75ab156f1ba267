"""The benchmark helpers that are not Swift: scripts/bench/stages.py (a perf profile split by stage of a call),
scripts/bench/callgrind-diff.py and instructions.sh (instructions per call from two callgrind profiles), and
scripts/bench/script-worker.py (the Python consumer `switchboard-dev bench pipeline --worker-command` runs in the
worker's place for scripts/bench/versus-script)."""
import math
import os
import pathlib
import re
import shutil
import subprocess
import sys

import pytest

from conftest import ROOT, switchboard_binary, switchboard_dev_binary

BENCH = ROOT / "scripts" / "bench"


def _sample(thread: str, *frames: str) -> str:
    return thread + "  12345 cpu-clock:\n" + "".join(f"\t    {index:x} {frame}\n" for index, frame in enumerate(frames)) + "\n"


def test_stages_gives_each_sample_to_the_first_frame_that_names_a_stage():
    profile = "".join([
        # Leaf first: malloc names no stage, the JSON scanner under the parser does.
        _sample("oot.default-qos", "_int_malloc", "$s9CallModel11JSONScannerV11parseStringSSyKF",
                "$s9CallModel18NotificationParserO5parseyKF", "swift_job_run"),
        # The outcome's JSON writer is reached through the outcome, not the redirect body.
        _sample("oot.default-qos", "$s9CallModel10JSONWriterV6stringyySSF", "$s9CallModel11CallOutcomeV9jsonBytesF"),
        _sample("NIO-SGLTN-1-#0", "$s10NIOHTTP111HTTPDecoderC4readF", "epoll_wait"),
        _sample("NIO-SGLTN-1-#1", "__poll"),
        _sample("rdk:broker1", "rd_kafka_msgset_writer_write_msg_v2"),
        _sample("oot.default-qos", "swift_retain", "[unknown]"),
    ])
    result = subprocess.run([sys.executable, str(BENCH / "stages.py")], input=profile, capture_output=True, text=True,
                            check=True)
    shares = {line.split("%", 1)[1].strip(): float(line.split("%", 1)[0]) for line in result.stdout.splitlines()
              if "%" in line}
    assert shares == {
        "parse, route, body": pytest.approx(16.7),
        "outcome out (JSON, headers, produce, delivery reports)": pytest.approx(16.7),
        "Graph client (request, HTTP, TLS)": pytest.approx(16.7),
        "NIO event loops (unattributed)": pytest.approx(16.7),
        "librdkafka threads (both clients, unattributed)": pytest.approx(16.7),
        "Swift runtime and kernel on the task pool (unattributed)": pytest.approx(16.7),
    }
    assert "(6 samples)" in result.stdout


def _callgrind_profile(main_self: int, work_self: int, writer_self: int) -> str:
    """A callgrind output file as Valgrind 3.19 writes one: names compressed after their first use, the cost of a
    call on the line after its `calls=` line, positions relative (+N) or repeated (*)."""
    total = main_self + work_self + writer_self
    return (
        "# callgrind format\nversion: 1\ncreator: callgrind-3.19.0\npid: 1\ncmd: worker\npart: 1\n\n"
        f"positions: line\nevents: Ir\nsummary: {total}\n\n"
        "ob=(1) /usr/lib/libc.so.6\nfl=(1) ???\nfn=(1) main\n"
        f"10 {main_self - 1}\n+1 1\n"
        "cfn=(2) work\ncalls=3 +5\n"
        f"* {work_self + writer_self}\n"
        "ob=(2) /opt/switchboard\nfn=(2)\n"
        f"20 {work_self}\n"
        "cfn=(3) $s9CallModel10JSONWriterV3keyyySSF\ncalls=7 0\n"
        f"* {writer_self}\n"
        "fn=(3)\n"
        f"30 {writer_self // 2}\n* {writer_self - writer_self // 2}\n\n"
        f"totals: {total}\n")


def test_callgrind_diff_divides_the_difference_of_two_sizes_by_the_calls_between_them(tmp_path):
    smaller, larger = tmp_path / "smaller.out", tmp_path / "larger.out"
    smaller.write_text(_callgrind_profile(main_self=5_000, work_self=20_000, writer_self=10_000))
    # 100 more calls: 3,000 more instructions each, 1,000 of them in work and 2,000 in the JSON writer.
    larger.write_text(_callgrind_profile(main_self=5_000, work_self=120_000, writer_self=210_000))
    result = subprocess.run([sys.executable, str(BENCH / "callgrind-diff.py"), str(smaller), str(larger), "100"],
                            capture_output=True, text=True, check=True)
    lines = result.stdout.splitlines()
    assert lines[0] == "instructions per call: 3,000 (35,000 and 335,000 in all, 100 calls apart)"
    # By executable or library: libc's main costs the same at both sizes.
    assert lines[1] == "by executable or library:" and lines[2].split() == ["3,000", "100.0", "%", "switchboard"]
    assert lines[3].startswith("functions by their own instructions per call"), result.stdout
    rows = [line.split() for line in lines[4:]]
    # A function's own instructions, not its callees' (work's call to the writer is the writer's); main, the same
    # at both sizes, is not listed. The writer's name is demangled when `swift` is on PATH.
    assert [row[0] for row in rows] == ["2,000", "1,000"], result.stdout
    assert rows[0][1] == "66.7" and rows[0][-1] == "[switchboard]", result.stdout
    assert "JSONWriter" in lines[4] and rows[1][3:] == ["work", "[switchboard]"], result.stdout


def test_callgrind_diff_refuses_a_count_of_calls_that_is_not_positive(tmp_path):
    profile = tmp_path / "profile.out"
    profile.write_text(_callgrind_profile(main_self=5, work_self=5, writer_self=5))
    result = subprocess.run([sys.executable, str(BENCH / "callgrind-diff.py"), str(profile), str(profile), "0"],
                            capture_output=True, text=True)
    assert result.returncode != 0 and "CALLS must be positive" in result.stderr


def test_instructions_counts_the_domain_path_under_valgrind():
    """Valgrind 3.19 stops on a Swift 6 build twice (DWARF 5 it cannot read; an async main parked in sigsuspend); the
    script's stripped copies and preloaded shim get it through, so each iteration count ends with a summary."""
    dev_binary = switchboard_dev_binary()
    if dev_binary is None:
        pytest.skip("the switchboard-dev binary is not built (swift build), and SWITCHBOARD_DEV_BIN is not set")
    missing = [tool for tool in ("valgrind", "objcopy", "cc") if shutil.which(tool) is None]
    if missing:
        pytest.skip(f"{', '.join(missing)} not installed (Debian: apt-get install -y valgrind binutils gcc)")
    result = subprocess.run([str(BENCH / "instructions.sh"), "route"], capture_output=True, text=True, timeout=600,
                            env={**os.environ, "SWITCHBOARD_DEV_BINARY": str(dev_binary), "ROUTE_ITERATIONS": "50"})
    assert result.returncode == 0, result.stdout + result.stderr
    per_call = re.search(r"^instructions per call: ([\d,]+) \(", result.stdout, re.MULTILINE)
    assert per_call and int(per_call.group(1).replace(",", "")) > 10_000, result.stdout
    assert re.search(r"%\s+switchboard-dev$", result.stdout, re.MULTILINE), result.stdout
    assert "functions by their own instructions per call" in result.stdout


def test_script_worker_redirects_every_call_in_the_bench(tmp_path):
    binary, dev_binary = switchboard_binary(), switchboard_dev_binary()
    if binary is None or dev_binary is None:
        pytest.skip("the switchboard and switchboard-dev binaries are not built (swift build), and SWITCHBOARD_BIN is not set")
    # The script's #! runs the first python3 on PATH: this one, which has aiohttp and confluent-kafka.
    environment = {**os.environ, "PATH": f"{pathlib.Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}"}
    # A wrapper notes the signals each worker starts with blocked, then becomes the script. Both orderings run, so
    # the bench starts a worker twice: once from its first task, once from a later one.
    mask = tmp_path / "signal-mask"
    wrapper = tmp_path / "worker"
    # Python, not a shell: dash clears the mask it starts with, and bash blocks signals of its own while it waits
    # for a command.
    script = str(BENCH / "script-worker.py")
    wrapper.write_text(
        f"#!{sys.executable}\n"
        "import os\n"
        "blocked = next(line for line in open('/proc/self/status') if line.startswith('SigBlk:'))\n"
        f"open({str(mask)!r}, 'a').write(blocked)\n"
        f"os.execv({script!r}, [{script!r}])\n")
    wrapper.chmod(0o755)
    result = subprocess.run(
        [str(dev_binary), "bench", "pipeline", "--worker-process", "--worker-command", str(wrapper),
         "--calls", "40", "--rate", "40", "--warmup-calls", "10", "--partitions", "2"],
        capture_output=True, text=True, env=environment, timeout=300)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "own process: " + str(wrapper) in result.stdout
    # Key ordering feeds the 40 calls at the rate; partition ordering feeds a batch of 200 at once.
    assert re.search(r"outcomes: redirected 40 \(of 40\)", result.stdout), result.stdout
    # The feed keeps a rate below 100/s: it used to send at least one call per 10 ms tick, 100/s.
    fed = re.search(r"fed in ([\d.]+) s \((\d+) calls/s\)", result.stdout)
    assert fed and float(fed.group(1)) >= 0.9 and int(fed.group(2)) <= 41, result.stdout
    assert re.search(r"outcomes: redirected 200 \(of 200\)", result.stdout), result.stdout
    assert len(re.findall(r"worker process alone: CPU \d+ µs per call", result.stdout)) == 2, result.stdout
    assert result.stdout.count("deadline misses: 0") == 2, result.stdout
    # Little's law on the default Graph latency (median 200 ms, σ 0.6: mean 200 × e^0.18 ms): the bench's 2,048 open
    # calls with key ordering, one per partition with partition ordering.
    mean = 200 * math.exp(0.6 ** 2 / 2)
    bounds = re.findall(r"bound: (\d+) open calls ÷ mean Graph latency (\d+) ms = (\d+) calls/s", result.stdout)
    assert bounds == [("2048", str(round(mean)), str(round(2048 / mean * 1000))),
                      ("2", str(round(mean)), str(round(2 / mean * 1000)))], result.stdout
    machine = re.findall(r"machine (?:while feeding|until the last outcome): (\d+) cores, ([\d.]+) busy, ([\d.-]+) idle",
                         result.stdout)
    assert len(machine) == 2, result.stdout
    for cores, busy, idle in machine:
        assert int(cores) == os.cpu_count() and 0 < float(busy) <= int(cores) + 0.01, result.stdout
    # Started from a Swift task, the child used to inherit a Dispatch thread's mask with SIGTERM blocked, so the
    # bench's stop reached it only as the SIGKILL 30 s later.
    masks = [int(line.split()[1], 16) for line in mask.read_text().splitlines()]
    assert len(masks) == 2, masks
    for blocked in masks:
        assert blocked & (1 << (15 - 1)) == 0, f"SIGTERM is blocked in a worker: SigBlk {blocked:016x}"
