# SPDX-License-Identifier: GPL-3.0-or-later
"""Reference implementation of the kinship analysis (analysis/forensics/kinship.cpp), in numpy.

Every model is compared with the provider on the prompts both answered. On each prompt the panel's
consensus (the mean of the panel members' answers, the scored model left out) stands for what the
prompt itself calls for; what a model does beyond it is its residual. A model whose residuals agree
with the provider's residuals answers like the provider beyond what the prompt explains. Two views:

  shape   27 answer-shape features per answer (length, layout, sentence style, stock phrases);
          agreement = mean over features of the Pearson correlation, across prompts, of the
          provider's and the model's residuals.
  lexical sublinear TF-IDF of word unigrams and bigrams (idf from the provider's and the panel's
          answers); agreement = mean over prompts of the cosine of the two residual vectors.

Each view is put on the panel's scale (median and MAD of the reference members' values), the two
are averaged into `closeness`, and the model's robust z against the reference members follows.
Panel members are scored leave-one-out. See bench/forensics/README.md."""
import math

import numpy as np
import scipy.sparse as sp
from scipy.stats import norm as _norm

import style_features as sf

MASK64 = (1 << 64) - 1
GOLDEN = 0x9E3779B97F4A7C15

DEFAULTS = dict(bootstrap=1000, seed=20240601, confidence=0.95, flag_score=2.326, min_prompts=30,
                null_draws=20000, near_duplicate=0.8, views='both')


# ------------------------------------------------------------------ deterministic random numbers
def splitmix64_stream(state, count):
    """`count` successive outputs of splitmix64 from `state` (numpy uint64, wrapping)."""
    with np.errstate(over='ignore'):
        s = (np.uint64(state) + np.arange(1, count + 1, dtype=np.uint64) * np.uint64(GOLDEN))
        z = s
        z = (z ^ (z >> np.uint64(30))) * np.uint64(0xBF58476D1CE4E5B9)
        z = (z ^ (z >> np.uint64(27))) * np.uint64(0x94D049BB133111EB)
        z = z ^ (z >> np.uint64(31))
    return z


def uniforms(state, count):
    return (splitmix64_stream(state, count) >> np.uint64(11)).astype(np.float64) * (1.0 / (1 << 53))


def stream_state(seed, index):
    """Start state of the stream number `index` of `seed` (bootstrap rep, null draw block)."""
    return (seed ^ ((index + 1) * 0xD1B54A32D192ED03)) & MASK64


def bootstrap_indices(seed, rep, k):
    u = uniforms(stream_state(seed, rep), k)
    return np.minimum((u * k).astype(np.int64), k - 1)


def normals(seed, count):
    """Box-Muller pairs from one uniform stream (u1 in (0, 1], u2 in [0, 1))."""
    m = (count + 1) // 2
    u = uniforms(stream_state(seed, 0), 2 * m)
    u1 = 1.0 - u[0::2]
    u2 = u[1::2]
    r = np.sqrt(-2.0 * np.log(u1))
    out = np.empty(2 * m)
    out[0::2] = r * np.cos(2 * math.pi * u2)
    out[1::2] = r * np.sin(2 * math.pi * u2)
    return out[:count]


# ------------------------------------------------------------------ robust statistics
def robust_scale(values):
    """Median and MAD x 1.4826 (the mean absolute deviation from the median x 1.2533 when the MAD
    is 0; 0 when every value is equal)."""
    v = np.asarray(values, dtype=float)
    med = np.median(v)
    mad = np.median(np.abs(v - med)) * 1.4826
    if mad == 0:
        mad = np.mean(np.abs(v - med)) * 1.2533
    return med, mad


def robust_z(x, refs):
    med, mad = robust_scale(refs)
    if mad == 0:
        return 0.0 if x == med else math.copysign(math.inf, x - med)
    return (x - med) / mad


def empirical_p(x, refs):
    refs = np.asarray(refs)
    return (1 + int(np.sum(refs >= x))) / (1 + len(refs))


class NullCalibration:
    """Tail of the robust z of a new draw against n reference draws, all independent N(0, 1):
    T(c) = P(z > c) = E[1 - Phi(med + c * s)] over reference samples (med, s = MAD x 1.4826),
    estimated from `draws` samples and their mirror images (so T(-c) = 1 - T(c) exactly)."""

    def __init__(self, n, draws, seed):
        y = normals(seed ^ 0x6E756C6C, draws * n).reshape(draws, n)
        med = np.median(y, axis=1)
        s = np.median(np.abs(y - med[:, None]), axis=1) * 1.4826
        self.med = np.concatenate([med, -med])
        self.s = np.concatenate([s, s])

    def tail(self, c):
        return float(np.mean(_norm.sf(self.med + c * self.s)))

    def score(self, z):
        """The normal deviate with the same null tail as z: Phi^-1(1 - T(z))."""
        if math.isnan(z):
            return math.nan
        if z < 0:
            return -self.score(-z)
        t = self.tail(z)
        return float(_norm.isf(t)) if t > 0 else math.inf


