// SPDX-License-Identifier: GPL-3.0-or-later
#include "audit_trail_model.h"

#include "case_session.h"
#include "job_runner.h"

namespace lineage::ui {

using casefile::AuditEntry;
using casefile::AuditLog;

AuditTrailModel::AuditTrailModel(CaseSession *session, QObject *parent)
    : QAbstractTableModel(parent), m_session(session)
{
    connect(session, &CaseSession::caseOpened, this, &AuditTrailModel::reload);
    connect(session, &CaseSession::contentChanged, this, &AuditTrailModel::reload);
    connect(session, &CaseSession::caseClosed, this, &AuditTrailModel::clear);
    connect(session, &CaseSession::infoChanged, this, [this] {
        emit headerDataChanged(Qt::Horizontal, Time, Time);
        if (!m_entries.isEmpty())
            emit dataChanged(index(0, Time), index(rowCount() - 1, Time));
    });
}

int AuditTrailModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_entries.size());
}

int AuditTrailModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant AuditTrailModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const AuditEntry &e = m_entries.at(index.row());
    if (role == Qt::DisplayRole) {
        switch (index.column()) {
        case Seq:
            return e.seq;
        case Time:
            return m_session->zone().format(e.utcMs);
        case Investigator:
            return e.investigator;
        case OsUser:
            return e.osUser;
        case Action:
            return e.action;
        case Target:
            return e.target;
        case Parameters:
            return e.parameters;
        case ResultColumn:
            return e.result;
        case Hash:
            return e.hash.left(16) + QStringLiteral("…");
        default:
            return {};
        }
    }
    if (role == Qt::ToolTipRole) {
        switch (index.column()) {
        case Time: {
            const int offset = e.localOffset;
            return tr("%1\nRecorded with local offset %2%3 min")
                .arg(DisplayZone::formatUtc(e.utcMs), offset < 0 ? QStringLiteral("-") : QStringLiteral("+"))
                .arg(qAbs(offset) / 60);
        }
        case Parameters:
            return e.parameters;
        case ResultColumn:
            return e.result;
        case Hash:
            return tr("Entry hash %1\nPrevious %2").arg(e.hash, e.prevHash);
        default:
            return {};
        }
    }
    if (role == Qt::TextAlignmentRole && index.column() == Seq)
        return QVariant(Qt::AlignRight | Qt::AlignVCenter);
    return {};
}

QVariant AuditTrailModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (section) {
    case Seq:
        return tr("Seq");
    case Time:
        return m_session->zone().header(tr("Time"));
    case Investigator:
        return tr("Investigator");
    case OsUser:
        return tr("OS user");
    case Action:
        return tr("Action");
    case Target:
        return tr("Target");
    case Parameters:
        return tr("Parameters");
    case ResultColumn:
        return tr("Result");
    case Hash:
        return tr("Hash");
    default:
        return {};
    }
}

void AuditTrailModel::reload()
{
    if (!m_session->isOpen())
        return;
    using Entries = Result<QList<AuditEntry>>;
    const QString path = m_session->path();
    const auto who = m_session->investigator();
    m_session->jobs()->run<Entries>(
        QStringLiteral("audit-trail"), tr("Reading the audit trail"),
        [path, who](Feedback &) -> Entries {
            auto file = CaseSession::openReader(path, who);
            if (!file)
                return file.error();
            return AuditLog::entries((*file)->db());
        },
        this,
        [this](Entries entries) {
            if (!entries) {
                emit loadFailed(entries.error());
                return;
            }
            beginResetModel();
            m_entries = std::move(*entries);
            endResetModel();
            emit reloaded();
        },
        JobRunner::Visibility::Quiet);
}

void AuditTrailModel::clear()
{
    beginResetModel();
    m_entries.clear();
    endResetModel();
}

} // namespace lineage::ui
