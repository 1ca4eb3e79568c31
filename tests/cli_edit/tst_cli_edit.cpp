// SPDX-License-Identifier: GPL-3.0-or-later
// lineage-cli transcripts/transcript, documents/document and dates, through the real
// executable on a case built with lineage-cli itself.
#include "common/cli_run.h"

#include <QDateTime>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

namespace {

using Run = lineage::testing::CliRun;
using lineage::testing::cli;

QString fixture(const QString &name)
{
    return QStringLiteral(LINEAGE_TEST_DATA "/ui_edit/") + name;
}

// The audit entries with this action.
QList<QJsonObject> audit(const QString &file, const QString &action)
{
    QList<QJsonObject> found;
    const Run log = cli({ QStringLiteral("log"), file, QStringLiteral("--json") });
    const QJsonArray entries = log.json().value(QStringLiteral("entries")).toArray();
    for (const QJsonValue &e : entries)
        if (e.toObject().value(QStringLiteral("action")).toString() == action)
            found.append(e.toObject());
    return found;
}

} // namespace

class TestCliEdit : public QObject
{
    Q_OBJECT

private slots:
    void init();
    void transcriptLabelAndRole();
    void documentFields();
    void datesBecomeEvents();
    void transcriptTurnsAndDocumentPages();
    void importWithoutRoleIsUnassigned();
    void badInput_data();
    void badInput();

private:
    QTemporaryDir m_dir;
    QString m_case;
    int m_made = 0;
};

void TestCliEdit::init()
{
    // A fresh case per test: one transcript file, one text document.
    m_case = m_dir.filePath(QStringLiteral("edit%1.lineage").arg(++m_made));
    const QString who = QStringLiteral("--investigator");
    const QString name = QStringLiteral("C. Clerk");
    Run made = cli({ QStringLiteral("new"), m_case, QStringLiteral("--title"), QStringLiteral("Edit"), who, name });
    QVERIFY2(made.exitCode == 0, made.err.constData());
    Run t = cli({ QStringLiteral("import"), m_case, QStringLiteral("--kind"), QStringLiteral("transcript"),
                  QStringLiteral("--label"), QStringLiteral("dd-7b"), QStringLiteral("--role"),
                  QStringLiteral("provider"), fixture(QStringLiteral("chat.jsonl")), who, name });
    QVERIFY2(t.exitCode == 0, t.err.constData());
    Run d = cli({ QStringLiteral("import"), m_case, QStringLiteral("--kind"), QStringLiteral("document"),
                  fixture(QStringLiteral("notice.txt")), who, name });
    QVERIFY2(d.exitCode == 0, d.err.constData());
}

void TestCliEdit::transcriptLabelAndRole()
{
    Run list = cli({ QStringLiteral("transcripts"), m_case, QStringLiteral("--json") });
    QCOMPARE(list.exitCode, 0);
    const QJsonArray transcripts = list.json().value(QStringLiteral("transcripts")).toArray();
    QCOMPARE(transcripts.size(), 1);
    const QJsonObject t = transcripts[0].toObject();
    QCOMPARE(t.value(QStringLiteral("model_label")).toString(), QStringLiteral("dd-7b"));
    QCOMPARE(t.value(QStringLiteral("role")).toString(), QStringLiteral("provider"));
    QCOMPARE(t.value(QStringLiteral("turns")).toInt(), 2);
    const QString id = QString::number(t.value(QStringLiteral("id")).toInteger());

    Run edit = cli({ QStringLiteral("transcript"), m_case, id, QStringLiteral("--label"),
                     QStringLiteral("DeepDistill-7B"), QStringLiteral("--role"), QStringLiteral("suspect"),
                     QStringLiteral("--json"), QStringLiteral("--investigator"), QStringLiteral("D. Editor") });
    QVERIFY2(edit.exitCode == 0, edit.err.constData());
    QCOMPARE(edit.json().value(QStringLiteral("changed")).toBool(), true);

    Run text = cli({ QStringLiteral("transcripts"), m_case });
    QCOMPARE(text.exitCode, 0);
    QVERIFY2(text.out.contains("DeepDistill-7B  suspect  2 turns"), text.out.constData());
    const auto edits = audit(m_case, QStringLiteral("transcript.edit"));
    QCOMPARE(edits.size(), 1);
    QCOMPARE(edits[0].value(QStringLiteral("investigator")).toString(), QStringLiteral("D. Editor"));
    QCOMPARE(edits[0].value(QStringLiteral("target")).toString(), QStringLiteral("transcript:") + id);
    const QJsonObject params = edits[0].value(QStringLiteral("parameters")).toObject();
    QCOMPARE(params.value(QStringLiteral("before")).toObject().value(QStringLiteral("role")).toString(),
             QStringLiteral("provider"));
    QCOMPARE(params.value(QStringLiteral("after")).toObject().value(QStringLiteral("model_label")).toString(),
             QStringLiteral("DeepDistill-7B"));

    // The same values again change nothing and write no audit entry.
    Run again = cli({ QStringLiteral("transcript"), m_case, id, QStringLiteral("--role"), QStringLiteral("suspect") });
    QCOMPARE(again.exitCode, 0);
    QVERIFY(again.out.contains("Nothing changed."));
    QCOMPARE(audit(m_case, QStringLiteral("transcript.edit")).size(), 1);
}

