// SPDX-License-Identifier: GPL-3.0-or-later
#include "mapping_editor.h"

#include "ingest/mapping_profile.h"

#include <QCheckBox>
#include <QComboBox>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QJsonArray>
#include <QLineEdit>
#include <QTableWidget>
#include <QVBoxLayout>

namespace lineage::ui {

using ingest::MappingProfile;

MappingEditor::MappingEditor(QWidget *parent)
    : QWidget(parent), m_format(new QComboBox(this)), m_fields(new QTableWidget(this)),
      m_timeFormat(new QComboBox(this)), m_timeZone(new QLineEdit(this)),
      m_delimiter(new QLineEdit(QStringLiteral(","), this)),
      m_header(new QCheckBox(tr("First row names the columns"), this))
{
    setObjectName(QStringLiteral("mappingEditor"));
    m_format->addItem(tr("JSON Lines (JSON pointers such as /user/id)"), QStringLiteral("jsonl"));
    m_format->addItem(tr("CSV (column names, or #3 for the third column)"), QStringLiteral("csv"));
    const QStringList names = MappingProfile::fieldNames();
    m_fields->setColumnCount(2);
    m_fields->setHorizontalHeaderLabels({ tr("Field"), tr("Comes from") });
    m_fields->setRowCount(int(names.size()));
    for (int row = 0; row < names.size(); ++row) {
        auto *name = new QTableWidgetItem(names[row]);
        name->setFlags(Qt::ItemIsEnabled | Qt::ItemIsSelectable);
        m_fields->setItem(row, 0, name);
        m_fields->setItem(row, 1, new QTableWidgetItem);
    }
    m_fields->verticalHeader()->setVisible(false);
    m_fields->verticalHeader()->setDefaultSectionSize(m_fields->fontMetrics().height() + 8);
    m_fields->horizontalHeader()->setStretchLastSection(true);
    m_fields->setMinimumHeight(160);
    m_timeFormat->setEditable(true);
    m_timeFormat->addItems({ QStringLiteral("auto"), QStringLiteral("iso8601"), QStringLiteral("epoch-s"),
                             QStringLiteral("epoch-ms"), QStringLiteral("yyyy-MM-dd HH:mm:ss") });
    m_timeFormat->setToolTip(tr("auto, iso8601, epoch-s, epoch-ms, or a Qt date format such as dd.MM.yyyy HH:mm"));
    m_timeZone->setPlaceholderText(tr("zone of times without offset, e.g. Asia/Shanghai (empty: UTC)"));
    m_header->setChecked(true);

    auto *csvRow = new QHBoxLayout;
    csvRow->addWidget(m_delimiter);
    csvRow->addWidget(m_header);
    m_delimiter->setMaximumWidth(40);
    auto *form = new QFormLayout;
    form->addRow(tr("Layout:"), m_format);
    form->addRow(tr("Time format:"), m_timeFormat);
    form->addRow(tr("Time zone:"), m_timeZone);
    form->addRow(tr("CSV delimiter:"), csvRow);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addLayout(form);
    layout->addWidget(m_fields);

    connect(m_format, &QComboBox::currentIndexChanged, this, [this] {
        m_delimiter->setEnabled(isCsv());
        m_header->setEnabled(isCsv());
        emit edited();
    });
    connect(m_fields, &QTableWidget::itemChanged, this, &MappingEditor::edited);
    connect(m_timeFormat, &QComboBox::currentTextChanged, this, &MappingEditor::edited);
    connect(m_timeZone, &QLineEdit::textChanged, this, &MappingEditor::edited);
    connect(m_delimiter, &QLineEdit::textChanged, this, &MappingEditor::edited);
    connect(m_header, &QCheckBox::toggled, this, &MappingEditor::edited);
    m_delimiter->setEnabled(false);
    m_header->setEnabled(false);
}

int MappingEditor::rowOf(const QString &field) const
{
    return int(MappingProfile::fieldNames().indexOf(field));
}

void MappingEditor::setCsv(bool csv)
{
    m_format->setCurrentIndex(csv ? 1 : 0);
}

bool MappingEditor::isCsv() const
{
    return m_format->currentData().toString() == QLatin1String("csv");
}

void MappingEditor::setField(const QString &field, const QString &spec)
{
    const int row = rowOf(field);
    if (row >= 0)
        m_fields->item(row, 1)->setText(spec);
}

QString MappingEditor::field(const QString &field) const
{
    const int row = rowOf(field);
    return row >= 0 ? m_fields->item(row, 1)->text().trimmed() : QString();
}

QJsonObject MappingEditor::definition() const
{
    QJsonObject fields;
    for (const QString &name : MappingProfile::fieldNames())
        if (const QString spec = field(name); !spec.isEmpty())
            fields.insert(name, spec);
    QJsonObject json { { QStringLiteral("format"), m_format->currentData().toString() },
                       { QStringLiteral("fields"), fields },
                       { QStringLiteral("required"), QJsonArray { QStringLiteral("time") } } };
    const QString timeFormat = m_timeFormat->currentText().trimmed();
    if (!timeFormat.isEmpty() && timeFormat != QLatin1String("auto"))
        json.insert(QStringLiteral("time_format"), timeFormat);
    if (!m_timeZone->text().trimmed().isEmpty())
        json.insert(QStringLiteral("time_zone"), m_timeZone->text().trimmed());
    if (isCsv())
        json.insert(QStringLiteral("csv"),
                    QJsonObject { { QStringLiteral("delimiter"), m_delimiter->text() },
                                  { QStringLiteral("header"), m_header->isChecked() } });
    return json;
}

void MappingEditor::setDefinition(const QJsonObject &json)
{
    const QSignalBlocker blockFields(m_fields);
    setCsv(json.value(QStringLiteral("format")).toString() == QLatin1String("csv"));
    const QJsonObject fields = json.value(QStringLiteral("fields")).toObject();
    for (const QString &name : MappingProfile::fieldNames())
        setField(name, fields.value(name).toString());
    m_timeFormat->setCurrentText(json.value(QStringLiteral("time_format")).toString(QStringLiteral("auto")));
    m_timeZone->setText(json.value(QStringLiteral("time_zone")).toString());
    const QJsonObject csv = json.value(QStringLiteral("csv")).toObject();
    m_delimiter->setText(csv.value(QStringLiteral("delimiter")).toString(QStringLiteral(",")));
    m_header->setChecked(csv.value(QStringLiteral("header")).toBool(true));
    emit edited();
}

Status MappingEditor::validate() const
{
    auto profile = MappingProfile::fromJson(definition());
    if (!profile)
        return profile.error();
    return {};
}

} // namespace lineage::ui
