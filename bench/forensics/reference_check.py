# SPDX-License-Identifier: GPL-3.0-or-later
"""Computes the kinship and attribution reference values for a JSON input; used by
tests/forensics to check the C++ numbers against an independent numpy/scipy computation.

  /usr/bin/python3 bench/forensics/reference_check.py INPUT.json OUTPUT.json

INPUT: {"transcripts": {label: [[prompt, answer], ...]}, "provider": L, "panel": [...],
        "kinship": {params}, "candidates": [...], "suspects": [...], "attribution": {params},
        "stats": {"samples": [[...], ...], "quantiles": [...], "normal": [...], "null": [n, draws, seed, [z...]]}}"""
import json
import sys

import numpy as np
from scipy.stats import norm

import attribution_reference as ar
import kinship_reference as kr


def clean(v):
    if isinstance(v, np.ndarray):
        return v.tolist()
    if isinstance(v, (np.floating,)):
        return float(v)
    if isinstance(v, (np.integer,)):
        return int(v)
    if isinstance(v, dict):
        return {k: clean(x) for k, x in v.items()}
    if isinstance(v, list):
        return [clean(x) for x in v]
    return v


def main():
    inp = json.load(open(sys.argv[1]))
    out = {}
    tr = {l: [tuple(t) for t in turns] for l, turns in inp.get('transcripts', {}).items()}
    if 'provider' in inp:
        res = kr.Kinship(tr, inp['provider'], inp['panel'], **inp.get('kinship', {})).run()
        out['kinship'] = res
    if 'candidates' in inp:
        out['attribution'] = ar.attribute([(c, tr[c]) for c in inp['candidates']], [(s, tr[s]) for s in inp['suspects']],
                                          **inp.get('attribution', {}))
    st = inp.get('stats')
    if st:
        s = {'median': [], 'scale': [], 'z': [], 'p': [], 'quantiles': [], 'normal_isf': [], 'null_tail': []}
        for sample in st['samples']:
            x, refs = sample[0], sample[1:]
            med, sc = kr.robust_scale(refs)
            s['median'].append(float(np.median(refs)))
            s['scale'].append(sc)
            s['z'].append(kr.robust_z(x, refs))
            s['p'].append(kr.empirical_p(x, refs))
            s['quantiles'].append([float(np.quantile(refs, q)) for q in st['quantiles']])
        s['normal_isf'] = [float(norm.isf(p)) for p in st['normal']]
        n, draws, seed, zs = st['null']
        null = kr.NullCalibration(n, draws, seed)
        s['null_tail'] = [null.tail(z) for z in zs]
        s['null_score'] = [null.score(z) for z in zs]
        s['bootstrap'] = [kr.bootstrap_indices(seed, r, 17).tolist() for r in range(3)]
        out['stats'] = s
    json.dump(clean(out), open(sys.argv[2], 'w'))


if __name__ == '__main__':
    main()
