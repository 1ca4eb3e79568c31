# SPDX-License-Identifier: GPL-3.0-or-later
# Independent computation of the reuse measures (word 5-shingle Jaccard, containment,
# longest verbatim run, chance bound) for tst_forensics; input: a JSON list of pairs.
import json, math, re, sys
W = re.compile(r"\w+(?:['\u2019.]\w+)*")
def words(t): return [w.lower() for w in W.findall(t)]
def shingles(ws, k=5):
    return {tuple(ws[i:i+k]) for i in range(len(ws)-k+1)} if len(ws) >= k else ({tuple(ws)} if ws else set())
def longest_run(a, b):
    best, prev = 0, {}
    for i in range(len(a)):
        cur = {}
        for j in range(len(b)):
            if a[i] == b[j]:
                cur[j] = prev.get(j-1, 0) + 1
                best = max(best, cur[j])
        prev = cur
    return best
bad = 0
for p in json.load(open(sys.argv[1])):
    a, b = words(p["a"]), words(p["b"])
    A, B = shingles(a), shingles(b)
    j = len(A & B) / len(A | B)
    c = len(A & B) / len(A)
    v = longest_run(a, b)
    chance = min(0.0, math.log10(max(len(a), 1)) + v * math.log10(0.5))
    if abs(j - p["jaccard"]) > 1e-9 or abs(c - p["containment_suspect"]) > 1e-9 or len(a) != p["suspect_tokens"] \
            or (v >= 8 and v != p["verbatim"]) or (v >= 8 and abs(chance - p["chance_log10"]) > 1e-9):
        bad += 1
        print("differs:", j, p["jaccard"], c, p["containment_suspect"], v, p["verbatim"], len(a), p["suspect_tokens"])
print("checked", bad)
sys.exit(1 if bad else 0)
