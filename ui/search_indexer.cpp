// SPDX-License-Identifier: GPL-3.0-or-later
#include "search_indexer.h"

#include "case_session.h"
#include "ingest/importer.h"
#include "job_runner.h"

namespace lineage::ui {

SearchIndexer::SearchIndexer(CaseSession *session, QObject *parent) : QObject(parent), m_session(session)
{
    connect(session, &CaseSession::caseOpened, this, &SearchIndexer::start);
    connect(session, &CaseSession::contentChanged, this, &SearchIndexer::start);
}

void SearchIndexer::start()
{
    if (!m_session->isOpen() || m_session->isReadOnly())
        return;
    JobRunner *jobs = m_session->jobs();
    const QString key = QLatin1String(kJobKey);
    // An import writes; the index waits for it and looks again when it is done.
    if (jobs->isRunning(key) || jobs->isRunning(QStringLiteral("import")))
        return;
    using Indexed = Result<QList<qint64>>;
    const QString path = m_session->path();
    const auto who = m_session->investigator();
    jobs->run<Indexed>(
        key, tr("Building the full-text index"),
        [path, who](Feedback &feedback) -> Indexed {
            auto file = CaseSession::openWriter(path, who);
            if (!file)
                return file.error();
            return ingest::buildSearchIndex(**file, feedback);
        },
        this,
        [this](Indexed result) {
            if (!result) {
                if (result.error().code != ErrorCode::Canceled)
                    emit failed(result.error().message);
                return;
            }
            if (!result->isEmpty()) {
                emit indexed(int(result->size()));
                m_session->notifyContentChanged();
            }
        });
}

void SearchIndexer::stop()
{
    m_session->jobs()->cancelKey(QLatin1String(kJobKey));
}

} // namespace lineage::ui