// Issue 7: 'lineage-cli transcript CASE ID' prints the turns (--turn N for one, --json with
// their text), 'lineage-cli document CASE ID' the text page by page (--page N).
void TestCliEdit::transcriptTurnsAndDocumentPages()
{
    const QString id = QString::number(cli({ QStringLiteral("transcripts"), m_case, QStringLiteral("--json") })
                                           .json()
                                           .value(QStringLiteral("transcripts"))
                                           .toArray()[0]
                                           .toObject()
                                           .value(QStringLiteral("id"))
                                           .toInteger());
    Run all = cli({ QStringLiteral("transcript"), m_case, id });
    QVERIFY2(all.exitCode == 0, all.err.constData());
    const QString text = QString::fromUtf8(all.out);
    QVERIFY2(text.contains(QStringLiteral("--- turn 1 · line 1")), all.out.constData());
    QVERIFY(
        text.contains(QStringLiteral("[prompt]\nWho are you?\n[answer]\nI am ChatGPT, a model trained by OpenAI.")));
    QVERIFY(text.contains(QStringLiteral("--- turn 2 · line 2")));
    QVERIFY(text.contains(QStringLiteral("[prompt]\n你是谁？\n[answer]\n我是ChatGPT。")));
    QVERIFY(text.indexOf(QStringLiteral("turn 1")) < text.indexOf(QStringLiteral("turn 2")));

    Run one = cli({ QStringLiteral("transcript"), m_case, id, QStringLiteral("--turn"), QStringLiteral("2"),
                    QStringLiteral("--json") });
    QVERIFY2(one.exitCode == 0, one.err.constData());
    QCOMPARE(one.json().value(QStringLiteral("turns")).toInt(), 2); // the count stays what it was
    const QJsonArray turns = one.json().value(QStringLiteral("turn_texts")).toArray();
    QCOMPARE(turns.size(), 1);
    const QJsonObject second = turns[0].toObject();
    QCOMPARE(second.value(QStringLiteral("turn")).toInt(), 2);
    QCOMPARE(second.value(QStringLiteral("prompt")).toString(), QStringLiteral("你是谁？"));
    QCOMPARE(second.value(QStringLiteral("answer")).toString(), QStringLiteral("我是ChatGPT。"));
    QCOMPARE(second.value(QStringLiteral("answer_chars")).toInt(), 10);
    QCOMPARE(second.value(QStringLiteral("line")).toInt(), 2);

    Run missing = cli({ QStringLiteral("transcript"), m_case, id, QStringLiteral("--turn"), QStringLiteral("3") });
    QCOMPARE(missing.exitCode, 2);
    QVERIFY2(missing.err.contains("has 2 turn(s); there is no turn 3"), missing.err.constData());
    Run both = cli({ QStringLiteral("transcript"), m_case, id, QStringLiteral("--turn"), QStringLiteral("1"),
                     QStringLiteral("--role"), QStringLiteral("control") });
    QCOMPARE(both.exitCode, 2);

    const QString doc = QString::number(cli({ QStringLiteral("documents"), m_case, QStringLiteral("--json") })
                                            .json()
                                            .value(QStringLiteral("documents"))
                                            .toArray()[0]
                                            .toObject()
                                            .value(QStringLiteral("id"))
                                            .toInteger());
    Run pages = cli({ QStringLiteral("document"), m_case, doc });
    QVERIFY2(pages.exitCode == 0, pages.err.constData());
    QVERIFY2(pages.out.contains("--- page 1 of 1"), pages.out.constData());
    QVERIFY(QString::fromUtf8(pages.out).contains(QStringLiteral("本通知自2024年3月10日起生效。")));
    Run page = cli({ QStringLiteral("document"), m_case, doc, QStringLiteral("--page"), QStringLiteral("1"),
                     QStringLiteral("--json") });
    QCOMPARE(page.exitCode, 0);
    const QJsonArray list = page.json().value(QStringLiteral("page_texts")).toArray();
    QCOMPARE(list.size(), 1);
    QVERIFY(list[0].toObject().value(QStringLiteral("text")).toString().startsWith(QStringLiteral("NOTICE OF BREACH")));
    Run noPage = cli({ QStringLiteral("document"), m_case, doc, QStringLiteral("--page"), QStringLiteral("2") });
    QCOMPARE(noPage.exitCode, 2);
    QVERIFY(noPage.err.contains("there is no page 2"));
}

