// SPDX-License-Identifier: GPL-3.0-or-later
// Helpers shared by the GUI tests: cases open on a worker, so the tests wait for the outcome;
// settings kept apart from the user's; screenshots on request.
#pragma once

#include "case_session.h"
#include "main_window.h"

#include <QCoreApplication>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTest>
#include <QWidget>

// Waits for an outcome; the generous limit only guards against a hang on a loaded machine.
#define WAIT_FOR(expr) QTRY_VERIFY_WITH_TIMEOUT(expr, 60000)

namespace lineage::ui::testing {

// Runs `start` (which opens or creates a case in `session`) and waits for the outcome; true
// when the case opened. The limit only guards against a hang on a loaded machine.
template<typename Start>
bool waitForOpen(CaseSession *session, Start start)
{
    QSignalSpy opened(session, &CaseSession::caseOpened);
    QSignalSpy failed(session, &CaseSession::openFailed);
    start();
    const bool answered = QTest::qWaitFor([&] { return !opened.isEmpty() || !failed.isEmpty(); }, 60000);
    return answered && !opened.isEmpty();
}

inline bool openCase(MainWindow &window, const QString &path)
{
    return waitForOpen(window.session(), [&] { window.openCase(path); });
}

inline bool createCase(MainWindow &window, const QString &path, const casefile::CaseInfo &info)
{
    return waitForOpen(window.session(), [&] { window.createCase(path, info); });
}

inline bool openCase(CaseSession &session, const QString &path)
{
    return waitForOpen(&session, [&] { session.open(path); });
}

// Settings and standard paths go to a test location under `applicationName`, not the user's.
inline void useTestSettings(const QString &applicationName)
{
    QStandardPaths::setTestModeEnabled(true);
    QCoreApplication::setOrganizationName(QStringLiteral("LineageTest"));
    QCoreApplication::setApplicationName(applicationName);
}

// With LINEAGE_SCREENSHOT_DIR set, saves what the widget shows, for looking at the pages.
inline void snapshot(QWidget *widget, const QString &name)
{
    const QString dir = qEnvironmentVariable("LINEAGE_SCREENSHOT_DIR");
    if (!dir.isEmpty())
        widget->grab().save(dir + QLatin1Char('/') + name + QStringLiteral(".png"));
}

} // namespace lineage::ui::testing
