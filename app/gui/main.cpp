// SPDX-License-Identifier: GPL-3.0-or-later
// lineage: the desktop workbench. `lineage CASE` opens a case; without one, the per-user
// scratch case (AppDataLocation/untitled.lineage, created on first run) opens.
#include "app_settings.h"
#include "casefile/case_file.h"
#include "casefile/investigator.h"
#include "core/version.h"
#include "main_window.h"
#include "preferences_dialog.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QDir>
#include <QFileInfo>
#include <QSocketNotifier>
#include <QStandardPaths>
#include <QTabWidget>

#include <csignal>
#include <sys/socket.h>
#include <unistd.h>

namespace {

int g_signalPipe[2] = { -1, -1 };

// SIGTERM, SIGINT and SIGHUP end the program the ordinary way (the window closes the case,
// which leaves one self-contained file) instead of killing it with the write-ahead log open.
void onSignal(int)
{
    const char byte = 1;
    [[maybe_unused]] const auto written = ::write(g_signalPipe[0], &byte, 1);
}

void quitOnSignals(QApplication &app)
{
    if (::socketpair(AF_UNIX, SOCK_STREAM, 0, g_signalPipe) != 0)
        return;
    auto *notifier = new QSocketNotifier(g_signalPipe[1], QSocketNotifier::Read, &app);
    QObject::connect(notifier, &QSocketNotifier::activated, &app, [notifier] {
        notifier->setEnabled(false);
        char byte = 0;
        [[maybe_unused]] const auto got = ::read(g_signalPipe[1], &byte, 1);
        QApplication::closeAllWindows();
        QApplication::quit();
    });
    struct sigaction action = {};
    action.sa_handler = onSignal;
    sigemptyset(&action.sa_mask);
    action.sa_flags = SA_RESTART;
    for (int signal : { SIGTERM, SIGINT, SIGHUP })
        ::sigaction(signal, &action, nullptr);
}

// The scratch case used when no case is named: opened, or created on first run.
void openScratchCase(lineage::ui::MainWindow &window)
{
    const QString dir = QStandardPaths::writableLocation(QStandardPaths::AppDataLocation);
    QDir().mkpath(dir);
    const QString path = QDir(dir).filePath(QStringLiteral("untitled.lineage"));
    if (QFileInfo::exists(path)) {
        window.openCase(path);
        return;
    }
    lineage::casefile::CaseInfo info;
    info.title = QApplication::translate("main", "Untitled case");
    window.createCase(path, info);
}

} // namespace

int main(int argc, char *argv[])
{
    QApplication app(argc, argv);
    QApplication::setOrganizationName(QStringLiteral("Lineage"));
    QApplication::setApplicationName(QStringLiteral("Lineage"));
    QApplication::setApplicationVersion(lineage::programVersion());
    QApplication::setDesktopFileName(QStringLiteral("io.lineage.Lineage"));

    QCommandLineParser parser;
    parser.setApplicationDescription(
        QApplication::translate("main", "Workbench for AI intellectual-property investigations."));
    parser.addHelpOption();
    parser.addVersionOption();
    parser.addPositionalArgument(QStringLiteral("CASE"),
                                 QApplication::translate("main", "The case file (*.lineage) to open."),
                                 QStringLiteral("[CASE]"));
    const QCommandLineOption tab(QStringLiteral("tab"),
                                 QApplication::translate("main", "Show this tab first (e.g. Timeline)."),
                                 QStringLiteral("NAME"));
    parser.addOption(tab);
    parser.process(app);
    quitOnSignals(app);

    // The investigator's name goes into every audit entry: asked once, then in Preferences.
    if (!lineage::ui::AppSettings().investigatorAsked()) {
        lineage::ui::PreferencesDialog ask;
        ask.setWindowTitle(QApplication::translate("main", "Welcome to Lineage"));
        if (ask.exec() != QDialog::Accepted)
            ask.save(); // keeps the default (the OS user) and does not ask again
    }

    lineage::ui::MainWindow window;
    window.show();
    if (parser.isSet(tab)) {
        QTabWidget *tabs = window.tabs();
        for (int i = 0; i < tabs->count(); ++i)
            if (tabs->tabText(i).remove(QLatin1Char('&')).compare(parser.value(tab), Qt::CaseInsensitive) == 0)
                tabs->setCurrentIndex(i);
    }
    const QStringList args = parser.positionalArguments();
    if (!args.isEmpty())
        window.openCase(args.first());
    else
        openScratchCase(window);
    return app.exec();
}
