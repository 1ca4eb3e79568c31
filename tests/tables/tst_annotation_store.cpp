// SPDX-License-Identifier: GPL-3.0-or-later
// Annotations: tags, stars, comments and exhibits change as asked, each change and each
// undo is a new audit entry on a valid chain, an undo restores the exact earlier state, and
// a bulk tag over a whole filter result is all or nothing (canceled, or its process killed).
#include "casefile/annotation_store.h"
#include "casefile/audit_log.h"
#include "casefile/table_store.h"
#include "common/cli_run.h"
#include "table_fixture.h"

#include <QElapsedTimer>
#include <QProcess>
#include <QTest>

using namespace lineage;
using namespace lineage::casefile;

namespace {

// Every annotation, by name and item (ids of tags are not part of what a person sees).
QStringList snapshot(Database &db)
{
    QStringList out;
    auto add = [&](const char *sql) {
        auto s = Statement::prepare(db, sql);
        if (!s) {
            out << QStringLiteral("error");
            return;
        }
        while (*s->step()) {
            QStringList cells;
            for (int i = 0; i < s->columnCount(); ++i)
                cells << s->value(i).toString();
            out << cells.join(QLatin1Char('|'));
        }
    };
    add("SELECT 'tag', t.name, t.color FROM tags t ORDER BY t.name");
    add("SELECT 'item_tag', t.name, it.item_kind, it.item_id FROM item_tags it JOIN tags t ON t.id = it.tag_id "
        "ORDER BY 2, 3, 4");
    add("SELECT 'star', item_kind, item_id FROM stars ORDER BY 2, 3");
    add("SELECT 'comment', id, item_kind, item_id, body, author, created_utc FROM comments ORDER BY id");
    add("SELECT 'exhibit', id, number, item_kind, item_id, title, note, created_utc FROM exhibits ORDER BY number");
    return out;
}

qint64 entries(Database &db)
{
    return *AuditLog::count(db);
}

bool chainValid(Database &db)
{
    auto problems = AuditLog::verify(db);
    return problems && problems->isEmpty();
}

qint64 tagged(Database &db, const QString &tag)
{
    auto s
        = Statement::prepare(db, "SELECT count(*) FROM item_tags it JOIN tags t ON t.id = it.tag_id WHERE t.name = ?");
    s->bind(1, tag);
    (void)s->step();
    return s->int64(0);
}

} // namespace

class TestAnnotationStore : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase();
    void tagUndoRestoresExactState();
    void starUndoRestoresExactState();
    void commentUndoRestoresExactState();
    void exhibitsStayNumbered();
    void unknownItemsAreRefused();
    void bulkTagOfAFilterResult();
    void canceledBulkTagLeavesNone();
    void killedBulkTagLeavesNoneOrAll();
    void cliMarksThroughTheSameCalls();

private:
    QTemporaryDir m_dir;
    std::unique_ptr<CaseFile> m_file;
};

void TestAnnotationStore::initTestCase()
{
    QVERIFY(m_dir.isValid());
    m_file = testing::recordsCase(m_dir, 3000, QStringLiteral("marks.lineage"), false);
    QVERIFY(m_file);
}

void TestAnnotationStore::tagUndoRestoresExactState()
{
    Database &db = m_file->db();
    QVERIFY(AnnotationStore::setTag(*m_file, QStringLiteral("keep"), QStringLiteral("record"), { 5 }, true));
    QVERIFY(AnnotationStore::setTag(*m_file, QStringLiteral("reuse"), QStringLiteral("record"), { 2 }, true));
    const QStringList before = snapshot(db);
    const qint64 entriesBefore = entries(db);

    // Record 2 already carries "reuse": the change (and so its undo) touches 1, 3 and 4 only.
    auto change
        = AnnotationStore::setTag(*m_file, QStringLiteral("reuse"), QStringLiteral("record"), { 1, 2, 3, 4 }, true);
    QVERIFY(change);
    QCOMPARE(change->changed, (QList<qint64> { 1, 3, 4 }));
    const QStringList after = snapshot(db);
    QVERIFY(after != before);
    QCOMPARE(AnnotationStore::forItem(db, { QStringLiteral("record"), 3 })->tags,
             QStringList { QStringLiteral("reuse") });

    auto undo = AnnotationStore::setTag(*m_file, QStringLiteral("reuse"), change->kind, change->changed, false);
    QVERIFY(undo);
    QCOMPARE(snapshot(db), before);
    auto redo = AnnotationStore::setTag(*m_file, QStringLiteral("reuse"), change->kind, change->changed, true);
    QVERIFY(redo);
    QCOMPARE(snapshot(db), after);

    // A new tag undone leaves no tag behind.
    auto fresh = AnnotationStore::setTag(*m_file, QStringLiteral("fresh"), QStringLiteral("turn"), {}, true);
    QVERIFY(fresh);
    const QStringList withFreshGone = snapshot(db);
    auto onRecord = AnnotationStore::setTag(*m_file, QStringLiteral("fresh"), QStringLiteral("record"), { 9 }, true);
    QVERIFY(onRecord);
    QVERIFY(
        AnnotationStore::setTag(*m_file, QStringLiteral("fresh"), QStringLiteral("record"), onRecord->changed, false));
    QCOMPARE(snapshot(db), withFreshGone);

    // Each change and each undo is a new entry; the chain holds.
    QCOMPARE(entries(db), entriesBefore + 6);
    QVERIFY(chainValid(db));
    auto log = AuditLog::entries(db);
    QCOMPARE(log->at(log->size() - 1).action, QStringLiteral("tag.remove"));
    QCOMPARE(log->at(log->size() - 2).action, QStringLiteral("tag.add"));
}

