#!/usr/bin/env python3
"""Start-up CPU time against a hello-world Rust binary, in paired runs.

Each round runs hello world and then each case, so a machine that gets busier or quieter
during the measurement changes both alike. Reports, per case, the median CPU time (user +
system, from the kernel's accounting of the child) with its min and max, and the ratio of
the medians to hello world's.

Usage: scripts/startup-paired.py HELLO KRATOM_CHECK [ROUNDS]
(scripts/startup-instructions.sh builds both and calls this after the instruction counts.)
"""
import os
import statistics
import sys

TWENTY = (
    "lisinopril atorvastatin metformin amlodipine metoprolol omeprazole sertraline gabapentin "
    "oxycodone alprazolam levothyroxine trazodone warfarin ibuprofen spironolactone furosemide "
    "prednisone ciprofloxacin clopidogrel aspirin"
).split()


def cpu_seconds(argv):
    devnull = [(os.POSIX_SPAWN_OPEN, 1, os.devnull, os.O_WRONLY, 0)]
    pid = os.posix_spawn(argv[0], argv, os.environ, file_actions=devnull)
    _, _, usage = os.wait4(pid, 0)
    return usage.ru_utime + usage.ru_stime


def main():
    hello, binary = sys.argv[1], sys.argv[2]
    rounds = int(sys.argv[3]) if len(sys.argv) > 3 else 300
    cases = {
        "--json sertraline alcohol": [binary, "--json", "sertraline", "alcohol"],
        "--json (twenty medicines)": [binary, "--json", *TWENTY],
        "--version": [binary, "--version"],
    }
    print(f"{'what':<28} {'median ms':>10} {'min':>7} {'max':>7} {'x hello':>8}   ({rounds} paired runs)")
    for what, argv in cases.items():
        for _ in range(20):  # warm the page cache
            cpu_seconds([hello])
            cpu_seconds(argv)
        hellos, checks = [], []
        for _ in range(rounds):
            hellos.append(cpu_seconds([hello]))
            checks.append(cpu_seconds(argv))
        base, median = statistics.median(hellos), statistics.median(checks)
        print(
            f"{what:<28} {median * 1e3:>10.3f} {min(checks) * 1e3:>7.3f} {max(checks) * 1e3:>7.3f}"
            f" {median / base:>8.2f}   (hello world {base * 1e3:.3f} ms)"
        )


if __name__ == "__main__":
    main()