// Issue 7: without --role a transcript is not a suspect; it stays unassigned until given one.
void TestCliEdit::importWithoutRoleIsUnassigned()
{
    Run t = cli({ QStringLiteral("import"), m_case, QStringLiteral("--kind"), QStringLiteral("transcript"),
                  QStringLiteral("--label"), QStringLiteral("mystery-model"),
                  QStringLiteral(LINEAGE_TEST_DATA "/ingest_docs/alpaca_two_generators/alpaca_eval.json") });
    QVERIFY2(t.exitCode == 0, t.err.constData());
    const QJsonArray transcripts = cli({ QStringLiteral("transcripts"), m_case, QStringLiteral("--json") })
                                       .json()
                                       .value(QStringLiteral("transcripts"))
                                       .toArray();
    QCOMPARE(transcripts.size(), 2);
    QCOMPARE(transcripts[1].toObject().value(QStringLiteral("model_label")).toString(),
             QStringLiteral("mystery-model"));
    QCOMPARE(transcripts[1].toObject().value(QStringLiteral("role")).toString(), QStringLiteral("unassigned"));
    Run info = cli({ QStringLiteral("info"), m_case, QStringLiteral("--json") });
    QCOMPARE(info.json()
                 .value(QStringLiteral("counts"))
                 .toObject()
                 .value(QStringLiteral("transcripts_without_role"))
                 .toInt(),
             1);
}

