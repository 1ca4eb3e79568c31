// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "casefile/case_file.h"

#include <QDialog>

class QLineEdit;

namespace lineage::ui {

class TimeZoneChooser;

// Edits a case's properties: title, number, investigator, classification and display time
// zone. It only edits a CaseInfo; whoever opened it saves the result through the core
// (CaseFile::updateInfo, which audits the change).
class CasePropertiesDialog : public QDialog
{
    Q_OBJECT
public:
    explicit CasePropertiesDialog(const casefile::CaseInfo &info, QWidget *parent = nullptr);

    casefile::CaseInfo info() const;

    QLineEdit *titleEdit() const { return m_title; }
    QLineEdit *numberEdit() const { return m_number; }
    QLineEdit *investigatorEdit() const { return m_investigator; }
    QLineEdit *classificationEdit() const { return m_classification; }
    TimeZoneChooser *zoneChooser() const { return m_zone; }

private:
    casefile::CaseInfo m_info;
    QLineEdit *m_title;
    QLineEdit *m_number;
    QLineEdit *m_investigator;
    QLineEdit *m_classification;
    TimeZoneChooser *m_zone;
};

} // namespace lineage::ui
