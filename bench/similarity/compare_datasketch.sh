#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# End-to-end near-duplicate search, Lineage against datasketch, in one run on one machine:
# Lineage, then the peer, then Lineage again (the machine may be shared; the ratio uses
# the mean of Lineage's two runs).
#
#   bench/similarity/compare_datasketch.sh BUILD_DIR CORPUS.jsonl [TEXTS] [THRESHOLD]
set -eu
build=$1
corpus=$2
texts=${3:-21000}
threshold=${4:-0.5}
here=$(dirname "$0")
peers=$(cd "$here/../../.." && pwd)/shared/peers
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
"$build/bin/bench_similarity" --corpus "$corpus" --e2e-only --e2e-texts "$texts" --threshold "$threshold" --json "$tmp/a.json"
PYTHONPATH=$peers /usr/bin/python3 "$here/peer_datasketch_lsh.py" "$corpus" --texts "$texts" --threshold "$threshold" --json "$tmp/peer.json"
"$build/bin/bench_similarity" --corpus "$corpus" --e2e-only --e2e-texts "$texts" --threshold "$threshold" --json "$tmp/b.json"
/usr/bin/python3 - "$tmp" <<'PY'
import json, sys
d = sys.argv[1]
a, b, p = (json.load(open(f"{d}/{n}.json")) for n in ("a", "b", "peer"))
lineage = (a["end_to_end"]["total_seconds"] + b["end_to_end"]["total_seconds"]) / 2
e = a["end_to_end"]
print(f"Lineage {lineage:.2f} s (runs {a['end_to_end']['total_seconds']:.2f}, {b['end_to_end']['total_seconds']:.2f}), "
      f"recall {e['recall']:.4f} ({e['pairs']} of {e['exact_pairs']} exact pairs); datasketch {p['total_seconds']:.2f} s "
      f"({p['pairs']} pairs); datasketch / Lineage = {p['total_seconds'] / lineage:.1f}x")
PY