void TestAnnotationStore::starUndoRestoresExactState()
{
    Database &db = m_file->db();
    QVERIFY(AnnotationStore::setStar(*m_file, QStringLiteral("record"), { 7 }, true));
    const QStringList before = snapshot(db);
    auto change = AnnotationStore::setStar(*m_file, QStringLiteral("record"), { 6, 7, 8 }, true);
    QVERIFY(change);
    QCOMPARE(change->changed, (QList<qint64> { 6, 8 }));
    const QStringList after = snapshot(db);
    QVERIFY(AnnotationStore::setStar(*m_file, change->kind, change->changed, false));
    QCOMPARE(snapshot(db), before);
    QVERIFY(AnnotationStore::setStar(*m_file, change->kind, change->changed, true));
    QCOMPARE(snapshot(db), after);
    QVERIFY(AnnotationStore::forItem(db, { QStringLiteral("record"), 8 })->starred);
    QVERIFY(chainValid(db));
}

void TestAnnotationStore::commentUndoRestoresExactState()
{
    Database &db = m_file->db();
    const QStringList before = snapshot(db);
    auto c = AnnotationStore::addComment(*m_file, { QStringLiteral("record"), 12 },
                                         QStringLiteral("Same template as 11."));
    QVERIFY(c);
    QCOMPARE(c->author, testing::tester().name);
    const QStringList added = snapshot(db);
    QVERIFY(AnnotationStore::removeComment(*m_file, c->id)); // undo of the add
    QCOMPARE(snapshot(db), before);
    QVERIFY(AnnotationStore::restoreComment(*m_file, *c)); // redo
    QCOMPARE(snapshot(db), added);
    QVERIFY(AnnotationStore::editComment(*m_file, c->id, QStringLiteral("Same template as 11 and 13.")));
    QCOMPARE(AnnotationStore::comment(db, c->id)->body, QStringLiteral("Same template as 11 and 13."));
    QVERIFY(AnnotationStore::editComment(*m_file, c->id, c->body)); // undo of the edit
    QCOMPARE(snapshot(db), added);
    const auto item = AnnotationStore::forItem(db, { QStringLiteral("record"), 12 });
    QCOMPARE(item->comments.size(), 1);
    QCOMPARE(item->comments[0], *c);
    QVERIFY(!AnnotationStore::addComment(*m_file, { QStringLiteral("record"), 12 }, QStringLiteral("  ")));
    QVERIFY(chainValid(db));
}

