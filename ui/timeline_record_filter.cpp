// SPDX-License-Identifier: GPL-3.0-or-later
#include "timeline_record_filter.h"

#include "case_table_view.h"
#include "tables_view.h"

#include <QDateTime>
#include <QLineEdit>
#include <QProcess>
#include <QRegularExpression>
#include <QTimeZone>

namespace lineage::ui {

namespace {

QString isoUtc(qint64 ms)
{
    return QDateTime::fromMSecsSinceEpoch(ms, QTimeZone::utc()).toString(Qt::ISODateWithMs);
}

QString quoted(const QString &term)
{
    if (!term.contains(QLatin1Char(' ')) && !term.contains(QLatin1Char('"')))
        return term;
    QString t = term;
    t.replace(QLatin1Char('"'), QStringLiteral("\"\"\""));
    return QLatin1Char('"') + t + QLatin1Char('"');
}

} // namespace

QString recordFilterWithRange(const QString &filter, qint64 fromUtc, qint64 toUtc, const QString &account)
{
    static const QRegularExpression timeTerm(QStringLiteral("^time\\s*(=|!=|<|<=|>|>=)"));
    static const QRegularExpression accountTerm(QStringLiteral("^account\\s*(=|!=|~)"));
    QStringList terms;
    for (const QString &term : QProcess::splitCommand(filter)) {
        if (timeTerm.match(term).hasMatch())
            continue;
        if (!account.isEmpty() && accountTerm.match(term).hasMatch())
            continue;
        terms << quoted(term);
    }
    if (!account.isEmpty())
        terms << quoted(QStringLiteral("account=%1").arg(account));
    terms << QStringLiteral("time>=%1").arg(isoUtc(fromUtc)) << QStringLiteral("time<%1").arg(isoUtc(toUtc));
    return terms.join(QLatin1Char(' '));
}

void showRecordsInRange(TablesView *tables, qint64 fromUtc, qint64 toUtc, const QString &account)
{
    if (!tables)
        return;
    CaseTableView *records = tables->table(QStringLiteral("records"));
    if (!records)
        return;
    records->filterEdit()->setText(recordFilterWithRange(records->filterEdit()->text(), fromUtc, toUtc, account));
    records->applyFilter();
}

} // namespace lineage::ui
