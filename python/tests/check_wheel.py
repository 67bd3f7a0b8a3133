#!/usr/bin/env python3
"""Builds the Python package into a fresh virtual environment and checks that check() and
batch() give what the command line gives: the same report as `--json` and the same records as
`batch`, parsed.

Usage: python3 python/tests/check_wheel.py KRATOM_CHECK_BINARY
Run by .ci/run after the binary is installed. Needs python3 with venv and pip, and PyPI (pip
installs maturin into the environment, which builds the wheel).
"""

import itertools
import json
import os
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def build_and_run(cli):
    with tempfile.TemporaryDirectory() as work:
        venv = os.path.join(work, "venv")
        subprocess.run([sys.executable, "-m", "venv", venv], check=True)
        python = os.path.join(venv, "bin", "python")
        pip = [python, "-m", "pip", "--disable-pip-version-check", "--quiet"]
        started = time.monotonic()
        # As the README says to install it: pip builds the wheel with maturin from PyPI.
        subprocess.run(pip + ["install", os.path.join(ROOT, "python")], check=True)
        print(f"check_wheel: wheel built and installed in {time.monotonic() - started:.0f} s")
        subprocess.run([python, os.path.abspath(__file__), "--inside", cli], check=True, cwd=work)


def cli_json(cli, args):
    done = subprocess.run([cli, "--json", *args], capture_output=True, check=False)
    assert done.returncode in (0, 1, 3), done.stderr
    return json.loads(done.stdout)


def cli_batch(cli, lines, args=()):
    text = "".join(line + "\n" for line in lines)
    done = subprocess.run(
        [cli, "batch", *args], input=text.encode(), capture_output=True, check=False
    )
    assert done.returncode == 0, done.stderr
    return [json.loads(record) for record in done.stdout.decode().splitlines()]


def checks(cli):
    import kratom_check

    # check(): the report --json prints, for names alone, with a context, and incomplete.
    cases = [
        (["sertraline", "alcohol"], {}, []),
        (["alprazolam"], {"dose": 4, "form": "powder", "frequency": "occasional"},
         ["--dose", "4", "--form", "powder", "--frequency", "occasional"]),
        (["diphenhydramine", "oxybutynin", "notarealdrug"], {}, []),
        (["opioids", "losartan potassium"], {"form": "7-oh"}, ["--form", "7-oh"]),
    ]
    for names, options, args in cases:
        got = kratom_check.check(names, **options)
        want = cli_json(cli, [*args, "--", *names])
        assert got == want, (names, options)
    assert kratom_check.check(["notarealdrug"])["complete"] is False
    for bad in [dict(form="liquid"), dict(dose="a lot")]:
        try:
            kratom_check.check(["alcohol"], **bad)
        except ValueError as e:
            assert "invalid value" in str(e), e
        else:
            raise AssertionError(f"{bad} was accepted")
    try:
        kratom_check.check("alcohol")
    except TypeError:
        pass
    else:
        raise AssertionError("a string was taken for a list of names")

    # batch(): the records batch writes, for lines, dicts and lists, blank lines counted.
    regimens = [
        "alcohol, alprazolam",
        {"id": "row-7", "substances": ["tramadol"], "form": "7-oh", "dose": 2, "age": 71},
        ["sertraline", "notarealdrug"],
        "   ",
        '{"substances": ["diphenhydramine", "oxybutynin"]}',
        "this is not, a regimen at all, {",
    ]
    lines = []
    for regimen in regimens:
        if isinstance(regimen, dict):
            lines.append(json.dumps(regimen, ensure_ascii=False))
        elif isinstance(regimen, list):
            lines.append(json.dumps({"substances": regimen}, ensure_ascii=False))
        else:
            lines.append(regimen)
    for options, args in [({}, []), ({"full": True}, ["--full"]),
                          ({"dose": "low", "frequency": "daily"},
                           ["--dose", "low", "--frequency", "daily"])]:
        got = list(kratom_check.batch(regimens, **options))
        want = cli_batch(cli, lines, args)
        assert len(got) == len(regimens) - 1, len(got)
        assert got == want, options

    # batch() streams: the first records come before an endless iterable ends.
    endless = (["alcohol", "alprazolam"][i % 2] for i in itertools.count())
    first = list(itertools.islice(kratom_check.batch(endless), 3))
    assert [r["line"] for r in first] == [1, 2, 3], first

    # Many regimens: every record, in order.
    many = [f"sertraline, {name}" for name in ["alcohol", "tramadol", "aspirin"]] * 4000
    started = time.monotonic()
    records = list(kratom_check.batch(many))
    seconds = time.monotonic() - started
    assert [r["line"] for r in records] == list(range(1, len(many) + 1))
    assert records == cli_batch(cli, many)
    print(f"check_wheel: {len(many)} regimens through batch() in {seconds:.2f} s")
    print("check_wheel: check() and batch() match the command line")


if __name__ == "__main__":
    if len(sys.argv) == 3 and sys.argv[1] == "--inside":
        checks(os.path.abspath(sys.argv[2]))
    elif len(sys.argv) == 2:
        build_and_run(os.path.abspath(sys.argv[1]))
    else:
        sys.exit(__doc__)
