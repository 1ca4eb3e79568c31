#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Peer of `lineage-cli analyze CASE accounts`: the per-account features that need no text
analysis (requests, span, active days and night/weekend shares in UTC, burstiness, reasoning
requests, logprobs, n > 1, truncation, system-prompt reuse, distinct prompts, output-to-input
tokens) computed with pandas from the same rows (the query_records of the case file).
Templates, query-distance tests, linking and the risk score are NOT computed here: the peer is
a lower bound of the work Lineage does. Prints the time of each step and the peak memory.

    peer_pandas_accounts.py CASE.lineage [--signals account_signals.json]
"""
import argparse
import json
import os
import re
import resource
import sqlite3
import time

import numpy as np
import pandas as pd

HERE = os.path.dirname(os.path.abspath(__file__))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('case')
    ap.add_argument('--signals', default=os.path.join(HERE, '..', '..', 'resources', 'forensics', 'account_signals.json'))
    args = ap.parse_args()
    phrases = [re.sub(r'\s+', ' ', p.strip().lower()) for p in json.load(open(args.signals, encoding='utf-8'))['chain_of_thought']]
    pattern = '|'.join(re.escape(p) for p in phrases)
    t0 = time.time()
    db = sqlite3.connect('file:%s?mode=ro' % args.case, uri=True)
    df = pd.read_sql_query(
        'SELECT q.account_id, q.time_utc, q.n, q.logprobs, q.top_logprobs, q.system_prompt, q.prompt, q.finish_reason, '
        'q.prompt_tokens, q.completion_tokens FROM query_records q WHERE q.account_id IS NOT NULL ORDER BY q.id', db)
    t1 = time.time()
    text = (df['prompt'].fillna('') + '\n' + df['system_prompt'].fillna('')).str.lower().str.replace(r'\s+', ' ', regex=True)
    df['cot'] = text.str.contains(pattern, regex=True)
    df['lp'] = (df['logprobs'].fillna(0) > 0) | (df['top_logprobs'].fillna(0) > 0)
    df['k'] = df['n'].fillna(1).clip(lower=1)
    df['ngt1'] = df['k'] > 1
    df['trunc'] = df['finish_reason'].isin(['length', 'max_tokens'])
    df['phash'] = pd.util.hash_pandas_object(df['prompt'].fillna(''), index=False)
    df['day'] = df['time_utc'] // 86400000
    df['hour'] = (df['time_utc'] // 3600000) % 24
    df['night'] = df['hour'] < 6
    df['weekend'] = ((df['day'] + 3) % 7) >= 5
    g = df.groupby('account_id')
    out = pd.DataFrame({
        'requests': g.size(),
        'cot_share': g['cot'].mean(),
        'logprobs_share': g['lp'].mean(),
        'n_gt1_share': g['ngt1'].mean(),
        'max_n': g['k'].max(),
        'truncated_share': g['trunc'].mean(),
        'distinct_prompt_share': g['phash'].nunique() / g.size(),
        'active_days': g['day'].nunique(),
        'night_share': g['night'].mean(),
        'weekend_share': g['weekend'].mean(),
        'span_days': (g['time_utc'].max() - g['time_utc'].min()) / 86400000.0,
        'output_input_ratio': g['completion_tokens'].sum() / g['prompt_tokens'].sum(),
    })
    sys_top = df.dropna(subset=['system_prompt']).groupby(['account_id', 'system_prompt']).size().groupby('account_id').max()
    out['system_prompt_reuse'] = (sys_top / out['requests']).reindex(out.index).fillna(0)
    df = df.sort_values(['account_id', 'time_utc'])
    df['gap'] = df.groupby('account_id')['time_utc'].diff() / 1000.0
    gs = df.groupby('account_id')['gap']
    m, sd = gs.mean(), gs.std(ddof=0)
    out['burstiness'] = (sd - m) / (sd + m)
    t2 = time.time()
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0
    print(json.dumps({'records': int(len(df)), 'accounts': int(len(out)), 'read_s': round(t1 - t0, 2),
                      'features_s': round(t2 - t1, 2), 'total_s': round(t2 - t0, 2), 'peak_mb': round(peak)}))


if __name__ == '__main__':
    main()
