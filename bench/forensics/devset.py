# SPDX-License-Identifier: GPL-3.0-or-later
"""Loads the AlpacaEval development set and the evaluation protocol shared by the scripts."""
import json
import os
import unicodedata

HERE = os.path.dirname(os.path.abspath(__file__))
DEFAULT_DIR = os.path.normpath(os.path.join(HERE, '..', '..', '..', 'shared', 'data', 'alpacaeval-dev'))


def data_dir():
    return os.environ.get('LINEAGE_DEV_DATA', DEFAULT_DIR if os.path.isdir(DEFAULT_DIR)
                          else '/work/shared/data/alpacaeval-dev')


def load(path=None):
    """Returns (labels, answers): answers[model] = list of (prompt, answer) in file order."""
    path = path or data_dir()
    labels = json.load(open(os.path.join(path, 'labels.json')))
    answers = {}
    for name in sorted(os.listdir(path)):
        if not name.endswith('.json') or name == 'labels.json':
            continue
        rows = json.load(open(os.path.join(path, name)))
        answers[name[:-5]] = [(r['instruction'], r['output'] or '') for r in rows]
    return labels, answers


def normalize(s):
    """NFKC, case folding, runs of white space to one space, trimmed (the core's defaults)."""
    s = unicodedata.normalize('NFKC', s).casefold()
    return ' '.join(s.split())


def aligned(answers, models):
    """Prompts every model in `models` answered, matched by normalized prompt text; returns
    (keys, {model: [answer per key]})."""
    maps = {}
    for m in models:
        d = {}
        for p, a in answers[m]:
            d.setdefault(normalize(p), a)
        maps[m] = d
    keys = sorted(set.intersection(*[set(d) for d in maps.values()]))
    return keys, {m: [maps[m][k] for k in keys] for m in models}
