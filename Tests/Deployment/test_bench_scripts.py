"""The benchmark helpers that are not Swift: scripts/bench/stages.py (a perf profile split by stage of a call) and
scripts/bench/script-worker.py (the Python consumer `switchboard-dev bench pipeline --worker-command` runs in the
worker's place for scripts/bench/versus-script)."""
import os
import pathlib
import re
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
    assert re.search(r"outcomes: redirected 200 \(of 200\)", result.stdout), result.stdout
    assert len(re.findall(r"worker process alone: CPU \d+ µs per call", result.stdout)) == 2, result.stdout
    assert result.stdout.count("deadline misses: 0") == 2, result.stdout
    # Started from a Swift task, the child used to inherit a Dispatch thread's mask with SIGTERM blocked, so the
    # bench's stop reached it only as the SIGKILL 30 s later.
    masks = [int(line.split()[1], 16) for line in mask.read_text().splitlines()]
    assert len(masks) == 2, masks
    for blocked in masks:
        assert blocked & (1 << (15 - 1)) == 0, f"SIGTERM is blocked in a worker: SigBlk {blocked:016x}"
