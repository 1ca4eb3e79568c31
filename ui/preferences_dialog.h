// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QDialog>

class QLineEdit;

namespace lineage::ui {

// Edits the program's preferences: the investigator name written into every audit entry
// (default: the OS user). Saving writes the settings (AppSettings).
class PreferencesDialog : public QDialog
{
    Q_OBJECT
public:
    explicit PreferencesDialog(QWidget *parent = nullptr);

    QLineEdit *investigatorEdit() const { return m_investigator; }
    // Stores what the dialog shows.
    void save() const;

private:
    QLineEdit *m_investigator;
};

} // namespace lineage::ui
