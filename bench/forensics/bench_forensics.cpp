// SPDX-License-Identifier: GPL-3.0-or-later
// The kinship and attribution methods on the AlpacaEval development set: per-model tables,
// AUC of the kinship score (students vs panel members left out), false-positive rates,
// attribution accuracy and shares, wall times. Prints figures; --json writes them.
//
//   bench_forensics kinship [--data DIR] [--provider P] [--bootstrap B] [--views both|shape|lexical]
//                           [--threads T] [--json FILE]
//   bench_forensics attribution [--data DIR] [--max-words N] [--threads T] [--json FILE]
#include "dev_set.h"
#include "forensics/attribution.h"
#include "forensics/kinship.h"
#include "forensics/robust_stats.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QElapsedTimer>
#include <QJsonArray>
#include <QJsonObject>
#include <QTextStream>

#include <algorithm>
#include <cmath>

using namespace lineage;
using namespace lineage::forensics;

namespace {

QTextStream out(stdout);

QJsonValue num(double v)
{
    return std::isfinite(v) ? QJsonValue(v) : QJsonValue();
}

QJsonObject modelJson(const KinshipModel &m)
{
    QJsonArray perPrompt;
    for (const KinshipPrompt &p : m.perPrompt)
        perPrompt.append(QJsonArray { p.providerTurn, p.modelTurn, p.shape, p.lexical });
    return QJsonObject {
        { QStringLiteral("label"), m.label },
        { QStringLiteral("in_panel"), m.inPanel },
        { QStringLiteral("scored"), m.scored },
        { QStringLiteral("prompts"), m.prompts },
        { QStringLiteral("score"), num(m.score) },
        { QStringLiteral("interval"), QJsonArray { num(m.interval[0]), num(m.interval[1]) } },
        { QStringLiteral("z"), num(m.z) },
        { QStringLiteral("z_interval"), QJsonArray { num(m.zInterval[0]), num(m.zInterval[1]) } },
        { QStringLiteral("p"), num(m.p) },
        { QStringLiteral("p_gaussian"), num(m.pGaussian) },
        { QStringLiteral("flagged"), m.flagged },
        { QStringLiteral("closeness"), num(m.closeness) },
        { QStringLiteral("shape"), num(m.shape) },
        { QStringLiteral("lexical"), num(m.lexical) },
        { QStringLiteral("per_prompt"), perPrompt },
    };
}

bool writeJson(const QString &path, const QJsonObject &o)
{
    QFile f(path);
    if (!f.open(QIODevice::WriteOnly | QIODevice::Truncate))
        return false;
    f.write(QJsonDocument(o).toJson(QJsonDocument::Compact));
    return true;
}

int kinship(const devset::DevSet &dev, const QCommandLineParser &args)
{
    KinshipParameters par;
    par.bootstrap = args.value(QStringLiteral("bootstrap")).toInt();
    par.threads = args.value(QStringLiteral("threads")).toInt();
    const QString views = args.value(QStringLiteral("views"));
    par.views = views == QLatin1String("shape") ? KinshipViews::Shape
        : views == QLatin1String("lexical")     ? KinshipViews::Lexical
                                                : KinshipViews::Both;
    const QStringList providers = args.isSet(QStringLiteral("provider"))
        ? QStringList { args.value(QStringLiteral("provider")) }
        : dev.providers;
    std::vector<double> pos, neg;
    int flaggedPanel = 0, p05 = 0, pg05 = 0, flaggedStudents = 0;
    QJsonObject json;
    for (const QString &prov : providers) {
        KinshipInput input { dev.models, prov, dev.panel };
        QElapsedTimer timer;
        timer.start();
        auto r = runKinship(input, par);
        if (!r) {
            out << "error: " << r.error().message << "\n";
            return 1;
        }
        const QStringList students = devset::studentsOf(dev, prov);
        out << "provider " << prov << " (panel " << r->panelSize << ", " << r->sharedPrompts << " prompts, "
            << QString::number(timer.elapsed() / 1000.0, 'f', 1) << " s, " << r->method << ")\n";
        out << QStringLiteral("  %1 %2 %3 %4 %5 %6 %7 %8\n")
                   .arg(QStringLiteral("model"), -28)
                   .arg(QStringLiteral("role"), -8)
                   .arg(QStringLiteral("shape"), 7)
                   .arg(QStringLiteral("lexical"), 7)
                   .arg(QStringLiteral("z"), 6)
                   .arg(QStringLiteral("score [95%]"), 20)
                   .arg(QStringLiteral("p"), 6)
                   .arg(QStringLiteral("flag"));
        std::vector<KinshipModel> models = r->models;
        std::sort(models.begin(), models.end(), [](const auto &a, const auto &b) { return a.score > b.score; });
        std::vector<double> ps, ns;
        QJsonArray arr;
        for (const KinshipModel &m : models) {
            const bool student = students.contains(m.label);
            const QString role
                = student ? QStringLiteral("student") : (m.inPanel ? QStringLiteral("panel") : QStringLiteral("other"));
            out << QStringLiteral("  %1 %2 %3 %4 %5 %6 [%7,%8] %9 %10\n")
                       .arg(m.label, -28)
                       .arg(role, -8)
                       .arg(m.shape, 7, 'f', 3)
                       .arg(m.lexical, 7, 'f', 3)
                       .arg(m.z, 6, 'f', 2)
                       .arg(m.score, 6, 'f', 2)
                       .arg(m.interval[0], 5, 'f', 2)
                       .arg(m.interval[1], 5, 'f', 2)
                       .arg(m.p, 6, 'f', 3)
                       .arg(m.flagged ? QStringLiteral("FLAG") : QString());
            if (student) {
                ps.push_back(m.score);
                flaggedStudents += m.flagged ? 1 : 0;
            }
            if (m.inPanel) {
                ns.push_back(m.score);
                flaggedPanel += m.flagged ? 1 : 0;
                p05 += m.p <= 0.05 ? 1 : 0;
                pg05 += m.pGaussian <= 0.05 ? 1 : 0;
            }
            arr.append(modelJson(m));
        }
        out << "  AUC(score, students vs panel left out) = " << QString::number(rankAuc(ps, ns), 'f', 3) << "\n";
        pos.insert(pos.end(), ps.begin(), ps.end());
        neg.insert(neg.end(), ns.begin(), ns.end());
        json.insert(prov,
                    QJsonObject { { QStringLiteral("provider"), prov },
                                  { QStringLiteral("panel_size"), r->panelSize },
                                  { QStringLiteral("method"), r->method },
                                  { QStringLiteral("seconds"), timer.elapsed() / 1000.0 },
                                  { QStringLiteral("models"), arr } });
    }
    const double n = double(neg.size());
    out << "ALL: AUC " << QString::number(rankAuc(pos, neg), 'f', 3) << " (" << pos.size() << " students x "
        << neg.size() << " panel-left-out); flagged panel " << flaggedPanel << "/" << neg.size() << " = "
        << QString::number(100.0 * flaggedPanel / n, 'f', 1) << "%; p<=0.05 panel " << p05 << "/" << neg.size()
        << "; p_gaussian<=0.05 panel " << pg05 << "/" << neg.size() << " = "
        << QString::number(100.0 * pg05 / n, 'f', 1) << "%; students flagged " << flaggedStudents << "/" << pos.size()
        << "\n";
    out.flush();
    if (args.isSet(QStringLiteral("json")) && !writeJson(args.value(QStringLiteral("json")), json))
        return 1;
    return 0;
}

int attribution(const devset::DevSet &dev, const QCommandLineParser &args)
{
    AttributionParameters par;
    par.maxWords = args.value(QStringLiteral("max-words")).toInt();
    par.threads = args.value(QStringLiteral("threads")).toInt();
    par.bootstrap = args.value(QStringLiteral("bootstrap")).toInt();
    AttributionInput input;
    QHash<QString, QString> teacher;
    for (const auto &[s, t] : dev.students)
        teacher.insert(s, t);
    for (const ModelAnswers &m : dev.models) {
        if (dev.providers.contains(m.label))
            input.candidates.push_back(m);
        else
            input.suspects.push_back(m);
    }
    QElapsedTimer timer;
    timer.start();
    auto r = runAttribution(input, par);
    if (!r) {
        out << "error: " << r.error().message << "\n";
        return 1;
    }
    out << "candidates " << r->candidates.join(QStringLiteral(", ")) << " (" << r->method << ", "
        << QString::number(timer.elapsed() / 1000.0, 'f', 1) << " s)\n";
    out << "  cross-validated accuracy " << QString::number(r->cvAccuracy, 'f', 3) << " (balanced "
        << QString::number(r->balancedAccuracy, 'f', 3) << "), " << par.folds << " folds by prompt\n";
    for (int c = 0; c < r->candidates.size(); ++c) {
        out << "  true " << QStringLiteral("%1").arg(r->candidates[c], -20) << " predicted:";
        for (const qint64 v : r->confusion[size_t(c)])
            out << " " << v;
        out << "   mean words " << QString::number(r->meanWords[size_t(c)], 'f', 0) << "\n";
    }
    int right = 0, students = 0;
    QJsonArray arr;
    for (const SuspectAttribution &s : r->suspects) {
        const QString truth = teacher.value(s.label);
        out << QStringLiteral("  %1 %2").arg(s.label, -28).arg(truth.isEmpty() ? QStringLiteral("-") : truth, -20);
        QJsonObject shares, intervals;
        for (int c = 0; c < r->candidates.size(); ++c) {
            out << QStringLiteral(" %1 %2 [%3,%4]")
                       .arg(r->candidates[c].left(8))
                       .arg(s.shares[size_t(c)], 0, 'f', 3)
                       .arg(s.intervals[size_t(c)][0], 0, 'f', 3)
                       .arg(s.intervals[size_t(c)][1], 0, 'f', 3);
            shares.insert(r->candidates[c], s.shares[size_t(c)]);
            intervals.insert(r->candidates[c], QJsonArray { s.intervals[size_t(c)][0], s.intervals[size_t(c)][1] });
        }
        out << " -> " << s.attributed << (s.decisive ? " (decisive)" : "") << " words "
            << QString::number(s.meanWords, 'f', 0);
        if (!truth.isEmpty()) {
            ++students;
            right += s.attributed == truth ? 1 : 0;
            out << (s.attributed == truth ? "  right" : "  WRONG");
        }
        out << "\n";
        arr.append(QJsonObject { { QStringLiteral("label"), s.label },
                                 { QStringLiteral("shares"), shares },
                                 { QStringLiteral("intervals"), intervals },
                                 { QStringLiteral("attributed"), s.attributed },
                                 { QStringLiteral("answers"), s.answers },
                                 { QStringLiteral("mean_words"), s.meanWords } });
    }
    out << "students attributed to their documented teacher: " << right << "/" << students << "\n";
    out.flush();
    if (args.isSet(QStringLiteral("json"))) {
        QJsonArray confusion;
        for (const auto &row : r->confusion) {
            QJsonArray a;
            for (const qint64 v : row)
                a.append(v);
            confusion.append(a);
        }
        if (!writeJson(args.value(QStringLiteral("json")),
                       QJsonObject { { QStringLiteral("cv_accuracy"), r->cvAccuracy },
                                     { QStringLiteral("balanced_accuracy"), r->balancedAccuracy },
                                     { QStringLiteral("confusion"), confusion },
                                     { QStringLiteral("candidates"), QJsonArray::fromStringList(r->candidates) },
                                     { QStringLiteral("suspects"), arr } }))
            return 1;
    }
    return 0;
}

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    QCommandLineParser args;
    args.addHelpOption();
    args.addPositionalArgument(QStringLiteral("mode"), QStringLiteral("kinship or attribution"));
    args.addOptions({
        { QStringLiteral("data"), QStringLiteral("Development set folder."), QStringLiteral("dir"),
          devset::defaultDir(QStringLiteral(LINEAGE_SOURCE_DIR)) },
        { QStringLiteral("provider"), QStringLiteral("One provider (default: both of labels.json)."),
          QStringLiteral("label") },
        { QStringLiteral("bootstrap"), QStringLiteral("Bootstrap replicates."), QStringLiteral("n"),
          QStringLiteral("1000") },
        { QStringLiteral("views"), QStringLiteral("both, shape or lexical."), QStringLiteral("v"),
          QStringLiteral("both") },
        { QStringLiteral("max-words"), QStringLiteral("Cut every answer to its first n words (0: whole)."),
          QStringLiteral("n"), QStringLiteral("0") },
        { QStringLiteral("threads"), QStringLiteral("Worker threads (0: every core)."), QStringLiteral("n"),
          QStringLiteral("0") },
        { QStringLiteral("json"), QStringLiteral("Write the figures as JSON."), QStringLiteral("file") },
    });
    args.process(app);
    const devset::DevSet dev = devset::load(args.value(QStringLiteral("data")));
    if (!dev.ok) {
        out << "cannot read the development set at " << args.value(QStringLiteral("data")) << "\n";
        return 2;
    }
    const QString mode = args.positionalArguments().value(0);
    if (mode == QLatin1String("kinship"))
        return kinship(dev, args);
    if (mode == QLatin1String("attribution"))
        return attribution(dev, args);
    args.showHelp(2);
}
