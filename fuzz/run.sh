#!/usr/bin/env bash
# Builds the fuzz targets with libFuzzer's coverage instrumentation and runs each for a
# bounded time. Usage: fuzz/run.sh [SECONDS_PER_TARGET] [TARGET...]   (default: 60, all)
#
# A plain `cargo build` with the flags cargo-fuzz would pass, so a fresh machine needs only
# the stable toolchain and a C++ compiler (libfuzzer-sys builds libFuzzer). No sanitizer:
# the engine has no `unsafe` code, so AddressSanitizer (which needs nightly `-Z` flags) would
# find nothing a panic does not; the `fuzz` profile keeps overflow checks and debug
# assertions on, so those panic too.
set -euo pipefail
cd "$(dirname "$0")/.."

seconds=${1:-60}
shift || true
targets=("$@")
if [ ${#targets[@]} -eq 0 ]; then
    # Every target of fuzz/fuzz_targets (fuzz/tests/regressions.rs holds each to a check and
    # regression inputs).
    for source in fuzz/fuzz_targets/*.rs; do
        targets+=("$(basename "$source" .rs)")
    done
fi

host=$(rustc -vV | sed -n 's/^host: //p')
# Building for an explicit --target keeps these flags off build scripts and proc macros.
export RUSTFLAGS="--cfg fuzzing -Cpasses=sancov-module \
 -Cllvm-args=-sanitizer-coverage-level=4 \
 -Cllvm-args=-sanitizer-coverage-inline-8bit-counters \
 -Cllvm-args=-sanitizer-coverage-pc-table \
 -Cllvm-args=-sanitizer-coverage-trace-compares"
cargo build --profile fuzz -p innominatus-fuzz --bins --target "$host"

python3 fuzz/seed.py

status=0
for t in "${targets[@]}"; do
    echo "== fuzz $t (${seconds}s)"
    mkdir -p "fuzz/artifacts/$t" "fuzz/corpus/$t"
    # The last lines carry the final stats (execs, coverage) or the crash and its input.
    # -timeout: one input taking longer than 10 s counts as a hang; -rss_limit_mb: a blow-up.
    # A stack overflow kills the process without a saved input; the target writes each input
    # to INNOMINATUS_FUZZ_LAST first, so the culprit is still at hand then.
    if ! INNOMINATUS_FUZZ_LAST="fuzz/artifacts/$t/last-input" "target/$host/fuzz/$t" -max_total_time="$seconds" -max_len=65536 -timeout=10 \
        -rss_limit_mb=2048 -print_final_stats=1 \
        -artifact_prefix="fuzz/artifacts/$t/" "fuzz/corpus/$t" 2>&1 | tail -n 40; then
        echo "fuzz $t FAILED: the input is in fuzz/artifacts/$t/ (crash-*, or last-input)"
        status=1
    fi
done
exit "$status"
