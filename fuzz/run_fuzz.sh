#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# Runs every harness of BUILD_DIR/fuzz for SECONDS each (or until RUNS executions, when
# RUNS is given, with SECONDS as the cap), seeded from the test fixtures and
# from fuzz/regressions/<harness>/ (inputs that once failed; they are replayed first), and
# prints executions and findings per harness. New findings are copied to
# fuzz/regressions/<harness>/ so that they become regression inputs.
set -u
BUILD_DIR=${1:-build-fuzz}
SECONDS_EACH=${2:-60}
RUNS=${3:-}
ROOT=$(cd "$(dirname "$0")/.." && pwd)
DATA=$ROOT/tests/data
WORK=$BUILD_DIR/fuzz/work
mkdir -p "$WORK"
seeds() {
    case $1 in
        gateway-log) echo "$DATA/ingest/gateway $DATA/ingest/broken" ;;
        openai-batch-input|openai-batch-output) echo "$DATA/ingest/batch" ;;
        jsonl-profile) echo "$DATA/ingest/generic/events.jsonl" ;;
        csv-profile) echo "$DATA/ingest/generic/calls.csv" ;;
        alpaca-eval-json) echo "$DATA/ingest_docs/alpaca_broken $DATA/ingest_docs/alpaca_two_generators" ;;
        openai-messages-jsonl) echo "$DATA/ingest_docs/messages_jsonl $DATA/ingest_docs/messages_broken" ;;
        sharegpt-json) echo "$DATA/ingest_docs/sharegpt_json" ;;
        sharegpt-jsonl) echo "$DATA/ingest_docs/sharegpt_jsonl" ;;
        prompt-response-jsonl) echo "$DATA/ingest_docs/prompt_response" ;;
        speaker-text) echo "$DATA/ingest_docs/speaker_plain $DATA/ingest_docs/speaker_markdown $DATA/ingest_docs/speaker_none" ;;
        text-document) echo "$DATA/ingest_docs/text_document" ;;
        html-document) echo "$DATA/ingest_docs/html_document" ;;
        time-formats) echo "$ROOT/fuzz/seeds/time" ;;
        case-file) echo "$WORK/seed-case" ;;
        mapping-profile) echo "$DATA/ingest/generic/events_profile.json $DATA/ingest/generic/calls_profile.json" ;;
    esac
}
# A small case (the gateway fixture imported by the regular build's lineage-cli, LINEAGE_CLI)
# seeds the case-file harness.
CLI=${LINEAGE_CLI:-$ROOT/build/bin/lineage-cli}
if grep -qw case-file "$BUILD_DIR/fuzz/harnesses.txt" && [ ! -f "$WORK/seed-case/seed.lineage" ]; then
    mkdir -p "$WORK/seed-case"
    "$CLI" new "$WORK/seed-case/seed.lineage" --title seed >/dev/null &&
        "$CLI" import "$WORK/seed-case/seed.lineage" --kind query-log "$DATA/ingest/gateway/gateway.jsonl" >/dev/null ||
        echo "could not make the seed case"
fi
status=0
printf '%-24s %12s %10s %8s %8s\n' harness executions exec/s seconds findings
for h in $(cat "$BUILD_DIR/fuzz/harnesses.txt"); do
    bin=$BUILD_DIR/fuzz/fuzz_$(echo "$h" | tr - _)
    corpus=$WORK/corpus-$h
    found=$WORK/found-$h
    reg=$ROOT/fuzz/regressions/$h
    # Findings of earlier runs are in fuzz/regressions already: count only this run's.
    rm -rf "$found"
    mkdir -p "$corpus" "$found"
    for s in $(seeds "$h"); do
        if [ -d "$s" ]; then cp "$s"/* "$corpus"/ 2>/dev/null; else cp "$s" "$corpus"/; fi
    done
    if [ -d "$reg" ] && [ -n "$(ls "$reg")" ]; then
        "$bin" -runs=0 "$reg"/* >"$WORK/$h-regressions.log" 2>&1 || { echo "$h: a regression input fails again (see $WORK/$h-regressions.log)"; status=1; }
    fi
    t0=$(date +%s)
    maxlen=65536
    [ "$h" = case-file ] && maxlen=4194304  # a case is a megabyte or more
    "$bin" -max_total_time="$SECONDS_EACH" ${RUNS:+-runs=$RUNS} -max_len=$maxlen -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 \
        -artifact_prefix="$found/" "$corpus" >"$WORK/$h.log" 2>&1
    took=$(( $(date +%s) - t0 ))
    runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$WORK/$h.log" | tail -1)
    secs=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$WORK/$h.log" | tail -1)
    n=$(ls "$found" | wc -l)
    printf '%-24s %12s %10s %8s %8s\n' "$h" "${runs:-?}" "${secs:-?}" "$took" "$n"
    if [ "$n" -gt 0 ]; then
        status=1
        mkdir -p "$reg"
        cp "$found"/* "$reg"/
        echo "  findings copied to fuzz/regressions/$h/; log: $WORK/$h.log"
    fi
done
exit $status