void TestAnnotationStore::exhibitsStayNumbered()
{
    Database &db = m_file->db();
    auto order = [&] {
        QList<qint64> items;
        const auto list = AnnotationStore::exhibits(db);
        for (int i = 0; i < list->size(); ++i) {
            if (list->at(i).number != i + 1)
                return QList<qint64> { -1 };
            items << list->at(i).item.id;
        }
        return items;
    };
    const QStringList empty = snapshot(db);
    QList<ExhibitRow> added;
    for (qint64 id : { 100, 200, 300, 400 }) {
        auto e = AnnotationStore::addExhibit(*m_file, { QStringLiteral("record"), id },
                                             QStringLiteral("Record %1").arg(id));
        QVERIFY(e);
        added << *e;
    }
    QCOMPARE(order(), (QList<qint64> { 100, 200, 300, 400 }));
    auto chart = AnnotationStore::addExhibit(*m_file, { QStringLiteral("chart"), 1 }, QStringLiteral("Activity"), 2);
    QVERIFY(chart);
    QCOMPARE(order(), (QList<qint64> { 100, 1, 200, 300, 400 }));
    QVERIFY(AnnotationStore::removeExhibit(*m_file, chart->id));
    const QStringList four = snapshot(db);
    QVERIFY(AnnotationStore::moveExhibit(*m_file, added[3].id, 1)); // drag the last to the top
    QCOMPARE(order(), (QList<qint64> { 400, 100, 200, 300 }));
    QVERIFY(AnnotationStore::moveExhibit(*m_file, added[3].id, 4)); // undo
    QCOMPARE(snapshot(db), four);
    QVERIFY(AnnotationStore::moveExhibit(*m_file, added[0].id, 3));
    QCOMPARE(order(), (QList<qint64> { 200, 300, 100, 400 }));
    QVERIFY(AnnotationStore::moveExhibit(*m_file, added[0].id, 1));
    QCOMPARE(snapshot(db), four);
    const ExhibitRow second = *AnnotationStore::exhibit(db, added[1].id);
    QVERIFY(AnnotationStore::removeExhibit(*m_file, second.id));
    QCOMPARE(order(), (QList<qint64> { 100, 300, 400 }));
    QVERIFY(AnnotationStore::restoreExhibit(*m_file, second)); // undo of the removal
    QCOMPARE(snapshot(db), four);
    QVERIFY(AnnotationStore::setExhibitCaption(*m_file, second.id, QStringLiteral("The template")));
    QCOMPARE(AnnotationStore::exhibit(db, second.id)->caption, QStringLiteral("The template"));
    QVERIFY(AnnotationStore::setExhibitCaption(*m_file, second.id, second.caption));
    QCOMPARE(snapshot(db), four);
    QVERIFY(!AnnotationStore::moveExhibit(*m_file, second.id, 9));
    for (const ExhibitRow &e : std::as_const(added))
        QVERIFY(AnnotationStore::removeExhibit(*m_file, e.id));
    QCOMPARE(snapshot(db), empty);
    QVERIFY(chainValid(db));
}

void TestAnnotationStore::unknownItemsAreRefused()
{
    const qint64 before = entries(m_file->db());
    auto missing = AnnotationStore::setTag(*m_file, QStringLiteral("x"), QStringLiteral("record"), { 1, 999999 }, true);
    QVERIFY(!missing);
    QVERIFY(missing.error().message.contains(QLatin1String("no record 999999")));
    QVERIFY(!AnnotationStore::setStar(*m_file, QStringLiteral("planet"), { 1 }, true));
    QVERIFY(!AnnotationStore::setTag(*m_file, QStringLiteral(" "), QStringLiteral("record"), { 1 }, true));
    QVERIFY(!AnnotationStore::addExhibit(*m_file, { QStringLiteral("turn"), 5 }, {}));
    QCOMPARE(entries(m_file->db()), before);
    QCOMPARE(tagged(m_file->db(), QStringLiteral("x")), 0);
}

void TestAnnotationStore::bulkTagOfAFilterResult()
{
    const TableSpec &spec = TableSpec::records();
    TableQuery query;
    QVERIFY(query.addFilter(spec, QStringLiteral("model=o1")));
    QVERIFY(query.addFilter(spec, QStringLiteral("prompt_tokens>=40")));
    auto expected = TableStore::count(m_file->db(), spec, query);
    QVERIFY(expected && *expected > 100);
    const qint64 before = entries(m_file->db());
    auto change = AnnotationStore::setTagWhere(*m_file, QStringLiteral("o1-long"), spec, query, true);
    QVERIFY(change);
    QCOMPARE(qint64(change->changed.size()), *expected);
    QCOMPARE(entries(m_file->db()), before + 1); // one action, one entry
    TableQuery byTag;
    byTag.tag = QStringLiteral("o1-long");
    QCOMPARE(*TableStore::count(m_file->db(), spec, byTag), *expected);
    auto log = AuditLog::entries(m_file->db());
    const QJsonObject params = QJsonDocument::fromJson(log->last().parameters.toUtf8()).object();
    QCOMPARE(params.value(QStringLiteral("table")).toString(), QStringLiteral("records"));
    QCOMPARE(params.value(QStringLiteral("count")).toInteger(), *expected);
    auto undo = AnnotationStore::setTag(*m_file, QStringLiteral("o1-long"), change->kind, change->changed, false);
    QVERIFY(undo);
    QCOMPARE(tagged(m_file->db(), QStringLiteral("o1-long")), 0);
    QVERIFY(chainValid(m_file->db()));
}

void TestAnnotationStore::canceledBulkTagLeavesNone()
{
    QTemporaryDir dir;
    auto big = testing::recordsCase(dir, 40000, QStringLiteral("cancel.lineage"), false);
    QVERIFY(big);
    const qint64 before = entries(big->db());
    Feedback feedback;
    feedback.setObserver([&](const Feedback::Progress &p) {
        if (p.phase == QLatin1String("Marking"))
            feedback.cancel();
    });
    auto change = AnnotationStore::setTagWhere(*big, QStringLiteral("all"), TableSpec::records(), {}, true, feedback);
    QVERIFY(!change);
    QCOMPARE(change.error().code, ErrorCode::Canceled);
    QCOMPARE(tagged(big->db(), QStringLiteral("all")), 0);
    QCOMPARE(entries(big->db()), before);
}

