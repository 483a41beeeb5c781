"""Helpers shared by the benchmark scripts in bench/: logging, timed runs with peak memory,
corpus generation and lspdrive.py invocations. Python 3 standard library only."""

import json
import os
import shlex
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time


def log(msg):
    print(f"[peers] {msg}", file=sys.stderr, flush=True)


def quote(cmd):
    return " ".join(shlex.quote(c) for c in cmd)


def verdict(ok):
    """A target's result cell; None when the figure could not be measured."""
    if ok is None:
        return "**not measured**"
    return "**met**" if ok else "**not met**"


def run(cmd, **kw):
    log("$ " + quote(cmd))
    return subprocess.run(cmd, check=True, **kw)


def yaml_files(folder):
    return sorted(os.path.join(folder, f) for f in os.listdir(folder) if f.endswith(".yaml"))


def read_text(path):
    with open(path) as f:
        return f.read()


def generate(cache, tools, key, args, kind=None):
    """A gen_corpus.py folder under the cache, regenerated only when its arguments changed
    (a stamp file records them: the same arguments give byte-identical files). `kind` is passed
    as --kind outside the stamp, which keeps the stamps of the first corpora as they were."""
    folder = os.path.join(cache, "corpus", key)
    stamp = os.path.join(folder, ".args")
    wanted = json.dumps(args)
    if not (os.path.exists(stamp) and read_text(stamp) == wanted):
        shutil.rmtree(folder, ignore_errors=True)
        started = time.perf_counter()
        kind_args = ["--kind", kind] if kind else []
        run([sys.executable, os.path.join(tools, "gen_corpus.py"), *kind_args, *args, "--out", folder],
            stdout=subprocess.DEVNULL)
        log(f"generated {key} in {time.perf_counter() - started:.1f} s")
        with open(stamp, "w") as f:
            f.write(wanted)
    return folder


# ------------------------------------------------------------------------------------------
# one process: wall time and peak memory


# Runs one command in a fresh, small process and reports its wall time, peak RSS and exit
# status on the file descriptor given first. Why not wait4 on a child of this harness: Linux
# charges a process, as its peak, the resident set of the memory it replaced at exec, and a
# child of this harness replaces a copy of the harness (which holds the large outputs it
# parses, hundreds of MB after the 100,000-file runs). A child of this launcher replaces a
# copy of the launcher, about 8 MB, below every process measured here.
_LAUNCHER = """
import os, sys, time
report, cmd = int(sys.argv[1]), sys.argv[2:]
started = time.perf_counter()
pid = os.posix_spawnp(cmd[0], cmd, os.environ)
_, status, usage = os.wait4(pid, 0)
wall = time.perf_counter() - started
os.write(report, f"{wall} {usage.ru_maxrss} {os.waitstatus_to_exitcode(status)}".encode())
"""


def measured_run(cmd, cwd=None):
    """Run cmd once; wall time, exit code, output, and the peak resident set of the largest
    process of its tree (wait4's ru_maxrss covers the child and the descendants it waited for),
    as a fresh launcher process sees them (see _LAUNCHER). Output goes to temporary files so
    that a large output can neither block nor be timed as pipe traffic."""
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        read, write = os.pipe()
        try:
            p = subprocess.Popen([sys.executable, "-S", "-E", "-c", _LAUNCHER, str(write), *cmd],
                                 stdout=out, stderr=err, cwd=cwd, pass_fds=(write,))
            os.close(write)
            write = None
            with os.fdopen(read, "rb") as r:
                read = None
                report = r.read().decode()
            p.wait()
        finally:
            for fd in (read, write):
                if fd is not None:
                    os.close(fd)
        if not report:
            sys.exit(f"the launcher gave no report for {cmd[0]} (exit {p.returncode})")
        wall, rss, code = report.split()
        out.seek(0)
        err.seek(0)
        return {"wall_s": float(wall), "exit": int(code), "peak_rss_kb": int(rss),
                "stdout": out.read().decode(errors="replace"),
                "stderr": err.read().decode(errors="replace")}


def repeated_runs(cmd, runs, ok_codes=(0, 1), cwd=None):
    """Median wall time and peak RSS over `runs` runs, one process each; the last run's output."""
    return _summary([_checked_run(cmd, ok_codes, cwd) for _ in range(runs)])


def interleaved_runs(cmds, ok_codes=(0, 1)):
    """`repeated_runs` of each `(cmd, runs)` pair, taken in turns: one run of each command per
    round, while it has runs left. A machine that slows down or speeds up meanwhile then
    weighs on every command alike, and their ratio (what a target compares) stays fair."""
    samples = [[] for _ in cmds]
    for round_ in range(max(runs for _, runs in cmds)):
        for taken, (cmd, runs) in zip(samples, cmds):
            if round_ < runs:
                taken.append(_checked_run(cmd, ok_codes, None))
    return [_summary(taken) for taken in samples]


