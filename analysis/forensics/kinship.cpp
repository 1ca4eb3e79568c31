// SPDX-License-Identifier: GPL-3.0-or-later
#include "forensics/kinship.h"

#include "forensics/prompt_matching.h"
#include "forensics/random_stream.h"
#include "forensics/robust_stats.h"
#include "forensics/style_features.h"
#include "forensics/text_terms.h"
#include "similarity/parallel.h"
#include "similarity/tfidf.h"

#include <QHash>

#include <algorithm>
#include <cmath>
#include <limits>
#include <map>
#include <memory>

namespace lineage::forensics {

namespace {

constexpr int kF = kShapeFeatureCount;
constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

Error canceled()
{
    return makeError(ErrorCode::Canceled, QStringLiteral("The kinship analysis was canceled."));
}

Error invalid(const QString &message)
{
    return makeError(ErrorCode::InvalidInput, message);
}

QString viewsName(KinshipViews v)
{
    switch (v) {
    case KinshipViews::Shape:
        return QStringLiteral("shape");
    case KinshipViews::Lexical:
        return QStringLiteral("lexical");
    case KinshipViews::Both:
        break;
    }
    return QStringLiteral("both");
}

// The answers of every model on the shared prompts, measured. Model 0 is the provider,
// models 1.. the other transcripts in input order. "Anchors" are the provider and the panel
// members: the lexical Gram entries are kept for every model against every anchor.
struct Prepared
{
    int prompts = 0; // K: shared prompts (provider and every panel member answered)
    std::vector<qint32> providerTurn; // [k]
    std::vector<std::vector<qint32>> turn; // [model][k], -1 where the model did not answer
    std::vector<std::vector<ShapeFeatures>> shape; // [model][k]
    std::vector<int> anchorOf; // [model] -> anchor position or -1
    std::vector<int> anchors; // anchor position -> model
    std::vector<std::vector<double>> gram; // [model * anchors + a][k]
    std::vector<std::vector<double>> self; // [model][k]: squared norm of its TF-IDF row