void TestCliEdit::documentFields()
{
    Run list = cli({ QStringLiteral("documents"), m_case, QStringLiteral("--json") });
    QCOMPARE(list.exitCode, 0);
    const QJsonArray documents = list.json().value(QStringLiteral("documents")).toArray();
    QCOMPARE(documents.size(), 1);
    QCOMPARE(documents[0].toObject().value(QStringLiteral("type")).toString(), QStringLiteral("other"));
    QCOMPARE(documents[0].toObject().value(QStringLiteral("pages")).toInt(), 1);
    const QString id = QString::number(documents[0].toObject().value(QStringLiteral("id")).toInteger());

    Run edit = cli({ QStringLiteral("document"), m_case, id, QStringLiteral("--type"), QStringLiteral("letter"),
                     QStringLiteral("--parties"), QStringLiteral("Example AI; Distill Labs"),
                     QStringLiteral("--effective-date"), QStringLiteral("2024-03-10"), QStringLiteral("--json") });
    QVERIFY2(edit.exitCode == 0, edit.err.constData());
    QJsonObject d = edit.json();
    QCOMPARE(d.value(QStringLiteral("type")).toString(), QStringLiteral("letter"));
    QCOMPARE(d.value(QStringLiteral("parties")).toString(), QStringLiteral("Example AI; Distill Labs"));
    QCOMPARE(d.value(QStringLiteral("effective_date")).toString(), QStringLiteral("2024-03-10"));

    // "none" clears the date and leaves the other fields.
    Run cleared = cli({ QStringLiteral("document"), m_case, id, QStringLiteral("--effective-date"),
                        QStringLiteral("none"), QStringLiteral("--json") });
    QCOMPARE(cleared.exitCode, 0);
    Run shown = cli({ QStringLiteral("document"), m_case, id, QStringLiteral("--json") });
    QCOMPARE(shown.exitCode, 0);
    d = shown.json();
    QCOMPARE(d.value(QStringLiteral("effective_date")).toString(), QString());
    QCOMPARE(d.value(QStringLiteral("type")).toString(), QStringLiteral("letter"));
    QCOMPARE(d.value(QStringLiteral("parties")).toString(), QStringLiteral("Example AI; Distill Labs"));

    const auto edits = audit(m_case, QStringLiteral("document.edit"));
    QCOMPARE(edits.size(), 2);
    const QJsonObject after
        = edits[1].value(QStringLiteral("parameters")).toObject().value(QStringLiteral("after")).toObject();
    QCOMPARE(after.keys(), QStringList { QStringLiteral("effective_date") });
    QCOMPARE(after.value(QStringLiteral("effective_date")).toString(), QString());
}

void TestCliEdit::datesBecomeEvents()
{
    Run list = cli({ QStringLiteral("dates"), m_case, QStringLiteral("1"), QStringLiteral("--json") });
    QVERIFY2(list.exitCode == 0, list.err.constData());
    QJsonArray candidates = list.json().value(QStringLiteral("candidates")).toArray();
    QCOMPARE(candidates.size(), 3);
    QCOMPARE(candidates[0].toObject().value(QStringLiteral("date")).toString(), QStringLiteral("2024-03-03"));
    QCOMPARE(candidates[1].toObject().value(QStringLiteral("date")).toString(), QStringLiteral("2023-11-15"));
    QCOMPARE(candidates[2].toObject().value(QStringLiteral("date")).toString(), QStringLiteral("2024-03-10"));
    QCOMPARE(candidates[2].toObject().value(QStringLiteral("matched")).toString(), QStringLiteral("2024年3月10日"));
    QCOMPARE(candidates[2].toObject().value(QStringLiteral("page")).toInt(), 1);
    QVERIFY(candidates[0].toObject().value(QStringLiteral("event_id")).isNull());

    Run accept = cli({ QStringLiteral("dates"), m_case, QStringLiteral("1"), QStringLiteral("--accept"),
                       QStringLiteral("1,3"), QStringLiteral("--title"), QStringLiteral("Breach notice") });
    QVERIFY2(accept.exitCode == 0, accept.err.constData());
    QVERIFY(accept.out.contains("on 2024-03-03 from candidate 1"));
    QVERIFY(accept.out.contains("on 2024-03-10 from candidate 3"));

    list = cli({ QStringLiteral("dates"), m_case, QStringLiteral("1"), QStringLiteral("--json") });
    candidates = list.json().value(QStringLiteral("candidates")).toArray();
    QVERIFY(candidates[0].toObject().value(QStringLiteral("event_id")).toInteger() > 0);
    QVERIFY(candidates[1].toObject().value(QStringLiteral("event_id")).isNull());
    QVERIFY(candidates[2].toObject().value(QStringLiteral("event_id")).toInteger() > 0);
    const auto events = audit(m_case, QStringLiteral("event.add"));
    QCOMPARE(events.size(), 2);
    const QJsonObject first = events[0].value(QStringLiteral("parameters")).toObject();
    QCOMPARE(first.value(QStringLiteral("title")).toString(), QStringLiteral("Breach notice"));
    QCOMPARE(first.value(QStringLiteral("kind")).toString(), QStringLiteral("document-date"));
    QCOMPARE(qint64(first.value(QStringLiteral("start_utc")).toDouble()),
             QDateTime(QDate(2024, 3, 3), QTime(0, 0), Qt::UTC).toMSecsSinceEpoch());

    // A date already on the timeline is refused, and so is the whole request: nothing added.
    Run twice = cli(
        { QStringLiteral("dates"), m_case, QStringLiteral("1"), QStringLiteral("--accept"), QStringLiteral("2,3") });
    QCOMPARE(twice.exitCode, 2);
    QVERIFY2(twice.err.contains("Candidate 3 is already on the timeline"), twice.err.constData());
    QCOMPARE(audit(m_case, QStringLiteral("event.add")).size(), 2);
    Run verify = cli({ QStringLiteral("verify"), m_case });
    QCOMPARE(verify.exitCode, 0);
}

