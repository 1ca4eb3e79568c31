// SPDX-License-Identifier: GPL-3.0-or-later
#include "item_views.h"

#include "case_session.h"
#include "document_view.h"
#include "transcript_view.h"

#include <QStyle>
#include <QTabBar>
#include <QTabWidget>
#include <QToolButton>

namespace lineage::ui {

namespace {

constexpr const char *kItemProperty = "lineageItem";

QString keyOf(ItemKind kind, qint64 id)
{
    return QStringLiteral("%1:%2")
        .arg(kind == ItemKind::Transcript ? QStringLiteral("transcript") : QStringLiteral("document"))
        .arg(id);
}

} // namespace

QWidget *openItemView(QTabWidget *tabs, CaseSession *session, ItemKind kind, qint64 id, const QString &name)
{
    if (!session->isOpen())
        return nullptr;
    const QString key = keyOf(kind, id);
    for (int i = 0; i < tabs->count(); ++i) {
        if (tabs->widget(i)->property(kItemProperty).toString() == key) {
            tabs->setCurrentIndex(i);
            return tabs->widget(i);
        }
    }
    QWidget *view = nullptr;
    QString title;
    if (kind == ItemKind::Transcript) {
        auto *transcript = new TranscriptView(session, id, tabs);
        QObject::connect(transcript, &TranscriptView::propertiesRequested, tabs, [session, tabs](qint64 item) {
            openItemProperties(session, ItemKind::Transcript, item, tabs->window());
        });
        view = transcript;
        title = QObject::tr("Transcript: %1").arg(name);
    } else {
        auto *document = new DocumentView(session, id, tabs);
        QObject::connect(document, &DocumentView::propertiesRequested, tabs, [session, tabs](qint64 item) {
            openItemProperties(session, ItemKind::Document, item, tabs->window());
        });
        view = document;
        title = QObject::tr("Document: %1").arg(name);
    }
    view->setProperty(kItemProperty, key);
    QObject::connect(session, &CaseSession::caseClosing, view, &QObject::deleteLater);
    const int index = tabs->addTab(view, title.size() > 48 ? title.left(47) + QStringLiteral("…") : title);
    tabs->setTabToolTip(index, title);
    auto *close = new QToolButton(tabs);
    close->setObjectName(QStringLiteral("closeItemTab"));
    close->setAutoRaise(true);
    close->setIcon(tabs->style()->standardIcon(QStyle::SP_TitleBarCloseButton));
    close->setToolTip(QObject::tr("Close this view"));
    QObject::connect(close, &QToolButton::clicked, view, &QObject::deleteLater);
    tabs->tabBar()->setTabButton(index, QTabBar::RightSide, close);
    tabs->setCurrentIndex(index);
    return view;
}

} // namespace lineage::ui