void TestAnnotationStore::killedBulkTagLeavesNoneOrAll()
{
    QTemporaryDir dir;
    const qint64 records = 100000;
    QString path;
    {
        auto big = testing::recordsCase(dir, records, QStringLiteral("killed.lineage"), false);
        QVERIFY(big);
        path = big->path();
    }
    // Killed at several moments (before, during or after the transaction): never a part.
    int killedMidway = 0;
    for (int delayMs : { 100, 250, 500, 900 }) {
        QProcess p;
        p.start(QStringLiteral(LINEAGE_BIN_DIR "/lineage-cli"),
                { QStringLiteral("tag"), path, QStringLiteral("bulk-%1").arg(delayMs), QStringLiteral("--table"),
                  QStringLiteral("records") });
        QVERIFY(p.waitForStarted());
        QTest::qWait(delayMs);
        const bool running = p.state() == QProcess::Running;
        p.kill();
        p.waitForFinished();
        auto file = CaseFile::open(path, testing::tester());
        QVERIFY(file);
        const qint64 n = tagged((*file)->db(), QStringLiteral("bulk-%1").arg(delayMs));
        QVERIFY2(n == 0 || n == records, qPrintable(QString::number(n)));
        killedMidway += running && n == 0;
        QVERIFY(chainValid((*file)->db()));
        auto report = (*file)->verify();
        QVERIFY(report && report->ok());
    }
    qInfo() << killedMidway << "of 4 runs were killed before their commit";
    // Not killed: all of them.
    const auto run = testing::cli({ QStringLiteral("tag"), path, QStringLiteral("bulk-whole"),
                                    QStringLiteral("--table"), QStringLiteral("records"), QStringLiteral("--json") },
                                  120000);
    QCOMPARE(run.exitCode, 0);
    QCOMPARE(run.json().value(QStringLiteral("changed")).toInteger(), records);
}

void TestAnnotationStore::cliMarksThroughTheSameCalls()
{
    QTemporaryDir dir;
    QString path;
    {
        auto file = testing::recordsCase(dir, 50, QStringLiteral("cli.lineage"), false);
        QVERIFY(file);
        path = file->path();
    }
    using testing::cli;
    QCOMPARE(cli({ QStringLiteral("tag"), path, QStringLiteral("template"), QStringLiteral("record:1"),
                   QStringLiteral("record:2") })
                 .exitCode,
             0);
    auto byFilter
        = cli({ QStringLiteral("tag"), path, QStringLiteral("o1"), QStringLiteral("--table"), QStringLiteral("records"),
                QStringLiteral("--filter"), QStringLiteral("model=o1"), QStringLiteral("--json") });
    QCOMPARE(byFilter.exitCode, 0);
    QCOMPARE(byFilter.json().value(QStringLiteral("changed")).toInteger(), 12); // ids 3, 7, ... 47: i % 4 == 2
    QCOMPARE(cli({ QStringLiteral("star"), path, QStringLiteral("record:2") }).exitCode, 0);
    QCOMPARE(cli({ QStringLiteral("comment"), path, QStringLiteral("add"), QStringLiteral("record:2"),
                   QStringLiteral("Looks scripted.") })
                 .exitCode,
             0);
    auto ex = cli({ QStringLiteral("exhibit"), path, QStringLiteral("add"), QStringLiteral("record:2"),
                    QStringLiteral("--caption"), QStringLiteral("Scripted prompt"), QStringLiteral("--json") });
    QCOMPARE(ex.exitCode, 0);
    QCOMPARE(ex.json().value(QStringLiteral("number")).toInt(), 1);
    const auto bad = cli({ QStringLiteral("tag"), path, QStringLiteral("x"), QStringLiteral("record:x") });
    QCOMPARE(bad.exitCode, 2);
    QVERIFY(bad.err.contains("KIND:ID"));

    auto file = CaseFile::open(path, testing::tester());
    QVERIFY(file);
    const auto a = AnnotationStore::forItem((*file)->db(), { QStringLiteral("record"), 2 });
    QVERIFY(a);
    QCOMPARE(a->tags, QStringList { QStringLiteral("template") });
    QVERIFY(a->starred);
    QCOMPARE(a->comments.size(), 1);
    QCOMPARE(a->comments[0].body, QStringLiteral("Looks scripted."));
    QCOMPARE(a->exhibits.size(), 1);
    QCOMPARE(a->exhibits[0].caption, QStringLiteral("Scripted prompt"));
    QCOMPARE(tagged((*file)->db(), QStringLiteral("o1")), 12);
    QVERIFY(chainValid((*file)->db()));
}

QTEST_GUILESS_MAIN(TestAnnotationStore)
#include "tst_annotation_store.moc"