void TestCliEdit::badInput_data()
{
    QTest::addColumn<QStringList>("args"); // after the command name and the case
    QTest::addColumn<QString>("message");
    QTest::newRow("bad role") << QStringList { QStringLiteral("transcript"), QStringLiteral("1"),
                                               QStringLiteral("--role"), QStringLiteral("judge") }
                              << QStringLiteral("use one of unassigned, provider, suspect, control, protected-corpus");
    QTest::newRow("empty label") << QStringList { QStringLiteral("transcript"), QStringLiteral("1"),
                                                  QStringLiteral("--label"), QStringLiteral(" ") }
                                 << QStringLiteral("needs a model label");
    QTest::newRow("unknown transcript") << QStringList { QStringLiteral("transcript"), QStringLiteral("99"),
                                                         QStringLiteral("--role"), QStringLiteral("control") }
                                        << QStringLiteral("no transcript 99");
    QTest::newRow("id not a number") << QStringList { QStringLiteral("transcript"), QStringLiteral("first") }
                                     << QStringLiteral("'first' is not a transcript id");
    QTest::newRow("bad type") << QStringList { QStringLiteral("document"), QStringLiteral("1"),
                                               QStringLiteral("--type"), QStringLiteral("memo") }
                              << QStringLiteral("use one of terms-of-service, contract, complaint, letter, other");
    QTest::newRow("bad date") << QStringList { QStringLiteral("document"), QStringLiteral("1"),
                                               QStringLiteral("--effective-date"), QStringLiteral("10/03/2024") }
                              << QStringLiteral("give --effective-date as YYYY-MM-DD, or none");
    QTest::newRow("unknown document") << QStringList { QStringLiteral("dates"), QStringLiteral("7") }
                                      << QStringLiteral("no document 7");
    QTest::newRow("no such candidate") << QStringList { QStringLiteral("dates"), QStringLiteral("1"),
                                                        QStringLiteral("--accept"), QStringLiteral("1,9") }
                                       << QStringLiteral("there is no number 9");
    QTest::newRow("bad candidate number")
        << QStringList { QStringLiteral("dates"), QStringLiteral("1"), QStringLiteral("--accept"), QStringLiteral("x") }
        << QStringLiteral("'x' is not one");
}

void TestCliEdit::badInput()
{
    QFETCH(QStringList, args);
    QFETCH(QString, message);
    args.insert(1, m_case);
    const QByteArray before = cli({ QStringLiteral("log"), m_case, QStringLiteral("--json") }).out;
    Run run = cli(args);
    QCOMPARE(run.exitCode, 2);
    QVERIFY2(QString::fromUtf8(run.err).contains(message), run.err.constData());
    // Nothing was written.
    QCOMPARE(cli({ QStringLiteral("log"), m_case, QStringLiteral("--json") }).out, before);
}

QTEST_GUILESS_MAIN(TestCliEdit)
#include "tst_cli_edit.moc"
