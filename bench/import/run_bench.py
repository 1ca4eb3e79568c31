#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Import benchmark: a generated query log of N exchanges imported by lineage-cli (without
and with the full-text index) and by two peers in the same run:
  (a) the sqlite3 shell's .import of the same records as CSV into an equivalent table;
  (b) peer_python.py, what an analyst would write: json + sqlite3, one transaction, executemany.
Each contender runs --repeat times, interleaved; the best and the median are printed. Peak
RSS is the child's maximum resident set (wait4 rusage). Lineage's figures include hashing
and storing the compressed original in the case.

usage: run_bench.py --cli build/bin/lineage-cli [--records 100000] [--workdir DIR] [--repeat 3] [--no-index-only]
                    [--baseline-cli OTHER/lineage-cli]

--baseline-cli adds another build of lineage-cli (e.g. before a change) as a contender, run
interleaved with the others, and prints how much slower or faster this build is.
"""
import argparse
import os
import statistics
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))


def run(cmd, stdin=None, env=None):
    """Runs cmd; returns (seconds, peak RSS in MB, CPU seconds: user + system, all threads)."""
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, stdin=stdin, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env)
    _, status, usage = os.wait4(proc.pid, 0)
    seconds = time.perf_counter() - start
    err = proc.stderr.read().decode(errors="replace")
    proc.stderr.close()
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode != 0:
        sys.exit("failed (%d): %s\n%s" % (proc.returncode, " ".join(cmd), err))
    return seconds, usage.ru_maxrss / 1024.0, usage.ru_utime + usage.ru_stime


def remove(*paths):
    for p in paths:
        for suffix in ("", "-wal", "-shm", "-journal"):
            try:
                os.remove(p + suffix)
            except FileNotFoundError:
                pass


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--cli", required=True)
    ap.add_argument("--records", type=int, default=100000)
    ap.add_argument("--workdir", default="/tmp/lineage-bench-import")
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--no-index-only", action="store_true", help="skip the run with the full-text index")
    ap.add_argument("--baseline-cli", help="another lineage-cli build to compare with (no index)")
    args = ap.parse_args()

    os.makedirs(args.workdir, exist_ok=True)
    jsonl = os.path.join(args.workdir, "log_%d.jsonl" % args.records)
    csv = os.path.join(args.workdir, "log_%d.csv" % args.records)
    def csv_current():
        # CSVs written before the line column was added are written again.
        with open(csv, encoding="utf-8") as f:
            return f.readline().startswith("line,")

    if not (os.path.exists(jsonl) and os.path.exists(csv) and csv_current()):
        print("generating %d exchanges ..." % args.records, flush=True)
        subprocess.run([sys.executable, os.path.join(HERE, "generate_log.py"), str(args.records), jsonl, csv], check=True)
    jsonl_mb = os.path.getsize(jsonl) / 1e6
    csv_mb = os.path.getsize(csv) / 1e6
    print("input: %d exchanges, %.1f MB JSONL (%.0f bytes each), %.1f MB CSV for the sqlite3 peer"
          % (args.records, jsonl_mb, os.path.getsize(jsonl) / args.records, csv_mb), flush=True)

    env = dict(os.environ, QT_LOGGING_RULES="lineage.*.info=false")
    case = os.path.join(args.workdir, "bench.lineage")
    sqlite_db = os.path.join(args.workdir, "peer_sqlite.db")
    python_db = os.path.join(args.workdir, "peer_python.db")
    with open(os.path.join(HERE, "peer_sqlite.sql")) as f:
        sqlite_script = f.read().replace("@CSV@", csv)
    script_path = os.path.join(args.workdir, "peer_sqlite.sql")
    with open(script_path, "w") as f:
        f.write(sqlite_script)

    def lineage(index, cli=None):
        cli = cli or args.cli
        remove(case)
        subprocess.run([cli, "new", case, "--title", "bench"], check=True, env=env, stdout=subprocess.DEVNULL)
        cmd = [cli, "import", case, "--kind", "query-log"] + ([] if index else ["--no-index"]) + [jsonl]
        t, rss, cpu = run(cmd, env=env)
        return t, rss, os.path.getsize(case) / 1e6, cpu

    def sqlite_peer():
        remove(sqlite_db)
        with open(script_path) as f:
            t, rss, cpu = run(["sqlite3", sqlite_db], stdin=f)
        return t, rss, os.path.getsize(sqlite_db) / 1e6, cpu

    def python_peer():
        remove(python_db)
        t, rss, cpu = run(["/usr/bin/python3", os.path.join(HERE, "peer_python.py"), jsonl, python_db])
        return t, rss, os.path.getsize(python_db) / 1e6, cpu

    contenders = [("lineage import, no index", lambda: lineage(False)),
                  ("peer (a) sqlite3 .import CSV", sqlite_peer),
                  ("peer (b) python json+sqlite3", python_peer)]
    if not args.no_index_only:
        contenders.insert(1, ("lineage import, with index", lambda: lineage(True)))
    if args.baseline_cli:
        contenders.insert(1, ("baseline import, no index", lambda: lineage(False, args.baseline_cli)))
    results = {name: [] for name, _ in contenders}
    for r in range(args.repeat):
        for name, fn in contenders:
            results[name].append(fn())
            t, rss, size, cpu = results[name][-1]
            print("  run %d  %-30s %7.2f s  %7.2f s CPU  %7.1f MB RSS  %8.1f MB out" % (r + 1, name, t, cpu, rss, size),
                  flush=True)

    print()
    print("%-30s %9s %9s %11s %9s %10s %10s %10s" % ("", "best s", "median s", "records/s", "MB/s", "peak RSS", "size MB",
                                                     "CPU s"))
    best = {}
    for name, _ in contenders:
        times = [x[0] for x in results[name]]
        rss = max(x[1] for x in results[name])
        size = results[name][-1][2]
        cpu = statistics.median(x[3] for x in results[name])
        b, m = min(times), statistics.median(times)
        best[name] = (b, m)
        print("%-30s %9.2f %9.2f %11.0f %9.1f %8.1f MB %10.1f %10.2f" % (name, b, m, args.records / b, jsonl_mb / b, rss,
                                                                       size, cpu))
    ours = best["lineage import, no index"]
    if args.baseline_cli:
        base = best["baseline import, no index"]
        print("this build vs the baseline build (no index): best %.2f s vs %.2f s (%+.1f%%), median %.2f s vs %.2f s (%+.1f%%)"
              % (ours[0], base[0], 100.0 * (ours[0] / base[0] - 1), ours[1], base[1], 100.0 * (ours[1] / base[1] - 1)))
    peers = [v for k, v in best.items() if k.startswith("peer")]
    faster_best = min(p[0] for p in peers)
    faster_median = min(p[1] for p in peers)
    print()
    print("MB/s is JSONL megabytes per second for every contender (the sqlite3 peer reads the smaller CSV).")
    print("CPU s is the median of user + system time over all threads (Lineage parses, writes, and hashes and")
    print("compresses the original on three threads; the peers use one): on a busy machine wall time follows it.")
    print("lineage without index vs the faster peer: best %.2f s vs %.2f s (%s), median %.2f s vs %.2f s (%s)"
          % (ours[0], faster_best, "faster" if ours[0] < faster_best else "SLOWER",
             ours[1], faster_median, "faster" if ours[1] < faster_median else "SLOWER"))


if __name__ == "__main__":
    main()