def quantile(sorted_values, q):
    """Linear interpolation between order statistics (numpy's default, type 7)."""
    return float(np.quantile(sorted_values, q))


# ------------------------------------------------------------------ prompt matching
def match_prompts(provider_turns, model_turns, near_duplicate):
    """For each provider prompt (first occurrence of each normalized text), the index of the
    model's first answer to the same prompt, exact on normalized text, then (for the rest) the
    unmatched model prompt with the highest character 3-gram Jaccard >= near_duplicate."""
    def grams(s):
        return {s[i:i + 3] for i in range(max(1, len(s) - 2))}

    prov_norm = [sf.normalize(p) for p, _ in provider_turns]
    first = {}
    for i, n in enumerate(prov_norm):
        first.setdefault(n, i)
    model_first = {}
    for j, (p, _) in enumerate(model_turns):
        model_first.setdefault(sf.normalize(p), j)
    out = {}
    used = set()
    for n, i in first.items():
        if n in model_first:
            out[i] = model_first[n]
            used.add(model_first[n])
    rest_prov = [(i, grams(n)) for n, i in sorted(first.items(), key=lambda x: x[1]) if i not in out]
    seen = set()
    rest_model = []
    for j, (p, _) in enumerate(model_turns):
        n = sf.normalize(p)
        if j in used or n in seen or n in first:
            continue
        seen.add(n)
        rest_model.append((j, grams(n)))
    for i, g in rest_prov:
        best, bj = near_duplicate, None
        for j, h in rest_model:
            if j in used:
                continue
            jac = len(g & h) / len(g | h)
            if jac >= best and (bj is None or jac > best):
                best, bj = jac, j
        if bj is not None:
            out[i] = bj
            used.add(bj)
    return out


