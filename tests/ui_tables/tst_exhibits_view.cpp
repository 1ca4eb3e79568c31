// SPDX-License-Identifier: GPL-3.0-or-later
// The Exhibits tab: the numbered list in number order, renumbered by a drag and by Move
// Up/Down, captions edited in place, removal; undo and redo restore the exact rows and leave
// the audit chain valid. The findings exports of the File menu, audited with the SHA-256.
#include "annotation_controller.h"
#include "case_session.h"
#include "casefile/analysis_store.h"
#include "casefile/annotation_store.h"
#include "casefile/audit_log.h"
#include "exhibits_model.h"
#include "exhibits_view.h"
#include "findings_export_actions.h"
#include "job_runner.h"
#include "table_fixture.h"
#include "ui_test_support.h"

#include <QAbstractItemModelTester>
#include <QCryptographicHash>
#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QMenu>
#include <QMimeData>
#include <QPushButton>
#include <QSignalSpy>
#include <QTableView>
#include <QTest>

using namespace lineage;
using namespace lineage::casefile;
using namespace lineage::ui;

namespace {

QList<ExhibitRow> stored(const QString &path)
{
    auto file = CaseFile::open(path, lineage::testing::tester(), OpenMode::ReadOnly);
    if (!file)
        return {};
    auto rows = AnnotationStore::exhibits((*file)->db());
    return rows ? *rows : QList<ExhibitRow> {};
}

QList<qint64> idsOf(const QList<ExhibitRow> &rows)
{
    QList<qint64> ids;
    for (const auto &r : rows)
        ids << r.id;
    return ids;
}

QList<ExhibitRow> shown(const ExhibitsModel &model)
{
    QList<ExhibitRow> rows;
    for (int r = 0; r < model.rowCount(); ++r)
        rows << *model.exhibit(r);
    return rows;
}

bool chainValid(const QString &path)
{
    auto file = CaseFile::open(path, lineage::testing::tester(), OpenMode::ReadOnly);
    if (!file)
        return false;
    auto problems = AuditLog::verify((*file)->db());
    auto report = (*file)->verify();
    return problems && problems->isEmpty() && report && report->ok();
}

} // namespace

class TestExhibitsView : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase();
    void numberedListInOrder();
    void dragRenumbersAndUndoRestores();
    void moveButtonsCaptionAndRemove();
    void findingsExportActions();

private:
    QTemporaryDir m_dir;
    QString m_case;
    QList<ExhibitRow> m_original;
};

void TestExhibitsView::initTestCase()
{
    ui::testing::useTestSettings(QStringLiteral("tst_exhibits_view"));
    QVERIFY(m_dir.isValid());
    auto file = lineage::testing::recordsCase(m_dir, 40, QStringLiteral("exhibits.lineage"));
    QVERIFY(file);
    m_case = file->path();
    for (int i = 1; i <= 4; ++i) {
        auto e = AnnotationStore::addExhibit(*file, { QStringLiteral("record"), qint64(i * 3) },
                                             QStringLiteral("Caption %1").arg(i));
        QVERIFY(e);
    }
    // A finding with one shared passage, for the exports.
    FindingRow f;
    f.seq = 1;
    f.kind = QStringLiteral("reuse");
    f.strength = QStringLiteral("strong");
    f.subject = QStringLiteral("record 3");
    f.explanation = QStringLiteral("Shared passage.");
    f.spans = { { QStringLiteral("record"), 3, QStringLiteral("completion"), 0, 6, QStringLiteral("suspect"), 1 },
                { QStringLiteral("record"), 4, QStringLiteral("completion"), 0, 6, QStringLiteral("source"), 1 } };
    AnalysisRunRow run;
    run.kind = QStringLiteral("reuse");
    run.status = QStringLiteral("complete");
    run.engineVersion = QStringLiteral("test");
    auto s = file->auditedChange(QStringLiteral("analysis.run"), QStringLiteral("analysis:reuse"), {},
                                 [&]() -> Result<QJsonObject> {
                                     AnalysisStore store(file->db());
                                     auto id = store.insertRun(run);
                                     if (!id)
                                         return id.error();
                                     if (auto fid = store.insertFinding(*id, f); !fid)
                                         return fid.error();
                                     return QJsonObject {};
                                 });
    QVERIFY(s);
    file.reset();
    m_original = stored(m_case);
    QCOMPARE(m_original.size(), 4);
}