def _checked_run(cmd, ok_codes, cwd):
    run_ = measured_run(cmd, cwd=cwd)
    if run_["exit"] not in ok_codes:
        sys.exit(f"{cmd[0]} exited {run_['exit']}: {run_['stderr'][:2000]}")
    return run_


def _summary(taken):
    times = [r["wall_s"] for r in taken]
    rss = [r["peak_rss_kb"] for r in taken]
    last = taken[-1]
    return {"median_s": statistics.median(times), "min_s": min(times), "max_s": max(times),
            "rss_median_kb": statistics.median(rss), "rss_max_kb": max(rss),
            "runs": len(taken), "exit": sorted({r["exit"] for r in taken}),
            "stdout": last["stdout"], "stderr": last["stderr"]}


# ------------------------------------------------------------------------------------------
# language servers through lspdrive.py


def lspdrive(tools, server, extra, sub_args, cwd, timeout=30, sampler=False):
    """Run lspdrive.py; returns (CompletedProcess, IdleSampler or None); with sampler=True the
    server is watched until it goes idle (see IdleSampler)."""
    cmd = [sys.executable, os.path.join(tools, "lspdrive.py"), "--server", server, *extra,
           "--timeout", str(timeout), *sub_args]
    log("$ " + quote(cmd[:12]) + (" ..." if len(cmd) > 12 else ""))
    p = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, cwd=cwd)
    watch = IdleSampler(p.pid) if sampler else None
    if watch:
        watch.start()
    out, err = p.communicate()
    if watch:
        watch.stop()
    return subprocess.CompletedProcess(cmd, p.returncode, out, err), watch


def stderr_records(text, key):
    """The `# {...}` JSON lines lspdrive writes to stderr that carry `key`, in order."""
    found = []
    for line in text.splitlines():
        if line.startswith("# {"):
            try:
                obj = json.loads(line[2:])
            except ValueError:
                continue
            if key in obj:
                found.append(obj[key])
    return found


def last_json(text):
    for line in reversed(text.splitlines()):
        line = line.strip()
        if line.startswith("{"):
            try:
                return json.loads(line)
            except ValueError:
                continue
    return None


def _children(pid):
    """Every descendant of pid (from /proc/*/stat parent links)."""
    parent = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat") as f:
                    fields = f.read().rsplit(")", 1)[1].split()
                parent[int(entry)] = int(fields[1])
            except (OSError, IndexError, ValueError):
                continue
    tree, frontier = [], [pid]
    while frontier:
        p = frontier.pop()
        kids = [c for c, pp in parent.items() if pp == p]
        tree.extend(kids)
        frontier.extend(kids)
    return tree


def _stat(pid):
    """(CPU ticks used, VmHWM KiB) of one process, or None when it is gone."""
    try:
        with open(f"/proc/{pid}/stat") as f:
            fields = f.read().rsplit(")", 1)[1].split()
        ticks = int(fields[11]) + int(fields[12])  # utime + stime
        hwm = None
        with open(f"/proc/{pid}/status") as f:
            for line in f:
                if line.startswith("VmHWM:"):
                    hwm = int(line.split()[1])
        return ticks, hwm
    except (OSError, IndexError, ValueError):
        return None


class IdleSampler(threading.Thread):
    """Watches the processes below the lspdrive process (the server and whatever it spawns)
    every 50 ms. The first time they have used less than a tenth of a core over the last
    QUIET seconds (a server may poll a little while idle), it records the peak resident set of
    the largest one (VmHWM) and when that quiet window began: the memory "with the workspace
    indexed" and roughly when indexing finished, whether or not the server says so."""

    PERIOD = 0.05
    QUIET = 1.0
    IDLE_SHARE = 0.1

    def __init__(self, pid):
        super().__init__(daemon=True)
        self.pid = pid
        self.started = time.perf_counter()
        self.halt = threading.Event()
        self.tick_hz = os.sysconf("SC_CLK_TCK")
        self.samples = []  # (seconds since start, CPU ticks of the tree)
        self.idle_hwm_kb = None
        self.idle_after_ms = None

    def run(self):
        while not self.halt.wait(self.PERIOD) and self.idle_hwm_kb is None:
            now = time.perf_counter() - self.started
            stats = [s for s in (_stat(c) for c in _children(self.pid)) if s is not None]
            if not stats:
                continue  # the server is not started yet, or already gone
            self.samples.append((now, sum(s[0] for s in stats)))
            window = [t for t in self.samples if t[0] >= now - self.QUIET]
            if self.samples[0][0] > now - self.QUIET:
                continue  # not watched for a whole window yet
            used = (window[-1][1] - window[0][1]) / self.tick_hz
            if used <= self.IDLE_SHARE * self.QUIET:
                self.idle_hwm_kb = max((s[1] for s in stats if s[1] is not None), default=None)
                self.idle_after_ms = round((now - self.QUIET) * 1000)

    def stop(self):
        self.halt.set()
        self.join()

    def summary(self):
        return {"idle_peak_rss_kb": self.idle_hwm_kb, "busy_until_ms": self.idle_after_ms}