# ------------------------------------------------------------------ the analysis
class Kinship:
    def __init__(self, transcripts, provider, panel, **params):
        self.params = dict(DEFAULTS, **params)
        self.provider = provider
        self.panel = list(panel)
        self.labels = [l for l in transcripts if l != provider]
        prov_turns = transcripts[provider]
        prov_norm = [sf.normalize(p) for p, _ in prov_turns]
        firsts = []
        seen = set()
        for i, n in enumerate(prov_norm):
            if n not in seen:
                seen.add(n)
                firsts.append(i)
        matches = {l: match_prompts(prov_turns, transcripts[l], self.params['near_duplicate']) for l in self.labels}
        common = [i for i in firsts if all(i in matches[q] for q in self.panel)]
        self.common = common
        K = len(common)
        self.K = K
        pos = {i: k for k, i in enumerate(common)}
        # answers on the common prompts (None where a model did not answer)
        self.answers = {provider: [prov_turns[i][1] for i in common]}
        for l in self.labels:
            self.answers[l] = [transcripts[l][matches[l][i]][1] if i in matches[l] else None for i in common]
        self.has = {l: np.array([a is not None for a in self.answers[l]]) for l in self.answers}
        # shape features
        self.shape = {}
        for l, ans in self.answers.items():
            f = np.full((K, len(sf.SHAPE_FEATURES)), np.nan)
            for k, a in enumerate(ans):
                if a is not None:
                    f[k] = sf.shape_features(a)
            self.shape[l] = f
        # lexical TF-IDF: idf from provider + panel answers
        terms = {l: [sf.lexical_terms(sf.normalize(a)) if a is not None else [] for a in ans]
                 for l, ans in self.answers.items()}
        fit = [d for l in [self.provider] + self.panel for d in terms[l]]
        vocab = {t: i for i, t in enumerate(sorted({t for d in fit for t in d}))}
        dfc = np.zeros(len(vocab))
        for d in fit:
            for t in set(d):
                dfc[vocab[t]] += 1
        idf = np.log((1 + len(fit)) / (1 + dfc)) + 1
        self.vectors = {}
        for l, docs in terms.items():
            indptr, indices, data = [0], [], []
            for d in docs:
                cnt = {}
                for t in d:
                    i = vocab.get(t)
                    if i is not None:
                        cnt[i] = cnt.get(i, 0) + 1
                ids = sorted(cnt)
                w = np.array([(1 + math.log(cnt[i])) * idf[i] for i in ids])
                if len(ids):
                    w /= np.linalg.norm(w)
                indices += ids
                data += w.tolist()
                indptr.append(len(indices))
            self.vectors[l] = sp.csr_matrix((data, indices, indptr), shape=(len(docs), len(vocab)))
        self._gram = {}
        self._null = {}

    # -- lexical: per-prompt Gram entries
    def gram(self, a, b):
        key = (a, b) if a <= b else (b, a)
        if key not in self._gram:
            va, vb = self.vectors[key[0]], self.vectors[key[1]]
            self._gram[key] = np.asarray(va.multiply(vb).sum(axis=1)).ravel()
        return self._gram[key]

    def lexical_per_prompt(self, x, C):
        """Cosine of the residuals of provider and x on every prompt (consensus = mean over C)."""
        p = self.provider
        n = len(C)
        pc = sum(self.gram(p, s) for s in C) / n
        xc = sum(self.gram(x, s) for s in C) / n
        cc = sum(self.gram(s, t) for s in C for t in C) / (n * n)
        num = self.gram(p, x) - pc - xc + cc
        na = self.gram(p, p) - 2 * pc + cc
        nb = self.gram(x, x) - 2 * xc + cc
        ok = (na > 1e-12) & (nb > 1e-12)
        out = np.zeros(self.K)
        out[ok] = num[ok] / np.sqrt(na[ok] * nb[ok])
        return out

    def shape_residuals(self, x, C):
        cons = np.mean([self.shape[q] for q in C], axis=0)
        return self.shape[self.provider] - cons, self.shape[x] - cons

    @staticmethod
    def weighted_corr_mean(rp, rx, w):
        """Mean over features of the w-weighted Pearson correlation (0 for a feature with no
        variation on either side). rp, rx: K x F; w: B x K (or K)."""
        W = np.atleast_2d(w)
        sw = W.sum(axis=1)[:, None]
        mp = W @ rp / sw
        mx = W @ rx / sw
        cpp = W @ (rp * rp) / sw - mp * mp
        cxx = W @ (rx * rx) / sw - mx * mx
        cpx = W @ (rp * rx) / sw - mp * mx
        den = cpp * cxx
        ok = den > 1e-24
        r = np.where(ok, cpx / np.sqrt(np.where(ok, den, 1)), 0.0)
        return r.mean(axis=1)

    def view_values(self, x, C, prompts, W):
        """(shape, lexical) closeness of x under consensus C on `prompts` for weight rows W."""
        rp, rx = self.shape_residuals(x, C)
        shape = self.weighted_corr_mean(rp[prompts], rx[prompts], W)
        lex = self.lexical_per_prompt(x, C)[prompts]
        Wm = np.atleast_2d(W)
        lexical = Wm @ lex / Wm.sum(axis=1)
        return shape, lexical

    def null(self, n):
        if n not in self._null:
            self._null[n] = NullCalibration(n, self.params['null_draws'], self.params['seed'])
        return self._null[n]

    def score_model(self, m):
        par = self.params
        refs = [q for q in self.panel if q != m]
        prompts = np.where(self.has[m] & self.has[self.provider])[0]
        k = len(prompts)
        res = dict(label=m, in_panel=m in self.panel, prompts=int(k))
        if k < par['min_prompts'] or len(refs) < 3:
            res.update(scored=False)
            return res
        B = par['bootstrap']
        W = np.ones((1 + B, k))
        for r in range(B):
            idx = bootstrap_indices(par['seed'], r, k)
            W[1 + r] = np.bincount(idx, minlength=k)
        members = [m] + refs
        shp = np.zeros((len(members), 1 + B))
        lex = np.zeros((len(members), 1 + B))
        for j, x in enumerate(members):
            C = [q for q in refs if q != x]
            shp[j], lex[j] = self.view_values(x, C, prompts, W)
        null = self.null(len(refs))
        out = []
        for b in range(1 + B):
            ms, ss = robust_scale(shp[1:, b])
            ml, sl = robust_scale(lex[1:, b])
            if par['views'] == 'shape':
                comb = (shp[:, b] - ms) / ss
            elif par['views'] == 'lexical':
                comb = (lex[:, b] - ml) / sl
            else:
                comb = 0.5 * ((shp[:, b] - ms) / ss + (lex[:, b] - ml) / sl)
            out.append((comb[0], robust_z(comb[0], comb[1:]), empirical_p(comb[0], comb[1:]), shp[0, b], lex[0, b]))
        closeness, z, p, shape_c, lexical_c = out[0]
        alpha = (1 - par['confidence']) / 2
        boot_z = np.sort([o[1] for o in out[1:]])
        z_lo, z_hi = (quantile(boot_z, alpha), quantile(boot_z, 1 - alpha)) if B else (math.nan, math.nan)
        score = null.score(z)
        p_gaussian = null.tail(z)
        rp, rx = self.shape_residuals(m, refs)
        rp, rx = rp[prompts], rx[prompts]
        zp = (rp - rp.mean(0)) / np.where(rp.std(0) > 0, rp.std(0), np.inf)
        zx = (rx - rx.mean(0)) / np.where(rx.std(0) > 0, rx.std(0), np.inf)
        res.update(scored=True, p_gaussian=p_gaussian, closeness=closeness, shape=shape_c, lexical=lexical_c, z=z, score=score, p=p,
                   interval=[null.score(z_lo), null.score(z_hi)], z_interval=[z_lo, z_hi],
                   flagged=bool(score >= par['flag_score']), panel_size=len(refs),
                   prompt_index=[int(self.common[i]) for i in prompts],
                   per_prompt_shape=(zp * zx).mean(axis=1),
                   per_prompt_lexical=self.lexical_per_prompt(m, refs)[prompts])
        return res

    def run(self):
        return [self.score_model(m) for m in self.labels]
