// SPDX-License-Identifier: GPL-3.0-or-later
#include "case_session.h"

#include "job_runner.h"

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

Status CaseSession::open(const QString &path)
{
    auto file = CaseFile::open(path, m_who, OpenMode::ReadWrite);
    if (!file && file.error().code == ErrorCode::Io) {
        // A case on read-only media or received read-only is still worth reading.
        auto readOnly = CaseFile::open(path, m_who, OpenMode::ReadOnly);
        if (readOnly)
            return adopt(std::move(*readOnly));
    }
    if (!file)
        return file.error();
    return adopt(std::move(*file));
}

Status CaseSession::create(const QString &path, const casefile::CaseInfo &info)
{
    auto file = CaseFile::create(path, info, m_who);
    if (!file)
        return file.error();
    // A new case lives in its write-ahead log until a checkpoint; the file's own header
    // (which other connections and programs check first) is written when it closes.
    // Close and reopen, so that workers and lineage-cli can open it at once.
    file->reset();
    return open(path);
}

Status CaseSession::adopt(std::unique_ptr<CaseFile> file)
{
    auto info = file->info();
    if (!info)
        return info.error();
    close();
    m_file = std::move(file);
    m_info = *info;
    m_zone = DisplayZone::fromSetting(m_info.displayTimeZone);
    emit caseOpened();
    return {};
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
    m_zone = DisplayZone();
    emit caseClosed();
}

Status CaseSession::updateInfo(const casefile::CaseInfo &info)
{
    if (!m_file)
        return makeError(ErrorCode::InvalidInput, tr("No case is open."));
    if (auto s = m_file->updateInfo(info); !s)
        return s;
    auto stored = m_file->info();
    if (!stored)
        return stored.error();
    m_info = *stored;
    m_zone = DisplayZone::fromSetting(m_info.displayTimeZone);
    emit infoChanged();
    emit contentChanged();
    return {};
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