    const double *g(int model, int other) const
    {
        const int a = anchorOf[size_t(other)];
        if (a >= 0)
            return gram[size_t(model) * anchors.size() + size_t(a)].data();
        return gram[size_t(other) * anchors.size() + size_t(anchorOf[size_t(model)])].data();
    }
};

// The per-prompt values of one model x under the consensus of the reference set C, on the
// prompts `idx`: the shape residuals of provider and x, and the lexical residual cosines.
struct MemberData
{
    std::vector<double> rp; // idx.size() x kF
    std::vector<double> rx;
    std::vector<double> lexical; // idx.size()
};

MemberData memberData(const Prepared &d, int x, const std::vector<int> &C, const std::vector<qint32> &idx)
{
    MemberData md;
    const size_t n = idx.size();
    md.rp.resize(n * kF);
    md.rx.resize(n * kF);
    md.lexical.resize(n);
    const double inv = 1.0 / double(C.size());
    std::vector<const double *> gp, gx;
    for (const int s : C) {
        gp.push_back(d.g(0, s));
        gx.push_back(d.g(x, s));
    }
    std::vector<const double *> gst;
    for (const int s : C)
        for (const int t : C)
            gst.push_back(d.g(s, t));
    const double *gpx = d.g(x, 0);
    for (size_t i = 0; i < n; ++i) {
        const size_t k = size_t(idx[i]);
        const ShapeFeatures &fp = d.shape[0][k];
        const ShapeFeatures &fx = d.shape[size_t(x)][k];
        for (int f = 0; f < kF; ++f) {
            double cons = 0.0;
            for (const int q : C)
                cons += d.shape[size_t(q)][k][size_t(f)];
            cons /= double(C.size());
            md.rp[i * kF + size_t(f)] = fp[size_t(f)] - cons;
            md.rx[i * kF + size_t(f)] = fx[size_t(f)] - cons;
        }
        double pc = 0.0, xc = 0.0, cc = 0.0;
        for (size_t s = 0; s < C.size(); ++s) {
            pc += gp[s][k];
            xc += gx[s][k];
        }
        for (const double *v : gst)
            cc += v[k];
        pc *= inv;
        xc *= inv;
        cc *= inv * inv;
        const double num = gpx[k] - pc - xc + cc;
        const double na = d.self[0][k] - 2.0 * pc + cc;
        const double nb = d.self[size_t(x)][k] - 2.0 * xc + cc;
        md.lexical[i] = (na > 1e-12 && nb > 1e-12) ? num / std::sqrt(na * nb) : 0.0;
    }
    return md;
}

// Weighted mean over features of the Pearson correlation of rp and rx (0 for a feature
// without variation on either side), and the weighted mean of the lexical values.
void weightedViews(const MemberData &md, const std::vector<qint32> &w, double &shape, double &lexical)
{
    std::array<double, kF> sp {}, sx {}, spp {}, sxx {}, spx {};
    double sw = 0.0, sl = 0.0;
    const size_t n = md.lexical.size();
    for (size_t i = 0; i < n; ++i) {
        const double c = w[i];
        if (c == 0.0)
            continue;
        sw += c;
        sl += c * md.lexical[i];
        const double *a = md.rp.data() + i * kF;
        const double *b = md.rx.data() + i * kF;
        for (int f = 0; f < kF; ++f) {
            sp[size_t(f)] += c * a[f];
            sx[size_t(f)] += c * b[f];
            spp[size_t(f)] += c * a[f] * a[f];
            sxx[size_t(f)] += c * b[f] * b[f];
            spx[size_t(f)] += c * a[f] * b[f];
        }
    }
    double sum = 0.0;
    for (int f = 0; f < kF; ++f) {
        const double mp = sp[size_t(f)] / sw, mx = sx[size_t(f)] / sw;
        const double cpp = spp[size_t(f)] / sw - mp * mp;
        const double cxx = sxx[size_t(f)] / sw - mx * mx;
        const double cpx = spx[size_t(f)] / sw - mp * mx;
        const double den = cpp * cxx;
        sum += den > 1e-24 ? cpx / std::sqrt(den) : 0.0;
    }
    shape = sum / kF;
    lexical = sl / sw;
}

double combine(KinshipViews views, double shape, const RobustScale &s, double lexical, const RobustScale &l)
{
    switch (views) {
    case KinshipViews::Shape:
        return (shape - s.centre) / s.scale;
    case KinshipViews::Lexical:
        return (lexical - l.centre) / l.scale;
    case KinshipViews::Both:
        break;
    }
    return 0.5 * ((shape - s.centre) / s.scale + (lexical - l.centre) / l.scale);
}

struct Combined
{
    double closeness = kNaN;
    double z = kNaN;
    double p = kNaN;
};

// closeness of member 0 and its robust z and p against members 1.., from the view values.
Combined combined(KinshipViews views, const std::vector<double> &shape, const std::vector<double> &lexical)
{
    const std::span<const double> rs(shape.data() + 1, shape.size() - 1);
    const std::span<const double> rl(lexical.data() + 1, lexical.size() - 1);
    const RobustScale s = robustScale(rs), l = robustScale(rl);
    std::vector<double> c(shape.size());
    for (size_t j = 0; j < shape.size(); ++j)
        c[j] = combine(views, shape[j], s, lexical[j], l);
    const std::span<const double> refs(c.data() + 1, c.size() - 1);
    return { c[0], robustZ(c[0], refs), empiricalP(c[0], refs) };
}

void scoreModel(const Prepared &d, int m, const std::vector<int> &panel, const KinshipParameters &par,
                const std::map<int, std::unique_ptr<RobustZNull>> &nulls, const Feedback &feedback, KinshipModel &out)
{
    std::vector<int> refs;
    for (const int q : panel)
        if (q != m)
            refs.push_back(q);
    std::vector<qint32> idx;
    for (int k = 0; k < d.prompts; ++k)
        if (d.turn[size_t(m)][size_t(k)] >= 0)
            idx.push_back(k);
    out.prompts = int(idx.size());
    out.references = int(refs.size());
    if (out.prompts < par.minPrompts) {
        out.note = QStringLiteral("Not scored: %1 prompts shared with the provider and the panel (at least %2 needed).")
                       .arg(out.prompts)
                       .arg(par.minPrompts);
        return;
    }
    const int B = qMax(0, par.bootstrap);
    std::vector<int> members { m };
    members.insert(members.end(), refs.begin(), refs.end());
    // view values [member][rep], rep 0 = all prompts once
    std::vector<std::vector<double>> shp(members.size(), std::vector<double>(size_t(B) + 1));
    std::vector<std::vector<double>> lex(members.size(), std::vector<double>(size_t(B) + 1));
    std::vector<qint32> ones(idx.size(), 1), counts;
    MemberData first;
    for (size_t j = 0; j < members.size(); ++j) {
        std::vector<int> C;
        for (const int q : refs)
            if (q != members[j])
                C.push_back(q);
        MemberData md = memberData(d, members[j], C, idx);
        weightedViews(md, ones, shp[j][0], lex[j][0]);
        for (int r = 0; r < B; ++r) {
            if (feedback.isCanceled())
                return;
            bootstrapCounts(par.seed, r, qint64(idx.size()), counts);
            weightedViews(md, counts, shp[j][size_t(r) + 1], lex[j][size_t(r) + 1]);
        }
        if (j == 0)
            first = std::move(md);
    }
    std::vector<double> s(members.size()), l(members.size());
    auto rep = [&](int r) {
        for (size_t j = 0; j < members.size(); ++j) {
            s[j] = shp[j][size_t(r)];
            l[j] = lex[j][size_t(r)];
        }
        return combined(par.views, s, l);
    };
    const Combined point = rep(0);
    std::vector<double> zs;
    zs.reserve(size_t(B));
    for (int r = 1; r <= B; ++r)
        zs.push_back(rep(r).z);
    std::sort(zs.begin(), zs.end());
    const RobustZNull &null = *nulls.at(int(refs.size()));
    const double alpha = (1.0 - par.confidence) / 2.0;
    out.scored = true;
    out.closeness = point.closeness;
    out.shape = shp[0][0];
    out.lexical = lex[0][0];
    out.z = point.z;
    out.p = point.p;
    out.score = null.score(point.z);
    out.pGaussian = null.tail(point.z);
    out.flagged = out.score >= par.flagScore;
    if (B > 0) {
        out.zInterval = { quantileSorted(zs, alpha), quantileSorted(zs, 1.0 - alpha) };
        out.interval = { null.score(out.zInterval[0]), null.score(out.zInterval[1]) };
    } else {
        out.zInterval = out.interval = { kNaN, kNaN };
    }
    // Per-prompt values: standardized residual products (population sd over the prompts).
    const size_t n = idx.size();
    std::array<double, kF> mp {}, mx {}, sdp {}, sdx {};
    for (size_t i = 0; i < n; ++i)
        for (int f = 0; f < kF; ++f) {
            mp[size_t(f)] += first.rp[i * kF + size_t(f)];
            mx[size_t(f)] += first.rx[i * kF + size_t(f)];
        }
    for (int f = 0; f < kF; ++f) {
        mp[size_t(f)] /= double(n);
        mx[size_t(f)] /= double(n);
    }
    for (size_t i = 0; i < n; ++i)
        for (int f = 0; f < kF; ++f) {
            const double a = first.rp[i * kF + size_t(f)] - mp[size_t(f)];
            const double b = first.rx[i * kF + size_t(f)] - mx[size_t(f)];
            sdp[size_t(f)] += a * a;
            sdx[size_t(f)] += b * b;
        }
    for (int f = 0; f < kF; ++f) {
        sdp[size_t(f)] = std::sqrt(sdp[size_t(f)] / double(n));
        sdx[size_t(f)] = std::sqrt(sdx[size_t(f)] / double(n));
    }
    out.perPrompt.resize(n);
    for (size_t i = 0; i < n; ++i) {
        double sum = 0.0;
        for (int f = 0; f < kF; ++f) {
            if (sdp[size_t(f)] > 0.0 && sdx[size_t(f)] > 0.0)
                sum += (first.rp[i * kF + size_t(f)] - mp[size_t(f)]) / sdp[size_t(f)]
                    * (first.rx[i * kF + size_t(f)] - mx[size_t(f)]) / sdx[size_t(f)];
        }
        const size_t k = size_t(idx[i]);
        out.perPrompt[i] = { d.providerTurn[k], d.turn[size_t(m)][k], sum / kF, first.lexical[i] };
    }
}

} // namespace

Result<KinshipResult> runKinship(const KinshipInput &input, const KinshipParameters &par, Feedback &feedback)
{
    // ---- validation
    QHash<QString, int> byLabel;
    for (size_t i = 0; i < input.transcripts.size(); ++i) {
        const QString &label = input.transcripts[i].label;
        if (byLabel.contains(label))
            return invalid(QStringLiteral("Two transcripts are labelled '%1'; each model needs one label.").arg(label));
        byLabel.insert(label, int(i));
    }
    if (!byLabel.contains(input.provider))
        return invalid(QStringLiteral("There is no transcript of the provider '%1'.").arg(input.provider));
    QStringList panel;
    for (const QString &label : input.panel) {
        if (label == input.provider)
            return invalid(QStringLiteral("The provider '%1' cannot be a member of its own panel.").arg(label));
        if (!byLabel.contains(label))
            return invalid(QStringLiteral("The panel member '%1' has no transcript.").arg(label));
        if (!panel.contains(label))
            panel.push_back(label);
    }
    if (panel.size() < 4)
        return invalid(QStringLiteral("The panel has %1 models; at least 4 are needed (each member is scored against "
                                      "the others), and 10 or more make the scores far steadier.")
                           .arg(panel.size()));
    if (!(par.confidence > 0.0 && par.confidence < 1.0) || par.nullDraws < 100)
        return invalid(QStringLiteral("The confidence must lie between 0 and 1 and the null calibration needs at least "
                                      "100 draws."));

    Prepared d;
    // model 0 = provider; 1.. = the others in input order
    std::vector<int> source { byLabel.value(input.provider) };
    for (size_t i = 0; i < input.transcripts.size(); ++i)
        if (int(i) != source[0])
            source.push_back(int(i));
    const int M = int(source.size());
    std::vector<int> panelModels;
    for (int m = 1; m < M; ++m)
        if (panel.contains(input.transcripts[size_t(source[size_t(m)])].label))
            panelModels.push_back(m);

    // ---- prompts
    const ModelAnswers &prov = input.transcripts[size_t(source[0])];
    QStringList provPrompts, provNorm;
    for (const PromptAnswer &t : prov.turns) {
        provPrompts.push_back(t.prompt);
        provNorm.push_back(normalizedText(t.prompt));
    }
    const std::vector<qint32> firsts = firstDistinctPrompts(provNorm);
    std::vector<std::vector<PromptMatch>> matches(static_cast<size_t>(M));
    feedback.setPhase(QStringLiteral("Matching prompts"), M - 1, QStringLiteral("transcripts"));
    if (!similarity::parallelChunks(M - 1, 1, par.threads, feedback, [&](qint64, qint64 b, qint64) {
            const ModelAnswers &t = input.transcripts[size_t(source[size_t(b) + 1])];
            QStringList prompts;
            for (const PromptAnswer &pa : t.turns)
                prompts.push_back(pa.prompt);
            matches[size_t(b) + 1] = matchPrompts(provPrompts, prompts, par.nearDuplicatePrompt, provNorm);
        }))
        return canceled();
    std::vector<std::vector<qint32>> turnOf(static_cast<size_t>(M), std::vector<qint32>(size_t(prov.turns.size()), -1));
    int nearMatches = 0;
    for (int m = 1; m < M; ++m)
        for (const PromptMatch &pm : matches[size_t(m)]) {
            turnOf[size_t(m)][size_t(pm.anchorTurn)] = pm.otherTurn;
            nearMatches += pm.exact ? 0 : 1;
        }
    for (const qint32 i : firsts) {
        bool all = true;
        for (const int q : panelModels)
            all = all && turnOf[size_t(q)][size_t(i)] >= 0;
        if (all)
            d.providerTurn.push_back(i);
    }
    d.prompts = int(d.providerTurn.size());
    if (d.prompts < par.minPrompts)
        return invalid(
            QStringLiteral("The provider and every panel member answered only %1 common prompts; at least %2 "
                           "are needed.")
                .arg(d.prompts)
                .arg(par.minPrompts));
    const int K = d.prompts;
    d.turn.assign(size_t(M), std::vector<qint32>(size_t(K), -1));
    for (int k = 0; k < K; ++k) {
        d.turn[0][size_t(k)] = d.providerTurn[size_t(k)];
        for (int m = 1; m < M; ++m)
            d.turn[size_t(m)][size_t(k)] = turnOf[size_t(m)][size_t(d.providerTurn[size_t(k)])];
    }

    // ---- features of every answer
    d.shape.assign(size_t(M), std::vector<ShapeFeatures>(size_t(K)));
    std::vector<similarity::TermDocuments> terms(static_cast<size_t>(M),
                                                 similarity::TermDocuments(static_cast<size_t>(K)));
    const qint64 items = qint64(M) * K;
    feedback.setPhase(QStringLiteral("Measuring answers"), items, QStringLiteral("answers"));
    if (!similarity::parallelChunks(items, 64, par.threads, feedback, [&](qint64, qint64 b, qint64 e) {
            for (qint64 it = b; it < e; ++it) {
                const size_t m = size_t(it / K), k = size_t(it % K);
                const qint32 t = d.turn[m][k];
                if (t < 0) {
                    d.shape[m][k].fill(kNaN);
                    continue;
                }
                const QString &answer = input.transcripts[size_t(source[m])].turns[size_t(t)].answer;
                const std::vector<QString> words = wordTokens(normalizedText(answer));
                d.shape[m][k] = shapeFeatures(answer, words);
                terms[m][k] = wordTermHashes(words);
            }
        }))
        return canceled();

    // ---- lexical vectors: idf from the provider's and the panel's answers
    similarity::TermDocuments fit;
    fit.reserve(size_t(K) * (panelModels.size() + 1));
    for (const auto &doc : terms[0])
        fit.push_back(doc);
    for (const int q : panelModels)
        for (const auto &doc : terms[size_t(q)])
            fit.push_back(doc);
    similarity::TfidfOptions tfidf;
    tfidf.sublinearTf = true;
    tfidf.threads = par.threads;
    auto index = similarity::TfidfIndex::build(fit, tfidf, feedback);
    if (!index)
        return index.error();
    fit.clear();
    std::vector<similarity::SparseRows> rows(static_cast<size_t>(M));
    for (int m = 0; m < M; ++m) {
        rows[size_t(m)] = index->transform(terms[size_t(m)]);
        terms[size_t(m)].clear();
    }
    d.anchorOf.assign(size_t(M), -1);
    d.anchors.push_back(0);
    d.anchorOf[0] = 0;
    for (const int q : panelModels) {
        d.anchorOf[size_t(q)] = int(d.anchors.size());
        d.anchors.push_back(q);
    }
    const size_t A = d.anchors.size();
    d.gram.assign(size_t(M) * A, std::vector<double>(size_t(K), 0.0));
    d.self.assign(size_t(M), std::vector<double>(size_t(K), 0.0));
    feedback.setPhase(QStringLiteral("Comparing answers"), M, QStringLiteral("transcripts"));
    if (!similarity::parallelChunks(M, 1, par.threads, feedback, [&](qint64, qint64 b, qint64) {
            const size_t m = size_t(b);
            for (int k = 0; k < K; ++k) {
                d.self[m][size_t(k)] = rows[m].dot(k, rows[m], k);
                for (size_t a = 0; a < A; ++a)
                    d.gram[m * A + a][size_t(k)] = rows[m].dot(k, rows[size_t(d.anchors[a])], k);
            }
        }))
        return canceled();

    // ---- scores
    std::map<int, std::unique_ptr<RobustZNull>> nulls;
    for (const int n : { int(panelModels.size()) - 1, int(panelModels.size()) })
        nulls[n] = std::make_unique<RobustZNull>(n, par.nullDraws, par.seed);
    KinshipResult result;
    result.provider = input.provider;
    result.panel = panel;
    result.panelSize = int(panel.size());
    result.sharedPrompts = K;
    result.nearDuplicateMatches = nearMatches;
    result.parameters = par;
    result.method
        = QStringLiteral("kinship-residual/1;stylometry/%1;views=%2").arg(kStylometryVersion).arg(viewsName(par.views));
    result.models.resize(size_t(M - 1));
    for (int m = 1; m < M; ++m) {
        KinshipModel &km = result.models[size_t(m - 1)];
        km.label = input.transcripts[size_t(source[size_t(m)])].label;
        km.inPanel = d.anchorOf[size_t(m)] >= 0;
    }
    feedback.setPhase(QStringLiteral("Scoring models"), M - 1, QStringLiteral("models"));
    if (!similarity::parallelChunks(M - 1, 1, par.threads, feedback, [&](qint64, qint64 b, qint64) {
            scoreModel(d, int(b) + 1, panelModels, par, nulls, feedback, result.models[size_t(b)]);
        }))
        return canceled();
    return result;
}

} // namespace lineage::forensics
