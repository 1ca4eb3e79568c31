#!/bin/bash
# demo seeds: ring vs normal accounts risk
# usage: bench/forensics/accounts_seeds.sh [OUT_DIR] (default /tmp/acseeds); needs build/bin/lineage-cli
OUT=${1:-/tmp/acseeds}; mkdir -p "$OUT"; BIN=$(cd "$(dirname "$0")/../.." && pwd)/build/bin/lineage-cli; cd "$OUT"
for s in 1 2 3 4 5 6 7 8 9 10; do
  rm -rf s$s; mkdir s$s
  "$BIN" demo s$s --seed $s >/dev/null 2>&1
  "$BIN" analyze s$s/demo.lineage accounts --json > s$s/acc.json 2>/dev/null
  python3 - s$s <<'PY'
import json,sys
d=json.load(open(sys.argv[1]+'/acc.json')); t=json.load(open(sys.argv[1]+'/ground_truth.json'))
ring={a['account'] for a in t['ring']['accounts']}
r=[a['risk'] for a in d['accounts'] if a['account'] in ring]; n=[a['risk'] for a in d['accounts'] if a['account'] not in ring]
fl=[a['account'] for a in d['accounts'] if a['flagged']]
c1=set(d['clusters'][0]['accounts']) if d['clusters'] else set()
print(sys.argv[1], 'ring',len(ring),'min ring %.2f'%min(r),'normals',len(n),'max normal %.2f'%max(n),'flagged',len(fl),'tp',len(set(fl)&ring),'cluster1==ring',c1==ring)
PY
done
