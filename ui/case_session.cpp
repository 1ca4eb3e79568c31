// SPDX-License-Identifier: GPL-3.0-or-later
#include "case_session.h"

#include "job_runner.h"

#include <QFileInfo>

namespace lineage::ui {

using casefile::CaseFile;
using casefile::OpenMode;

CaseSession::CaseSession(JobRunner *jobs, QObject *parent) : QObject(parent), m_jobs(jobs) { }

JobRunner *CaseSession::jobs() const
{
    return m_jobs;
}

CaseSession::~CaseSession()
{
    close();
}

void CaseSession::open(const QString &path)
{
    startOpen(path, std::nullopt);
}

void CaseSession::create(const QString &path, const casefile::CaseInfo &info)
{
    startOpen(path, info);
}

bool CaseSession::isOpening() const
{
    return m_jobs && m_jobs->isRunning(QStringLiteral("open-case"));
}

Result<CaseSession::Opened> CaseSession::openOnWorker(const QString &path, const casefile::Investigator &who,
                                                      const std::optional<casefile::CaseInfo> &create)
{
    if (create) {
        auto created = CaseFile::create(path, *create, who);
        if (!created)
            return created.error();
        // A new case lives in its write-ahead log until a checkpoint; the file's own header
        // (which other connections and programs check first) is written when it closes.
        // Close and reopen, so that workers and lineage-cli can open it at once.
        created->reset();
    }
    auto file = CaseFile::open(path, who, OpenMode::ReadWrite);
    if (!file && (file.error().code == ErrorCode::Io || file.error().code == ErrorCode::Altered)
        && QFileInfo::exists(path)) {
        // A case on read-only media or received read-only is still worth reading, and so
        // is one changed outside Lineage (its schema differs: it is never written).
        file = CaseFile::open(path, who, OpenMode::ReadOnly);
    }
    if (!file)
        return file.error();
    auto info = (*file)->info();
    if (!info)
        return info.error();
    Opened opened { std::move(*file), *info, {} };
    if (const auto &differences = opened.file->schemaDifferences(); !differences.isEmpty())
        opened.warning = tr("This case was changed outside Lineage: %1. It is open read-only; "
                            "File > Verify Case names every difference.")
                             .arg(casefile::CaseSchema::describe(differences));
    else if (opened.info.truncated)
        opened.warning = tr("A case property is longer than Lineage writes (over %1 bytes): it was changed outside "
                            "Lineage, and only its beginning is shown.")
                             .arg(CaseFile::kMaxPropertyBytes);
    return opened;
}

void CaseSession::startOpen(const QString &path, const std::optional<casefile::CaseInfo> &create)
{
    if (!m_jobs)
        return;
    using Outcome = Result<Opened>;
    const auto who = m_who;
    const QString name = QFileInfo(path).fileName();
    m_jobs->run<Outcome>(
        QStringLiteral("open-case"), create ? tr("Creating %1").arg(name) : tr("Opening %1").arg(name),
        [path, who, create](Feedback &) { return openOnWorker(path, who, create); }, this,
        [this, path](Outcome outcome) {
            if (!outcome) {
                emit openFailed(path, outcome.error());
                return;
            }
            adopt(std::move(*outcome));
        });
}

void CaseSession::adopt(Opened opened)
{
    close();
    m_file = std::move(opened.file);
    m_info = opened.info;
    m_warning = opened.warning;
    m_zone = DisplayZone::fromSetting(m_info.displayTimeZone);
    emit caseOpened();
}

void CaseSession::close()
{
    if (!m_file)
        return;
    emit caseClosing();
    // Replies from workers of this case must not reach the next one.
    if (m_jobs) {
        m_jobs->invalidateAll();
        m_jobs->waitForAll();
    }
    m_file.reset();
    m_info = {};
    m_warning.clear();
    m_zone = DisplayZone();
    emit caseClosed();
}

void CaseSession::updateInfo(const casefile::CaseInfo &info)
{
    if (!m_file || !m_jobs) {
        emit changeFailed(tr("The case properties were not saved."),
                          makeError(ErrorCode::InvalidInput, tr("No case is open.")));
        return;
    }
    using Stored = Result<casefile::CaseInfo>;
    const QString path = m_file->path();
    const auto who = m_who;
    // On a worker with its own connection: an import holding the case's write lock makes
    // this wait there, not in the window.
    m_jobs->run<Stored>(
        QStringLiteral("case-properties"), tr("Saving the case properties"),
        [path, who, info](Feedback &) -> Stored {
            auto file = openWriter(path, who);
            if (!file)
                return file.error();
            if (auto s = (*file)->updateInfo(info); !s)
                return s.error();
            return (*file)->info();
        },
        this,
        [this](Stored stored) {
            if (!stored) {
                emit changeFailed(tr("The case properties were not saved."), stored.error());
                return;
            }
            m_info = *stored;
            m_zone = DisplayZone::fromSetting(m_info.displayTimeZone);
            emit infoChanged();
            emit contentChanged();
        });
}

void CaseSession::notifyContentChanged()
{
    if (m_file)
        emit contentChanged();
}

Result<std::unique_ptr<CaseFile>> CaseSession::openReader(const QString &path, const casefile::Investigator &who)
{
    return CaseFile::open(path, who, OpenMode::ReadOnly);
}

Result<std::unique_ptr<CaseFile>> CaseSession::openWriter(const QString &path, const casefile::Investigator &who)
{
    return CaseFile::open(path, who, OpenMode::ReadWrite);
}

} // namespace lineage::ui
