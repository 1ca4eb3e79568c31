// SPDX-License-Identifier: GPL-3.0-or-later
// lineage: the desktop workbench. `lineage CASE` opens a case; without one, the per-user
// scratch case (AppDataLocation/untitled.lineage, created on first run) opens.
#include "app_settings.h"
#include "case_session.h"
#include "casefile/case_file.h"
#include "casefile/investigator.h"
#include "core/version.h"
#include "main_window.h"
#include "preferences_dialog.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QDir>
#include <QFileInfo>
#include <QStandardPaths>

namespace {

// The scratch case used when no case is named, created on first run.
QString scratchCase(lineage::ui::MainWindow &window)
{
    const QString dir = QStandardPaths::writableLocation(QStandardPaths::AppDataLocation);
    QDir().mkpath(dir);
    const QString path = QDir(dir).filePath(QStringLiteral("untitled.lineage"));
    if (!QFileInfo::exists(path)) {
        lineage::casefile::CaseInfo info;
        info.title = QApplication::translate("main", "Untitled case");
        window.createCase(path, info);
    }
    return path;
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
    parser.setApplicationDescription(QApplication::translate("main", "Workbench for AI intellectual-property investigations."));
    parser.addHelpOption();
    parser.addVersionOption();
    parser.addPositionalArgument(QStringLiteral("CASE"), QApplication::translate("main", "The case file (*.lineage) to open."),
                                 QStringLiteral("[CASE]"));
    parser.process(app);

    // The investigator's name goes into every audit entry: asked once, then in Preferences.
    if (!lineage::ui::AppSettings().investigatorAsked()) {
        lineage::ui::PreferencesDialog ask;
        ask.setWindowTitle(QApplication::translate("main", "Welcome to Lineage"));
        if (ask.exec() != QDialog::Accepted)
            ask.save(); // keeps the default (the OS user) and does not ask again
    }

    lineage::ui::MainWindow window;
    window.show();
    const QStringList args = parser.positionalArguments();
    if (!args.isEmpty()) {
        window.openCase(args.first());
    } else {
        const QString path = scratchCase(window);
        if (window.session()->path() != path)
            window.openCase(path);
    }
    return app.exec();
}
