#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Independent computation of the per-account features of `lineage-cli analyze CASE accounts`.

Reads the query records of a case file with Python's sqlite3 (no Lineage code) and computes,
per account: requests, span_days, active_days, night_share and weekend_share (in the zone
Lineage inferred, given by --lineage: the zone inference itself is not recomputed here),
burstiness, cot_share, logprobs_share, top_logprobs_share, n_gt1_share, max_n,
mean_completions, truncated_share, system_prompt_share, system_prompt_reuse,
distinct_prompt_share, output_input_ratio, temperature_mean. With --lineage it compares the
figures with the JSON of `lineage-cli analyze CASE accounts --json` and exits 1 on any
difference above 1e-9.

    accounts_reference.py CASE.lineage [--lineage accounts.json] [--signals account_signals.json]
"""
import argparse
import collections
import json
import math
import os
import re
import sqlite3
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
DEFAULT_SIGNALS = os.path.join(HERE, '..', '..', 'resources', 'forensics', 'account_signals.json')


def fold(text):
    # ASCII letters lower case, runs of white space as one space (as the C++ matcher).
    out = []
    space = False
    for ch in text:
        if ch in ' \t\n\r\f\v':
            if not space:
                out.append(' ')
            space = True
            continue
        space = False
        out.append(ch.lower() if 'A' <= ch <= 'Z' else ch)
    return ''.join(out)


def features(db, phrases, zones):
    rows = db.execute(
        'SELECT q.account_id, a.name, q.time_utc, q.n, q.logprobs, q.top_logprobs, q.system_prompt, q.prompt, '
        'q.finish_reason, q.prompt_tokens, q.completion_tokens, q.temperature '
        'FROM query_records q JOIN accounts a ON a.id = q.account_id ORDER BY q.id')
    acc = collections.defaultdict(lambda: collections.defaultdict(float))
    times = collections.defaultdict(list)
    prompts = collections.defaultdict(set)
    systems = collections.defaultdict(collections.Counter)
    for (aid, name, t, n, lp, tlp, system, prompt, finish, ptok, ctok, temp) in rows:
        a = acc[name]
        a['requests'] += 1
        if t is not None:
            times[name].append(t)
        prompts[name].add(prompt or '')
        text = fold(prompt or '')
        stext = fold(system or '')
        if any(p in text or p in stext for p in phrases):
            a['cot'] += 1
        if (lp or 0) > 0 or (tlp or 0) > 0:
            a['logprobs'] += 1
        if (tlp or 0) > 0:
            a['top_logprobs'] += 1
        k = max(1, n if n is not None else 1)
        a['completions'] += k
        a['max_n'] = max(a['max_n'], k)
        if k > 1:
            a['n_gt1'] += 1
        if finish in ('length', 'max_tokens'):
            a['truncated'] += 1
        if system:
            a['system'] += 1
            systems[name][system] += 1
        if ptok is not None and ptok > 0 and ctok is not None and ctok >= 0:
            a['ptok'] += ptok
            a['ctok'] += ctok
        if temp is not None:
            a['temps'] += 1
            a['temp_sum'] += temp
    out = {}
    for name, a in acc.items():
        n = a['requests']
        f = {
            'requests': n,
            'cot_share': a['cot'] / n,
            'logprobs_share': a['logprobs'] / n,
            'top_logprobs_share': a['top_logprobs'] / n,
            'n_gt1_share': a['n_gt1'] / n,
            'mean_completions': a['completions'] / n,
            'max_n': a['max_n'],
            'truncated_share': a['truncated'] / n,
            'system_prompt_share': a['system'] / n,
            'system_prompt_reuse': (max(systems[name].values()) / n) if systems[name] else 0.0,
            'distinct_prompt_share': len(prompts[name]) / n,
        }
        if a['ptok'] > 0:
            f['output_input_ratio'] = a['ctok'] / a['ptok']
        if a['temps'] > 0:
            f['temperature_mean'] = a['temp_sum'] / a['temps']
        t = sorted(times[name])
        if t:
            f['span_days'] = (t[-1] - t[0]) / 86400000.0
            shift = zones.get(name)
            if shift is not None:
                days, night, weekend = set(), 0, 0
                for ms in t:
                    local = ms + shift * 3600000
                    day = local // 86400000
                    days.add(day)
                    if (local // 3600000) - day * 24 < 6:
                        night += 1
                    if (day + 3) % 7 >= 5:
                        weekend += 1
                f['active_days'] = len(days)
                f['night_share'] = night / len(t)
                f['weekend_share'] = weekend / len(t)
            gaps = [(t[i] - t[i - 1]) / 1000.0 for i in range(1, len(t))]
            if len(gaps) >= 2:
                m = sum(gaps) / len(gaps)
                sd = math.sqrt(sum((g - m) ** 2 for g in gaps) / len(gaps))
                if m + sd > 0:
                    f['burstiness'] = (sd - m) / (sd + m)
        out[name] = f
    return out


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('case')
    ap.add_argument('--lineage', help='JSON of lineage-cli analyze CASE accounts --json')
    ap.add_argument('--signals', default=DEFAULT_SIGNALS)
    args = ap.parse_args()
    phrases = [fold(p.strip()) for p in json.load(open(args.signals, encoding='utf-8'))['chain_of_thought']]
    lineage = json.load(open(args.lineage)) if args.lineage else None
    zones = {}
    if lineage:
        for a in lineage['accounts']:
            z = a['features'].get('zone_inferred_hours')
            if z is not None:
                zones[a['account']] = int(z)
    db = sqlite3.connect('file:%s?mode=ro' % args.case, uri=True)
    ref = features(db, phrases, zones)
    if not lineage:
        json.dump(ref, sys.stdout, indent=1, sort_keys=True)
        return 0
    checked, bad = 0, []
    for a in lineage['accounts']:
        mine = ref.get(a['account'])
        if mine is None:
            bad.append('%s: not in the reference' % a['account'])
            continue
        for key, value in mine.items():
            theirs = a['features'].get(key)
            checked += 1
            if theirs is None or abs(float(theirs) - float(value)) > 1e-9 * max(1.0, abs(value)):
                bad.append('%s %s: lineage %r, reference %r' % (a['account'], key, theirs, value))
    if len(ref) != len(lineage['accounts']):
        bad.append('accounts: lineage %d, reference %d' % (len(lineage['accounts']), len(ref)))
    print(json.dumps({'accounts': len(ref), 'values_checked': checked, 'differences': bad[:20],
                      'difference_count': len(bad)}))
    return 1 if bad else 0


if __name__ == '__main__':
    sys.exit(main())
