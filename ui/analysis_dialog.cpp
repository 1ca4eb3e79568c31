// SPDX-License-Identifier: GPL-3.0-or-later
#include "analysis_dialog.h"

#include "forensics/analysis_runner.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QDoubleSpinBox>
#include <QFormLayout>
#include <QJsonArray>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSpinBox>
#include <QVBoxLayout>

namespace lineage::ui {

using forensics::ParameterSpec;
using forensics::ParameterType;

AnalysisDialog::AnalysisDialog(const forensics::AnalysisKind &kind, const QStringList &labels, QWidget *parent)
    : QDialog(parent), m_kind(kind), m_specs(kind.parameters())
{
    setWindowTitle(tr("Analyze: %1").arg(kind.title()));
    setObjectName(QStringLiteral("analysisDialog"));
    auto *layout = new QVBoxLayout(this);
    auto *about = new QLabel(kind.description(), this);
    about->setWordWrap(true);
    layout->addWidget(about);
    auto *strength = new QLabel(tr("<i>Strength:</i> %1").arg(kind.strengthRule().toHtmlEscaped()), this);
    strength->setWordWrap(true);
    layout->addWidget(strength);
    auto *form = new QFormLayout;
    for (const ParameterSpec &spec : std::as_const(m_specs)) {
        QWidget *editor = nullptr;
        switch (spec.type) {
        case ParameterType::Integer: {
            auto *box = new QSpinBox(this);
            box->setRange(int(std::max(spec.minimum, -2e9)), int(std::min(spec.maximum, 2e9)));
            box->setValue(spec.defaultValue.toInt());
            editor = box;
            break;
        }
        case ParameterType::Real: {
            auto *box = new QDoubleSpinBox(this);
            box->setDecimals(3);
            box->setSingleStep(0.01);
            box->setRange(std::max(spec.minimum, -1e9), std::min(spec.maximum, 1e9));
            box->setValue(spec.defaultValue.toDouble());
            editor = box;
            break;
        }
        case ParameterType::Boolean: {
            auto *box = new QCheckBox(this);
            box->setChecked(spec.defaultValue.toBool());
            editor = box;
            break;
        }
        case ParameterType::Choice: {
            auto *box = new QComboBox(this);
            box->addItems(spec.choices);
            box->setCurrentText(spec.defaultValue.toString());
            editor = box;
            break;
        }
        case ParameterType::Label:
        case ParameterType::Labels: {
            // Editable: several labels are separated by commas.
            auto *box = new QComboBox(this);
            box->setEditable(true);
            box->addItem(QString());
            box->addItems(labels);
            box->setCurrentIndex(0);
            box->lineEdit()->setPlaceholderText(tr("default"));
            editor = box;
            break;
        }
        case ParameterType::Text: {
            auto *edit = new QLineEdit(spec.defaultValue.toString(), this);
            edit->setPlaceholderText(tr("default"));
            editor = edit;
            break;
        }
        }
        editor->setObjectName(spec.name);
        editor->setToolTip(spec.description);
        editor->setWhatsThis(spec.description);
        m_editors.insert(spec.name, editor);
        form->addRow(spec.name + QLatin1Char(':'), editor);
    }
    layout->addLayout(form);
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    buttons->button(QDialogButtonBox::Ok)->setText(tr("Run"));
    connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    layout->addWidget(buttons);
}

QJsonObject AnalysisDialog::parameters() const
{
    QJsonObject out;
    for (const ParameterSpec &spec : m_specs) {
        QWidget *w = m_editors.value(spec.name);
        QJsonValue value;
        switch (spec.type) {
        case ParameterType::Integer:
            value = static_cast<QSpinBox *>(w)->value();
            break;
        case ParameterType::Real:
            value = static_cast<QDoubleSpinBox *>(w)->value();
            break;
        case ParameterType::Boolean:
            value = static_cast<QCheckBox *>(w)->isChecked();
            break;
        case ParameterType::Choice:
            value = static_cast<QComboBox *>(w)->currentText();
            break;
        case ParameterType::Label:
        case ParameterType::Labels: {
            const QString text = static_cast<QComboBox *>(w)->currentText().trimmed();
            if (text.isEmpty())
                continue;
            auto parsed = forensics::parseParameterText(spec, text);
            if (parsed)
                value = *parsed;
            break;
        }
        case ParameterType::Text: {
            const QString text = static_cast<QLineEdit *>(w)->text().trimmed();
            if (text.isEmpty())
                continue;
            value = text;
            break;
        }
        }
        if (value != spec.defaultValue)
            out.insert(spec.name, value);
    }
    return out;
}

} // namespace lineage::ui
