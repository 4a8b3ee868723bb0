"""Benchmark: the RegiX client against the simulator served over HTTP (issue: with each call answered
after 400 ms, the five checks of one application finish in at most 600 ms; the client sustains 50 lookups
a second on the 2-core machine).

The simulator runs as `grizha regix-simulator` in its own process, as RegiX would be another machine; the
client is the product's own (grizha.registers.client, configured by GRIZHA_REGIX_URL) in this process.
  1. Five checks of one person at once (person, both addresses, relations, disability decision), with the
     simulator waiting 400 ms before each answer; the baseline, in the same run, is one check alone.
  2. Lookups of one check each, by 16 threads at once for a few seconds, with the simulator answering at
     once: lookups a second; the baseline is the same client asking one lookup at a time.

  python bench/registers.py            the figures (about half a minute)
  python bench/registers.py --smoke    fewer rounds, for CI: checks that it runs, judges nothing
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time

from common import GRIZHA, free_port

FIVE = ["person", "permanent-address", "current-address", "relations", "disability-decision"]
DELAY = 0.4
TARGET_FIVE_MS = 600.0
TARGET_RATE = 50.0
THREADS = 16


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[max(0, int(len(ordered) * share + 0.5) - 1)]


def simulator(port: int, delay: float) -> subprocess.Popen[bytes]:
    process = subprocess.Popen(
        [*GRIZHA, "regix-simulator", "--port", str(port), "--delay", str(delay)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    assert process.stdout is not None
    process.stdout.readline()  # it says where it listens once it does
    return process


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--smoke", action="store_true")
    args = parser.parse_args()
    rounds, seconds = (5, 1.0) if args.smoke else (40, 5.0)

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "grizha.config.settings")
    work = tempfile.mkdtemp(prefix="grizha-bench-registers-")
    os.environ["GRIZHA_DATA_DIR"] = work
    slow_port, fast_port = free_port(), free_port()
    processes = [simulator(slow_port, DELAY), simulator(fast_port, 0.0)]
    try:
        import django

        django.setup()
        from grizha.registers.client import RegixClient
        from grizha.registers.soap import ERROR, CallContext

        context = CallContext(law_reason="bench", administration_name="bench", responsible_person_identifier="bench")
        person = "8506251243"
        slow = RegixClient(url=f"http://127.0.0.1:{slow_port}/RegiXEntryPoint.svc")
        fast = RegixClient(url=f"http://127.0.0.1:{fast_port}/RegiXEntryPoint.svc")

        def timed_lookup(checks: list[str]) -> float:
            started = time.perf_counter()
            answers = slow.lookup(person, checks, context)
            if any(timed.answer.status == ERROR for timed in answers.values()):
                raise RuntimeError(answers)
            return (time.perf_counter() - started) * 1000

        timed_lookup(FIVE)  # connections opened
        one, five = [], []
        for _ in range(rounds):
            one.append(timed_lookup(["person"]))
            five.append(timed_lookup(FIVE))

        failures: list[str] = []

        def rate(threads: int) -> float:
            done, stop = [0] * threads, time.monotonic() + seconds

            def work(index: int) -> None:
                while time.monotonic() < stop:
                    answer = fast.call("person", person, context).answer
                    if answer.status == ERROR:
                        failures.append(answer.error)  # counted, and the run fails: a rate of errors is no rate
                    else:
                        done[index] += 1

            workers = [threading.Thread(target=work, args=(i,)) for i in range(threads)]
            started = time.monotonic()
            for worker in workers:
                worker.start()
            for worker in workers:
                worker.join()
            return sum(done) / (time.monotonic() - started)

        serial, parallel = rate(1), rate(THREADS)
    finally:
        for process in processes:
            process.terminate()
            process.wait()
        shutil.rmtree(work, ignore_errors=True)

    p95_five, p95_one = percentile(five, 0.95), percentile(one, 0.95)
    print(f"simulator answering after {DELAY * 1000:.0f} ms; {rounds} rounds; load average {os.getloadavg()[0]:.1f}")
    print(f"  one check alone: p95 {p95_one:.0f} ms, median {percentile(one, 0.5):.0f} ms")
    print(
        f"  five checks of one person at once: p95 {p95_five:.0f} ms, median {percentile(five, 0.5):.0f} ms "
        f"[target <= {TARGET_FIVE_MS:.0f} ms]; {p95_five / p95_one:.2f}x one check, "
        f"{5 * p95_one / p95_five:.1f}x faster than one after another"
    )
    print(
        f"  lookups a second, {THREADS} threads: {parallel:.0f} [target >= {TARGET_RATE:.0f}]; "
        f"one at a time: {serial:.0f} ({parallel / serial:.1f}x)"
    )
    if failures:
        print(f"  {len(failures)} lookups failed, the first: {failures[0]}")
    met = p95_five <= TARGET_FIVE_MS and parallel >= TARGET_RATE and not failures
    if args.smoke:
        print("smoke run: figures not judged")
        return 1 if failures else 0
    print("target met" if met else "TARGET MISSED")
    return 0 if met else 1


if __name__ == "__main__":
    sys.exit(main())
