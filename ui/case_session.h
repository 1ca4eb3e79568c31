// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "casefile/case_file.h"
#include "display_zone.h"

#include <QObject>
#include <QPointer>

#include <memory>
#include <optional>

namespace lineage::ui {

class JobRunner;

// The case open in a window: owns the CaseFile, caches its properties and display zone,
// and tells views when the case was opened, closed or changed. Opening and creating run on
// a worker (a migration of an older case may take a while); so do changes, each worker
// with a connection of its own, so the window never waits on the case's write lock. Views load their data on workers through
// jobs(), each worker with its own connection (openReader/openWriter). Errors are returned
// or signalled for the caller to show.
class CaseSession : public QObject
{
    Q_OBJECT
public:
    explicit CaseSession(JobRunner *jobs, QObject *parent = nullptr);
    ~CaseSession() override;

    void setInvestigator(const casefile::Investigator &who) { m_who = who; }
    const casefile::Investigator &investigator() const { return m_who; }

    // Opens (or creates) a case on a worker; caseOpened() or openFailed() follows. A later
    // call supersedes an earlier one still running.
    void open(const QString &path);
    void create(const QString &path, const casefile::CaseInfo &info);
    bool isOpening() const;
    void close();

    bool isOpen() const { return m_file != nullptr; }
    QString path() const { return m_file ? m_file->path() : QString(); }
    bool isReadOnly() const { return m_file && m_file->mode() == casefile::OpenMode::ReadOnly; }
    const casefile::CaseInfo &info() const { return m_info; }
    // Why the open case must not be trusted as it stands (its schema was changed outside
    // Lineage, a property is longer than Lineage writes): shown in a banner. Empty if none.
    const QString &warning() const { return m_warning; }
    const DisplayZone &zone() const { return m_zone; }
    JobRunner *jobs() const;

    // Saves new properties through the core (audited) on a worker; infoChanged() or
    // changeFailed() follows.
    void updateInfo(const casefile::CaseInfo &info);
    // Something changed the case's content (an import): views reload.
    void notifyContentChanged();

    // A case connection of a worker's own (read-only, or read-write for imports).
    static Result<std::unique_ptr<casefile::CaseFile>> openReader(const QString &path,
                                                                  const casefile::Investigator &who);
    static Result<std::unique_ptr<casefile::CaseFile>> openWriter(const QString &path,
                                                                  const casefile::Investigator &who);

signals:
    void caseOpened();
    void openFailed(const QString &path, const lineage::Error &error);
    // Emitted before the case closes: views drop their own connections now.
    void caseClosing();
    void caseClosed();
    void infoChanged();
    // A change asked of the session did not happen: what, and why.
    void changeFailed(const QString &what, const lineage::Error &error);
    void contentChanged();

private:
    struct Opened
    {
        std::unique_ptr<casefile::CaseFile> file;
        casefile::CaseInfo info;
        QString warning;
    };
    static Result<Opened> openOnWorker(const QString &path, const casefile::Investigator &who,
                                       const std::optional<casefile::CaseInfo> &create);
    void startOpen(const QString &path, const std::optional<casefile::CaseInfo> &create);
    void adopt(Opened opened);

    QPointer<JobRunner> m_jobs;
    casefile::Investigator m_who = casefile::Investigator::current();
    std::unique_ptr<casefile::CaseFile> m_file;
    casefile::CaseInfo m_info;
    QString m_warning;
    DisplayZone m_zone;
};

} // namespace lineage::ui
