// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QObject>

namespace lineage::ui {

class CaseSession;

// Builds the full-text index in the background for sources imported without it (the
// import's "index later" choice, or a case received that way): whenever a writable case
// opens or changes, runs ingest::buildSearchIndex on a worker with its own connection,
// shown in the status bar with progress and Cancel. Imports cancel it first (one writer
// at a time); it starts again after them. indexed() says which sources it added.
class SearchIndexer : public QObject
{
    Q_OBJECT
public:
    static constexpr const char *kJobKey = "search-index";

    explicit SearchIndexer(CaseSession *session, QObject *parent = nullptr);

    void start();
    void stop();

signals:
    void indexed(int sources);
    void failed(const QString &message);

private:
    CaseSession *m_session;
};

} // namespace lineage::ui
