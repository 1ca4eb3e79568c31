// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "casefile/analysis_store.h"
#include "casefile/event_store.h"
#include "casefile/sqlite.h"
#include "core/feedback.h"
#include "core/result.h"

#include <QJsonObject>
#include <QJsonValue>
#include <QList>
#include <QSet>
#include <QString>
#include <QStringList>

namespace lineage::forensics {

enum class ParameterType {
    Text,
    Integer,
    Real,
    Boolean,
    Label, // one transcript model label of the case
    Labels, // transcript model labels, "L1,L2" on the command line, a JSON array when stored
    Choice, // one of `choices`
};

// One parameter of an analysis kind. Every run stores every parameter, defaults filled in,
// so that a re-run needs nothing else. A Null default means "not set" (the kind decides,
// e.g. "every suspect transcript"), and is stored as null.
struct ParameterSpec
{
    QString name; // "suspect", "min_jaccard"
    ParameterType type = ParameterType::Text;
    QJsonValue defaultValue;
    QString description; // one sentence for the dialog and `analyze --help`
    QStringList choices; // for Choice
    bool cliOption = false; // also accepted as `lineage-cli analyze ... --NAME VALUE`
    double minimum = -1e300; // for Integer and Real
    double maximum = 1e300;
};

using Parameters = QJsonObject;

// What one run of a kind found. The frame numbers the findings in order, stores them with
// the run and its audit entry, and drops them when the run was canceled or failed.
struct AnalysisResult
{
    QList<casefile::FindingRow> findings;
    QJsonObject summary; // run-level figures (counts, totals), stored with the run
    QStringList notes; // for the analyst: transcripts without a role, skipped items
    // Timeline events the run puts on the case (a clause's effective date), written with
    // the run in its audited change; an event already on the timeline is not added again.
    QList<casefile::EventRow> events;
};

// What a kind's run() may use: the case (a connection of the calling thread, to read from;
// the frame writes), the resolved parameters, progress and cancel, the worker threads it may
// use for pure computation (results must not depend on them). It records every source
// it reads, so that the run stores their SHA-256, and the versions its result depends on.
class RunContext
{
public:
    RunContext(casefile::Database &db, Parameters parameters, Feedback &feedback, int threads)
        : m_db(db), m_parameters(std::move(parameters)), m_feedback(feedback), m_threads(threads)
    {
    }

    casefile::Database &db() { return m_db; }
    const Parameters &parameters() const { return m_parameters; }
    Feedback &feedback() { return m_feedback; }
    int threads() const { return m_threads; }

    QString text(const QString &name) const { return m_parameters.value(name).toString(); }
    double real(const QString &name) const { return m_parameters.value(name).toDouble(); }
    int integer(const QString &name) const { return m_parameters.value(name).toInt(); }
    bool boolean(const QString &name) const { return m_parameters.value(name).toBool(); }
    QStringList labels(const QString &name) const;

    void useSource(qint64 sourceId) { m_sources.insert(sourceId); }
    const QSet<qint64> &sources() const { return m_sources; }
    void setVersion(const QString &key, const QString &value) { m_versions.insert(key, value); }
    const QJsonObject &versions() const { return m_versions; }

private:
    casefile::Database &m_db;
    Parameters m_parameters;
    Feedback &m_feedback;
    int m_threads;
    QSet<qint64> m_sources;
    QJsonObject m_versions;
};

// One kind of analysis, for example "reuse" or "identity". A kind is a stateless object
// registered once (see kind_registry.h); run() is a synchronous computation that reads the
// case, polls the feedback and returns findings: it never writes to the case. Errors are
// returned; a canceled run returns ErrorCode::Canceled.
class AnalysisKind
{
public:
    virtual ~AnalysisKind() = default;

    virtual QString name() const = 0; // "reuse": the KIND of `lineage-cli analyze CASE KIND`
    virtual QString title() const = 0; // "Output reuse": the Analyze menu entry
    virtual QString description() const = 0; // what it does, one paragraph
    virtual QString strengthRule() const = 0; // the documented strong/moderate/weak rule
    virtual QString engineVersion() const = 0; // "reuse/1": changes whenever results may
    virtual QList<ParameterSpec> parameters() const = 0;
    [[nodiscard]] virtual Result<AnalysisResult> run(RunContext &context) const = 0;

    // The kind's JSON report of a stored run (`analyze ... --json`, `findings --run R
    // --json`), rebuilt from the stored run and findings only. The default gives the run and
    // every finding; kinds with a JSON contract add their fields.
    virtual QJsonObject report(const casefile::AnalysisRunRow &run, const QList<casefile::FindingRow> &findings) const;
};

// JSON forms of stored rows, shared by the reports and the command line.
QJsonObject runJson(const casefile::AnalysisRunRow &run);
// runJson() with the fields of the run's summary also at the top level (a kind's JSON
// contract reads them there: "cv_accuracy", "models", ...). Where a name is in both, the
// summary's value is kept.
QJsonObject runJsonWithSummary(const casefile::AnalysisRunRow &run);
QJsonObject findingJson(const casefile::FindingRow &finding);

QString parameterTypeName(ParameterType type);

} // namespace lineage::forensics