void TestExhibitsView::numberedListInOrder()
{
    JobRunner jobs;
    CaseSession session(&jobs);
    QVERIFY(ui::testing::openCase(session, m_case));
    AnnotationController controller(&session);
    ExhibitsView view(&session, &controller);
    QAbstractItemModelTester tester(view.model(), QAbstractItemModelTester::FailureReportingMode::QtTest);
    WAIT_FOR(view.model()->rowCount() == 4);
    QCOMPARE(shown(*view.model()), m_original);
    for (int r = 0; r < 4; ++r) {
        QCOMPARE(view.model()->exhibit(r)->number, r + 1);
        QCOMPARE(view.model()->data(view.model()->index(r, ExhibitsModel::Number)).toString(),
                 QStringLiteral("Exhibit %1").arg(r + 1));
        QVERIFY(view.model()
                    ->data(view.model()->index(r, ExhibitsModel::Item))
                    .toString()
                    .contains(QStringLiteral("record %1").arg((r + 1) * 3)));
    }
    QVERIFY(view.model()->flags(view.model()->index(0, ExhibitsModel::Caption)) & Qt::ItemIsEditable);
    QVERIFY(!(view.model()->flags(view.model()->index(0, ExhibitsModel::Item)) & Qt::ItemIsEditable));
    QVERIFY(view.model()->flags(view.model()->index(0, ExhibitsModel::Item)) & Qt::ItemIsDragEnabled);
    view.resize(900, 300);
    view.show();
    ui::testing::snapshot(&view, QStringLiteral("exhibits"));
}

void TestExhibitsView::dragRenumbersAndUndoRestores()
{
    JobRunner jobs;
    CaseSession session(&jobs);
    QVERIFY(ui::testing::openCase(session, m_case));
    AnnotationController controller(&session);
    ExhibitsView view(&session, &controller);
    QAbstractItemModelTester tester(view.model(), QAbstractItemModelTester::FailureReportingMode::QtTest);
    WAIT_FOR(view.model()->rowCount() == 4);
    ExhibitsModel *model = view.model();
    // The first row dropped below the last: it becomes number 4, the others move up.
    std::unique_ptr<QMimeData> drag(model->mimeData({ model->index(0, ExhibitsModel::Item) }));
    QVERIFY(model->canDropMimeData(drag.get(), Qt::MoveAction, 4, 0, {}));
    model->dropMimeData(drag.get(), Qt::MoveAction, 4, 0, {});
    WAIT_FOR(!controller.isBusy());
    const QList<qint64> moved { m_original[1].id, m_original[2].id, m_original[3].id, m_original[0].id };
    WAIT_FOR(idsOf(shown(*model)) == moved);
    QCOMPARE(idsOf(stored(m_case)), moved);
    for (int r = 0; r < 4; ++r)
        QCOMPARE(model->exhibit(r)->number, r + 1);
    // Dropped on row 1 (before it): the last becomes number 2.
    drag.reset(model->mimeData({ model->index(3, ExhibitsModel::Item) }));
    model->dropMimeData(drag.get(), Qt::MoveAction, -1, -1, model->index(1, 0));
    WAIT_FOR(!controller.isBusy());
    const QList<qint64> moved2 { m_original[1].id, m_original[0].id, m_original[2].id, m_original[3].id };
    WAIT_FOR(idsOf(shown(*model)) == moved2);
    // Undo twice: exactly the rows as they were (ids, numbers, captions, times).
    controller.undoAction()->trigger();
    WAIT_FOR(!controller.isBusy());
    controller.undoAction()->trigger();
    WAIT_FOR(!controller.isBusy());
    WAIT_FOR(shown(*model) == m_original);
    QCOMPARE(stored(m_case), m_original);
    // Redo once: the first drag again.
    controller.redoAction()->trigger();
    WAIT_FOR(!controller.isBusy());
    WAIT_FOR(idsOf(shown(*model)) == moved);
    controller.undoAction()->trigger();
    WAIT_FOR(!controller.isBusy());
    WAIT_FOR(shown(*model) == m_original);
    QVERIFY(chainValid(m_case));
}

