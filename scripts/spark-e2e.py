#!/usr/bin/env python3
"""Runs the README's Spark recipe end to end in local mode and checks the output is whole.

Generates LINES regimens (default 200,000: an id, a tab, five names, every 97th line with a
name no knowledge base knows) in PARTITIONS partitions (default 4), pipes each partition to
`kratom-check batch --tab-ids --trailer` with checkCode=True, then checks that the job
succeeded (an unknown name is data, not a failure), that every partition wrote its trailer,
that the trailers' lines add up to the input's, and that there is one record per line, every
id once. Prints the counts and the wall time.

Uses $KRATOM_CHECK, else target/release/kratom-check, else target/debug/kratom-check. Needs
pyspark (pip install pyspark) and a Java runtime; where either is missing it says so and exits
0. No test depends on it.
"""
import json
import os
import random
import shutil
import subprocess
import sys
import time


def skip(why):
    print(f"spark-e2e: skipped: {why}", file=sys.stderr)
    sys.exit(0)


def binary():
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    candidates = [os.environ.get("KRATOM_CHECK", "")] + [
        os.path.join(root, "target", profile, "kratom-check") for profile in ("release", "debug")
    ]
    for candidate in candidates:
        if candidate and os.access(candidate, os.X_OK):
            return os.path.abspath(candidate)
    sys.exit("spark-e2e: build kratom-check first (cargo build --release)")


def summarise(output_lines):
    """One partition's trailers, record ids and incomplete records."""
    summary = {"trailers": [], "ids": [], "incomplete": 0}
    for line in output_lines:
        record = json.loads(line)
        if "trailer" in record:
            summary["trailers"].append(record["trailer"])
            continue
        summary["ids"].append(record["id"])
        if not record.get("report", {}).get("complete", False):
            summary["incomplete"] += 1
    yield summary


def main():
    try:
        from pyspark.sql import SparkSession
    except ImportError:
        skip("pyspark is not installed (pip install pyspark)")
    if shutil.which("java") is None:
        skip("no Java runtime (Spark needs one)")
    lines = int(os.environ.get("LINES", "200000"))
    partitions = int(os.environ.get("PARTITIONS", "4"))
    kratom_check = binary()
    listed = json.loads(subprocess.run([kratom_check, "list", "--json"], capture_output=True,
                                       check=True).stdout)
    ids = [entry["id"] for entry in listed["entries"] if entry["kind"] == "substance"]
    rng = random.Random(1)
    regimens = []
    for i in range(1, lines + 1):
        names = [rng.choice(ids) for _ in range(5)]
        if i % 97 == 0:
            names.append("notarealdrug")
        regimens.append(f"r{i}\t{', '.join(names)}")

    spark = SparkSession.builder.master(f"local[{partitions}]").appName("kratom-check").getOrCreate()
    spark.sparkContext.setLogLevel("ERROR")
    start = time.monotonic()
    rdd = spark.sparkContext.parallelize(regimens, partitions)
    # The recipe (README, "Batch"); each partition's output is summed up where it is read, so
    # the driver holds ids and counts, not every record.
    out = rdd.pipe(f"{kratom_check} batch --tab-ids --trailer", checkCode=True)
    parts = out.mapPartitions(summarise).collect()
    seconds = time.monotonic() - start
    spark.stop()

    trailers = [t for part in parts for t in part["trailers"]]
    ids = [i for part in parts for i in part["ids"]]
    incomplete = sum(part["incomplete"] for part in parts)
    failures = []
    if len(trailers) != partitions:
        failures.append(f"{len(trailers)} trailers for {partitions} partitions")
    if sum(t["lines_read"] for t in trailers) != lines:
        failures.append("the trailers' lines_read do not add up to the input's lines")
    if any(t["exit_status"] != 0 for t in trailers):
        failures.append("a partition's trailer gives a non-zero exit status")
    if len(ids) != lines or len(set(ids)) != lines:
        failures.append(f"{len(ids)} records for {lines} lines")
    if failures:
        sys.exit("spark-e2e: FAILED: " + "; ".join(failures))
    print(f"spark-e2e: {lines} lines in {partitions} partitions: {len(ids)} records, each id "
          f"once, {incomplete} incomplete (the unknown name), {len(trailers)} trailers, job "
          f"succeeded with checkCode=True, {seconds:.1f} s")


if __name__ == "__main__":
    main()
