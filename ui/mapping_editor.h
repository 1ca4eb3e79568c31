// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/result.h"

#include <QJsonObject>
#include <QWidget>

class QCheckBox;
class QComboBox;
class QLabel;
class QLineEdit;
class QTableWidget;

namespace lineage::ui {

// Edits a field-mapping profile for JSONL or CSV query logs (see ingest/mapping_profile.h):
// one row per record field with the JSON pointer or CSV column it comes from, the time
// format and the zone of naive times. definition() is the profile as the case stores it;
// validate() says what is wrong with it, in the profile's own words.
class MappingEditor : public QWidget
{
    Q_OBJECT
public:
    explicit MappingEditor(QWidget *parent = nullptr);

    QJsonObject definition() const;
    void setDefinition(const QJsonObject &definition);
    void setCsv(bool csv);
    bool isCsv() const;
    // Sets the source of one field ("/user/id", "timestamp", "#3").
    void setField(const QString &field, const QString &spec);
    QString field(const QString &field) const;
    [[nodiscard]] Status validate() const;

signals:
    void edited();

private:
    int rowOf(const QString &field) const;

    QComboBox *m_format;
    QTableWidget *m_fields;
    QComboBox *m_timeFormat;
    QLineEdit *m_timeZone;
    QLineEdit *m_delimiter;
    QCheckBox *m_header;
};

} // namespace lineage::ui