void TestExhibitsView::moveButtonsCaptionAndRemove()
{
    JobRunner jobs;
    CaseSession session(&jobs);
    QVERIFY(ui::testing::openCase(session, m_case));
    AnnotationController controller(&session);
    ExhibitsView view(&session, &controller);
    WAIT_FOR(view.model()->rowCount() == 4);
    ExhibitsModel *model = view.model();
    auto *up = view.findChild<QPushButton *>(QStringLiteral("exhibitUp"));
    auto *down = view.findChild<QPushButton *>(QStringLiteral("exhibitDown"));
    auto *remove = view.findChild<QPushButton *>(QStringLiteral("exhibitRemove"));
    QVERIFY(up && down && remove);
    view.table()->setCurrentIndex(model->index(0, ExhibitsModel::Item));
    QVERIFY(!up->isEnabled());
    QVERIFY(down->isEnabled());
    // The context menu offers the same, for the current row.
    QMenu *menu = view.contextMenu();
    QStringList names;
    for (QAction *a : menu->actions())
        if (!a->isSeparator())
            names << a->objectName();
    QCOMPARE(names,
             (QStringList { QStringLiteral("exhibitUpAction"), QStringLiteral("exhibitDownAction"),
                            QStringLiteral("exhibitCaptionAction"), QStringLiteral("exhibitRemoveAction") }));
    QVERIFY(!menu->actions().front()->isEnabled());
    down->click();
    WAIT_FOR(!controller.isBusy());
    WAIT_FOR(model->rowCount() == 4 && model->exhibit(1)->id == m_original[0].id);
    // The moved exhibit stays current.
    WAIT_FOR(view.table()->currentIndex().row() == 1);
    // A caption edited in place.
    model->setData(model->index(1, ExhibitsModel::Caption), QStringLiteral("Scripted prompt"));
    WAIT_FOR(!controller.isBusy());
    WAIT_FOR(model->exhibit(1)->caption == QStringLiteral("Scripted prompt"));
    // Removed from the context menu: the later ones move up.
    view.table()->setCurrentIndex(model->index(1, ExhibitsModel::Item));
    QAction *remove2 = nullptr;
    for (QAction *a : view.contextMenu()->actions())
        if (a->objectName() == QLatin1String("exhibitRemoveAction"))
            remove2 = a;
    QVERIFY(remove2 && remove2->isEnabled());
    remove2->trigger();
    WAIT_FOR(!controller.isBusy());
    WAIT_FOR(model->rowCount() == 3);
    for (int r = 0; r < 3; ++r)
        QCOMPARE(model->exhibit(r)->number, r + 1);
    // Undo all three: exactly the rows as they were.
    for (int i = 0; i < 3; ++i) {
        controller.undoAction()->trigger();
        WAIT_FOR(!controller.isBusy());
    }
    WAIT_FOR(shown(*model) == m_original);
    QCOMPARE(stored(m_case), m_original);
    QVERIFY(chainValid(m_case));
}

void TestExhibitsView::findingsExportActions()
{
    JobRunner jobs;
    CaseSession session(&jobs);
    QVERIFY(ui::testing::openCase(session, m_case));
    QWidget window;
    FindingsExportActions actions(&session, &window);
    QVERIFY(actions.jsonAction()->isEnabled());
    QVERIFY(actions.panAction()->isEnabled());
    QSignalSpy exported(&actions, &FindingsExportActions::exported);
    const QString json = m_dir.filePath(QStringLiteral("gui-findings.json"));
    actions.exportTo(FindingsExportActions::Format::Json, json);
    WAIT_FOR(exported.count() == 1);
    QCOMPARE(exported.at(0).at(1).toString(), QString());
    QFile f(json);
    QVERIFY(f.open(QIODevice::ReadOnly));
    const QByteArray bytes = f.readAll();
    const QString sha = QString::fromLatin1(QCryptographicHash::hash(bytes, QCryptographicHash::Sha256).toHex());
    QVERIFY(exported.at(0).at(0).toString().contains(sha));
    QCOMPARE(QJsonDocument::fromJson(bytes).object().value(QStringLiteral("findings")).toArray().size(), 1);
    const QString pan = m_dir.filePath(QStringLiteral("gui-pan"));
    actions.exportTo(FindingsExportActions::Format::Pan, pan);
    WAIT_FOR(exported.count() == 2);
    QVERIFY(QFile::exists(QDir(pan).filePath(QStringLiteral("record-3-completion.xml"))));
    // Both in the audit trail with their hashes.
    auto file = CaseFile::open(m_case, lineage::testing::tester(), OpenMode::ReadOnly);
    QVERIFY(file);
    auto s = Statement::prepare((*file)->db(),
                                "SELECT result FROM audit_log WHERE action = 'findings.export' ORDER BY seq");
    QVERIFY(s);
    QStringList hashes;
    while (*s->step())
        hashes << QJsonDocument::fromJson(s->text(0).toUtf8())
                      .object()
                      .value(QStringLiteral("files"))
                      .toArray()[0][QStringLiteral("sha256")]
                      .toString();
    QCOMPARE(hashes.size(), 2);
    QCOMPARE(hashes[0], sha);
    QVERIFY(chainValid(m_case));
}

QTEST_MAIN(TestExhibitsView)
#include "tst_exhibits_view.moc"
