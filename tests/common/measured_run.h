// SPDX-License-Identifier: GPL-3.0-or-later
// Runs a program as a child and reads what it cost: exit code, peak resident memory and wall
// time. For the memory tests and benchmarks; output goes to /dev/null. The peak comes from
// GNU time (/usr/bin/time -f %M), which forks a small process: a child spawned straight from
// the test would report the test's own resident size (posix_spawn shares it until exec).
#pragma once

#include <QByteArray>
#include <QElapsedTimer>
#include <QString>
#include <QStringList>
#include <QTemporaryFile>

#include <fcntl.h>
#include <spawn.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <vector>

extern char **environ;

namespace lineage::testing {

struct MeasuredRun
{
    int exitCode = -1; // -1: could not start, or ended by a signal
    qint64 peakRssKiB = 0;
    double seconds = 0;
};

inline MeasuredRun runMeasured(const QString &program, const QStringList &args)
{
    QTemporaryFile peakFile;
    if (!peakFile.open())
        return {};
    std::vector<QByteArray> storage { QByteArrayLiteral("/usr/bin/time"), QByteArrayLiteral("-f"),
                                      QByteArrayLiteral("%M"), QByteArrayLiteral("-o"),
                                      peakFile.fileName().toLocal8Bit() };
    storage.push_back(program.toLocal8Bit());
    for (const QString &a : args)
        storage.push_back(a.toLocal8Bit());
    std::vector<char *> argv;
    for (QByteArray &s : storage)
        argv.push_back(s.data());
    argv.push_back(nullptr);
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0);
    posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0);
    MeasuredRun run;
    QElapsedTimer timer;
    timer.start();
    pid_t pid = 0;
    const int spawned = posix_spawn(&pid, argv[0], &actions, nullptr, argv.data(), environ);
    posix_spawn_file_actions_destroy(&actions);
    if (spawned != 0)
        return run;
    int status = 0;
    struct rusage usage
    {
    };
    if (wait4(pid, &status, 0, &usage) != pid)
        return run;
    run.seconds = double(timer.nsecsElapsed()) / 1e9;
    run.peakRssKiB = peakFile.readAll().trimmed().split('\n').last().toLongLong(); // KiB
    run.exitCode = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    return run;
}

} // namespace lineage::testing
