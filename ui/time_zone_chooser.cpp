// SPDX-License-Identifier: GPL-3.0-or-later
#include "time_zone_chooser.h"

#include <QButtonGroup>
#include <QLineEdit>
#include <QListView>
#include <QRadioButton>
#include <QSortFilterProxyModel>
#include <QStringListModel>
#include <QTimeZone>
#include <QVBoxLayout>

namespace lineage::ui {

TimeZoneChooser::TimeZoneChooser(QWidget *parent)
    : QWidget(parent), m_utc(new QRadioButton(tr("UTC"), this)),
      m_local(new QRadioButton(
          tr("Local time of this computer (%1)").arg(QString::fromUtf8(QTimeZone::systemTimeZoneId())), this)),
      m_named(new QRadioButton(tr("Named zone:"), this)), m_filter(new QLineEdit(this)), m_list(new QListView(this)),
      m_zones(new QStringListModel(this)), m_proxy(new QSortFilterProxyModel(this))
{
    QStringList ids;
    const auto available = QTimeZone::availableTimeZoneIds();
    ids.reserve(available.size());
    for (const QByteArray &id : available)
        ids << QString::fromUtf8(id);
    m_zones->setStringList(ids);
    m_proxy->setSourceModel(m_zones);
    m_proxy->setFilterCaseSensitivity(Qt::CaseInsensitive);
    m_list->setModel(m_proxy);
    m_list->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_list->setMinimumHeight(160);
    m_filter->setPlaceholderText(tr("Search zones, e.g. Berlin or Shanghai"));
    m_filter->setClearButtonEnabled(true);

    auto *group = new QButtonGroup(this);
    for (QRadioButton *b : { m_utc, m_local, m_named })
        group->addButton(b);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_utc);
    layout->addWidget(m_local);
    layout->addWidget(m_named);
    layout->addWidget(m_filter);
    layout->addWidget(m_list);

    connect(m_filter, &QLineEdit::textChanged, this, &TimeZoneChooser::setFilter);
    connect(group, &QButtonGroup::buttonToggled, this, [this](QAbstractButton *, bool on) {
        if (on) {
            updateEnabled();
            emit valueChanged(value());
        }
    });
    connect(m_list->selectionModel(), &QItemSelectionModel::currentChanged, this, [this] {
        if (m_named->isChecked())
            emit valueChanged(value());
    });
    m_utc->setChecked(true);
    updateEnabled();
}

QString TimeZoneChooser::value() const
{
    if (m_local->isChecked())
        return QStringLiteral("local");
    if (m_named->isChecked()) {
        const QModelIndex current = m_list->currentIndex();
        if (current.isValid())
            return current.data().toString();
    }
    return QStringLiteral("UTC");
}

void TimeZoneChooser::setValue(const QString &value)
{
    if (value == QLatin1String("local")) {
        m_local->setChecked(true);
    } else if (value.isEmpty() || value == QLatin1String("UTC")) {
        m_utc->setChecked(true);
    } else {
        m_named->setChecked(true);
        m_filter->clear();
        const int row = m_zones->stringList().indexOf(value);
        if (row >= 0) {
            const QModelIndex index = m_proxy->mapFromSource(m_zones->index(row));
            m_list->setCurrentIndex(index);
            m_list->scrollTo(index, QAbstractItemView::PositionAtCenter);
        }
    }
    updateEnabled();
}

void TimeZoneChooser::setFilter(const QString &text)
{
    if (m_filter->text() != text)
        m_filter->setText(text);
    m_proxy->setFilterFixedString(text);
    if (!text.isEmpty())
        m_named->setChecked(true);
    if (m_proxy->rowCount() > 0 && !m_list->currentIndex().isValid())
        m_list->setCurrentIndex(m_proxy->index(0, 0));
}

QStringList TimeZoneChooser::visibleZones() const
{
    QStringList out;
    for (int row = 0; row < m_proxy->rowCount(); ++row)
        out << m_proxy->index(row, 0).data().toString();
    return out;
}

void TimeZoneChooser::updateEnabled()
{
    const bool named = m_named->isChecked();
    m_list->setEnabled(named);
}

} // namespace lineage::ui
