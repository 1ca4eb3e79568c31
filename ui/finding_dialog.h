// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QDialog>

class QTextBrowser;

namespace lineage::ui {

class CaseSession;

// The details of one finding, or of one analysis run and its findings: explanation,
// strength, statistics, references and the kind's details, read on a worker. A small view
// until the Findings tab arrives.
class FindingDialog : public QDialog
{
    Q_OBJECT
public:
    enum class Item { Finding, Run };
    FindingDialog(CaseSession *session, Item item, qint64 id, QWidget *parent = nullptr);

    QString text() const;

signals:
    void loaded();

private:
    QTextBrowser *m_text;
};

} // namespace lineage::ui
