// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "casefile/audit_log.h"

#include <QAbstractTableModel>

namespace lineage::ui {

class CaseSession;

// The case's audit trail as a table: one row per entry, times in the case's display zone
// with the zone named in the header. Loads on a worker whenever the case opens or changes;
// reloaded() says when a load arrived, loadFailed() when it could not be read.
class AuditTrailModel : public QAbstractTableModel
{
    Q_OBJECT
public:
    enum Column { Seq, Time, Investigator, OsUser, Action, Target, Parameters, ResultColumn, Hash, ColumnCount };

    explicit AuditTrailModel(CaseSession *session, QObject *parent = nullptr);

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

    void reload();
    const casefile::AuditEntry &entry(int row) const { return m_entries.at(row); }

signals:
    void reloaded();
    void loadFailed(const lineage::Error &error);

private:
    void clear();

    CaseSession *m_session;
    QList<casefile::AuditEntry> m_entries;
};

} // namespace lineage::ui
