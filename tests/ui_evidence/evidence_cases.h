// SPDX-License-Identifier: GPL-3.0-or-later
// The cases the evidence views are tested and pictured on: the demo case with a reuse and an
// attribution run, and a kinship case from the AlpacaEval development set (the demo case has
// two control models; kinship needs a panel of at least four). Analyses run through the core
// as lineage-cli analyze runs them; transcripts are imported through the real import.
#pragma once

#include "casefile/case_file.h"
#include "demo/demo_generator.h"
#include "forensics/analysis_runner.h"
#include "forensics/kind_registry.h"
#include "ingest/importer.h"

#include <QDir>
#include <QFileInfo>

namespace lineage::evidencecases {

inline Result<forensics::RunOutcome> runKind(casefile::CaseFile &file, const QString &kind, const QStringList &texts,
                                             int threads = 2)
{
    const forensics::AnalysisKind *k = forensics::findKind(kind);
    if (!k)
        return makeError(ErrorCode::InvalidInput, QStringLiteral("no kind %1").arg(kind));
    auto parameters = forensics::parseParameterTexts(*k, texts);
    if (!parameters)
        return parameters.error();
    return forensics::runAnalysis(file, { kind, *parameters, threads });
}

// Runs reuse and attribution on an existing demo case at `casePath`.
inline Status addDemoRuns(const QString &casePath, const casefile::Investigator &who)
{
    auto file = casefile::CaseFile::open(casePath, who);
    if (!file)
        return file.error();
    auto reuse = runKind(**file, QStringLiteral("reuse"), { QStringLiteral("suspect=DeepDistill-7B") });
    if (!reuse)
        return reuse.error();
    auto attribution = runKind(**file, QStringLiteral("attribution"),
                               { QStringLiteral("suspect=DeepDistill-7B"),
                                 QStringLiteral("candidates=aurora-4,open-llama-8b-instruct,mistral-7b-instruct"),
                                 QStringLiteral("bootstrap=200") });
    if (!attribution)
        return attribution.error();
    return {};
}

inline QString devSetDir(const QString &projectRoot)
{
    return QDir(projectRoot).absoluteFilePath(QStringLiteral("../shared/data/alpacaeval-dev"));
}

// A case of the development set: provider gpt4_0314, three of its documented students as
// suspects, six panel models as controls; one kinship run. Returns the case's path.
inline Result<QString> buildKinshipCase(const QString &dir, const QString &devDir, const casefile::Investigator &who)
{
    const QString path = QDir(dir).filePath(QStringLiteral("kinship.lineage"));
    casefile::CaseInfo info;
    info.title = QStringLiteral("Kinship on the AlpacaEval development set");
    auto file = casefile::CaseFile::create(path, info, who);
    if (!file)
        return file.error();
    const QList<QPair<QString, ingest::TranscriptRole>> models {
        { QStringLiteral("gpt4_0314"), ingest::TranscriptRole::Provider },
        { QStringLiteral("airoboros-33b"), ingest::TranscriptRole::Suspect },
        { QStringLiteral("nous-hermes-13b"), ingest::TranscriptRole::Suspect },
        { QStringLiteral("dolphin-2.2.1-mistral-7b"), ingest::TranscriptRole::Suspect },
        { QStringLiteral("llama-2-7b-chat-hf"), ingest::TranscriptRole::Control },
        { QStringLiteral("Meta-Llama-3-8B-Instruct"), ingest::TranscriptRole::Control },
        { QStringLiteral("guanaco-13b"), ingest::TranscriptRole::Control },
        { QStringLiteral("gemma-2b-it"), ingest::TranscriptRole::Control },
        { QStringLiteral("claude-2"), ingest::TranscriptRole::Control },
        { QStringLiteral("cohere"), ingest::TranscriptRole::Control },
    };
    for (const auto &[label, role] : models) {
        ingest::ImportOptions options;
        options.kind = ingest::SourceKind::Transcript;
        options.modelLabel = label;
        options.role = role;
        options.buildIndex = false;
        auto s = ingest::importFile(**file, QDir(devDir).filePath(label + QStringLiteral(".json")), options);
        if (!s)
            return s.error();
    }
    auto run = runKind(**file, QStringLiteral("kinship"),
                       { QStringLiteral("provider=gpt4_0314"), QStringLiteral("bootstrap=200") });
    if (!run)
        return run.error();
    if (!run->complete())
        return makeError(ErrorCode::InvalidInput,
                         QStringLiteral("kinship run did not complete: %1").arg(run->run.message));
    return path;
}

} // namespace lineage::evidencecases
