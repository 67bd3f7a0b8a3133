#!/bin/sh
# Builds kratom-check as one static executable (musl libc), checks that it is static and that
# it answers a check, and prints its path. It runs on any x86-64 Linux, whatever its glibc
# (Amazon Linux 2 / EMR, RHEL 8, Ubuntu 20.04, Debian 11 executors), and in a FROM scratch
# image (see Dockerfile).
#
# Needs rustup (to add the musl target, once) and a C compiler for musl (`musl-gcc`, Debian's
# musl-tools), since mimalloc is C. Where either is missing, or the target cannot be added
# (offline), it says so and exits 0 without building; set STATIC_BUILD_REQUIRED=1 to exit 1
# instead (a release pipeline).
set -eu

target=x86_64-unknown-linux-musl
cd "$(dirname "$0")/.."

skip() {
    echo "static-build: skipped: $1" >&2
    if [ "${STATIC_BUILD_REQUIRED:-0}" = 1 ]; then exit 1; fi
    exit 0
}

command -v cargo >/dev/null || skip "cargo not found"
if ! rustup target list --installed 2>/dev/null | grep -qx "$target"; then
    command -v rustup >/dev/null || skip "rustup not found: add the $target target another way"
    rustup target add "$target" || skip "could not add the $target target (offline?)"
fi
command -v musl-gcc >/dev/null \
    || skip "musl-gcc not found (Debian and Ubuntu: apt-get install musl-tools)"

cargo build --release --locked --target "$target" --bin kratom-check
bin="target/$target/release/kratom-check"

# Static: `file` names no interpreter, and ldd finds nothing to load.
description=$(file -b "$bin")
case "$description" in
    *"statically linked"* | *"static-pie linked"*) ;;
    *) echo "static-build: $bin is not static: $description" >&2; exit 1 ;;
esac
if ldd "$bin" 2>&1 | grep -q '=>'; then
    echo "static-build: ldd finds shared libraries in $bin:" >&2
    ldd "$bin" >&2
    exit 1
fi

# It answers: sertraline with alcohol is major (and the JSON says so).
"$bin" --json sertraline alcohol | grep -q '"tier": "major"' \
    || { echo "static-build: $bin did not answer a check" >&2; exit 1; }
printf 'sertraline, alcohol\n' | "$bin" batch --trailer >/dev/null 2>&1 \
    || { echo "static-build: $bin batch failed" >&2; exit 1; }

echo "static-build: $bin ($description; $(wc -c < "$bin") bytes)"
