#!/usr/bin/env python3
"""Peer benchmark: innominatus-tools against check-jsonschema and yaml-language-server.

Python 3 standard library only. Run through bench/peers.sh, which builds our binaries first;
see "Against peers" in README.md for what is measured and how. Everything downloaded or generated goes to
a cache directory (default ~/.cache/innominatus-bench), never into the repository.

In one run it measures, on a deterministic corpus made by ../shared/tools/gen_corpus.py:
  1. whole-run CLI time on 1,000 sixty-line Score files and on 100 five-thousand-line Score
     files: `innominatus validate --dialect score DIR` against `check-jsonschema --schemafile
     <official Score schema> FILES...` (median of several runs, one process per run);
  2. the floor: bare YAML parsing of the same corpora by our parser (engine bench
     `parse_floor`), with validate and lint on one thread for the lint/parse ratio;
  3. language servers on a 5,000-line Score file: didOpen -> publishDiagnostics and
     didChange -> publishDiagnostics (p50/p95/p99) and peak resident memory, ours against
     yaml-language-server with the same schema associated (driven by lspdrive.py).
and writes a Markdown report (default bench/RESULTS.md) with the machine, date and command.
"""

import argparse
import datetime
import json
import os
import platform
import shlex
import shutil
import statistics
import subprocess
import sys
import time

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SHARED = os.path.normpath(os.path.join(REPO, "..", "shared"))
CHECK_JSONSCHEMA = "check-jsonschema==0.39.0"
YAML_LS = "yaml-language-server@1.25.0"

# The corpora: (label, gen_corpus.py arguments). Same arguments, byte-identical files.
CORPORA = {
    "c60": ("1,000 Score files of 60 lines", ["--count", "1000", "--size", "60", "--seed", "1"]),
    "c5k": ("100 Score files of 5,000 lines", ["--count", "100", "--size", "5000", "--seed", "2"]),
    "lsp": ("one Score file of 5,000 lines", ["--count", "1", "--size", "5000", "--seed", "3"]),
}


def log(msg):
    print(f"[peers] {msg}", file=sys.stderr, flush=True)


def run(cmd, **kw):
    log("$ " + " ".join(shlex.quote(c) for c in cmd))
    return subprocess.run(cmd, check=True, **kw)


# ------------------------------------------------------------------------------------------
# setup


def setup_check_jsonschema(cache):
    venv = os.path.join(cache, "venv")
    exe = os.path.join(venv, "bin", "check-jsonschema")
    if not os.path.exists(exe):
        run([sys.executable, "-m", "venv", venv])
        run([os.path.join(venv, "bin", "pip"), "install", "--quiet", CHECK_JSONSCHEMA])
    return exe


def setup_yaml_ls(cache):
    node = shutil.which("node")
    if not node:
        sys.exit("node is needed for yaml-language-server (Node 20; 2.x would need Node 22)")
    prefix = os.path.join(cache, "npm")
    main = os.path.join(prefix, "node_modules", "yaml-language-server", "bin", "yaml-language-server")
    if not os.path.exists(main):
        os.makedirs(prefix, exist_ok=True)
        run(["npm", "install", "--prefix", prefix, "--no-audit", "--no-fund", "--silent", YAML_LS])
    return [node, main, "--stdio"]


def generate(cache, tools):
    out = {}
    for key, (_, args) in CORPORA.items():
        folder = os.path.join(cache, "corpus", key)
        stamp = os.path.join(folder, ".args")
        wanted = json.dumps(args)
        if not (os.path.exists(stamp) and open(stamp).read() == wanted):
            shutil.rmtree(folder, ignore_errors=True)
            run([sys.executable, os.path.join(tools, "gen_corpus.py"), "--kind", "score", *args,
                 "--out", folder], stdout=subprocess.DEVNULL)
            with open(stamp, "w") as f:
                f.write(wanted)
        out[key] = folder
    return out


def yaml_files(folder):
    return sorted(os.path.join(folder, f) for f in os.listdir(folder) if f.endswith(".yaml"))


# ------------------------------------------------------------------------------------------
# CLI: whole-run wall time, one process per run


def wall_times(cmd, runs, ok_codes=(0, 1)):
    """Median wall time of `runs` runs; also the output of the last run."""
    times, codes = [], set()
    for _ in range(runs):
        t = time.perf_counter()
        p = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        times.append(time.perf_counter() - t)
        codes.add(p.returncode)
        if p.returncode not in ok_codes:
            sys.exit(f"{cmd[0]} exited {p.returncode}: {p.stderr.decode(errors='replace')[:2000]}")
    return {"median_s": statistics.median(times), "min_s": min(times), "max_s": max(times),
            "runs": runs, "exit": sorted(codes), "stdout": p.stdout.decode(errors="replace")}


def count_failing_files(cmd_json):
    """Files our validate reports errors in (JSON output), to show both tools found the same."""
    p = subprocess.run(cmd_json, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
    try:
        data = json.loads(p.stdout)
    except ValueError:
        return None
    files = {d["file"] for d in data.get("diagnostics", []) if d.get("severity") == "error"}
    return len(files)


def cli_bench(cli, cjs, schema, folder, runs_ours, runs_peer):
    files = yaml_files(folder)
    # --no-cache: every run does the whole work (a warm result cache would answer without
    # parsing, which check-jsonschema cannot do).
    ours_cmd = [cli, "validate", "--isolated", "--no-cache", "--dialect", "score", folder]
    peer_cmd = [cjs, "--schemafile", schema, *files]
    log(f"CLI on {folder}: ours x{runs_ours}, check-jsonschema x{runs_peer}")
    ours = wall_times(ours_cmd, runs_ours)
    peer = wall_times(peer_cmd, runs_peer)
    # How many files each tool rejects (check-jsonschema names each failing file once or more,
    # as `FILE::$.path: message`), from the output of its last timed run.
    peer_failing = len({line.split("::")[0].strip() for line in peer.pop("stdout").splitlines()
                        if "::" in line and line.strip().startswith(folder)})
    ours.pop("stdout")
    ours_failing = count_failing_files(ours_cmd[:2] + ["--format", "json"] + ours_cmd[2:])
    return {"files": len(files), "ours": ours, "peer": peer,
            "ours_failing": ours_failing, "peer_failing": peer_failing,
            "ours_cmd": ours_cmd, "peer_cmd": peer_cmd[:3] + ["FILES..."]}


def floor_bench(folder, runs):
    """Bare parsing, validate and lint in-process (engine bench `parse_floor`)."""
    cmd = ["cargo", "bench", "-q", "-p", "innominatus-engine", "--bench", "parse_floor", "--",
           "--corpus", folder, "--runs", str(runs)]
    p = run(cmd, cwd=REPO, stdout=subprocess.PIPE)
    return json.loads(p.stdout.decode().strip().splitlines()[-1])


# ------------------------------------------------------------------------------------------
# language servers, through lspdrive.py


def lspdrive(tools, server, extra, sub_args, cwd):
    cmd = [sys.executable, os.path.join(tools, "lspdrive.py"), "--server", server, *extra,
           "--timeout", "30", *sub_args]
    log("$ " + " ".join(shlex.quote(c) for c in cmd))
    p = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, cwd=cwd)
    return p


def last_json(text, prefix=""):
    for line in reversed(text.splitlines()):
        line = line.strip()
        if prefix and line.startswith(prefix):
            line = line[len(prefix):]
        if line.startswith("{"):
            try:
                return json.loads(line)
            except ValueError:
                continue
    return None


def lsp_bench(tools, name, server, extra, file, edits, reopens):
    folder = os.path.dirname(file)
    # didOpen: open, wait for the first publish, close; repeated.
    p = lspdrive(tools, server, extra + ["--root", folder],
                 ["diag", file, "--repeat", str(reopens)], folder)
    summary = None
    for line in p.stderr.decode(errors="replace").splitlines():
        if line.startswith("# {") and '"summary"' in line:
            summary = json.loads(line[2:])["summary"]
    per_file = None
    for line in p.stderr.decode(errors="replace").splitlines():
        if line.startswith("# {") and '"file"' in line and '"summary"' not in line:
            per_file = json.loads(line[2:])["file"]
    opens = []
    if per_file and "first_publish_ms" in per_file:
        opens.append(per_file["first_publish_ms"])
    reopen = (per_file or {}).get("reopen")
    # didChange: edits in the middle of the file, each waiting for its publish.
    b = lspdrive(tools, server, extra + ["--root", folder],
                 ["bench", file, "--edits", str(edits)], folder)
    bench = last_json(b.stdout.decode(errors="replace"))
    if bench is None:
        sys.exit(f"{name}: lspdrive bench gave no result:\n{b.stderr.decode(errors='replace')[-3000:]}")
    return {"server": server, "first_open_ms": opens[0] if opens else None, "reopen": reopen,
            "open_summary": summary, "bench": bench}


# ------------------------------------------------------------------------------------------
# report


def fmt_s(x):
    return f"{x * 1000:.0f} ms" if x < 10 else f"{x:.1f} s"


def ratio(a, b):
    return a / b if b else float("inf")


def verdict(ok):
    return "**met**" if ok else "**not met**"


def machine():
    cpu = ""
    try:
        for line in open("/proc/cpuinfo"):
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    mem = ""
    try:
        for line in open("/proc/meminfo"):
            if line.startswith("MemTotal"):
                mem = f"{int(line.split()[1]) / 1024 / 1024:.1f} GiB RAM"
                break
    except OSError:
        pass
    return f"{platform.system()} {platform.release()}, {cpu}, {os.cpu_count()} cores, {mem}"


def versions(cli, cjs, yls_cmd):
    def out(cmd):
        try:
            return subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                                  timeout=60).stdout.decode().strip().splitlines()[0]
        except Exception as e:  # noqa: BLE001 - a version string is only informative
            return f"unknown ({e})"
    v = {"innominatus": out([cli, "--version"]), "check-jsonschema": out([cjs, "--version"]),
         "python": platform.python_version(), "rustc": out(["rustc", "--version"])}
    if yls_cmd:
        v["node"] = out([yls_cmd[0], "--version"])
        v["yaml-language-server"] = YAML_LS.split("@")[1]
    return v


def report(res, args):
    L = []
    L.append("# Peer benchmark results")
    L.append("")
    L.append(f"- Date: {res['date']}")
    L.append(f"- Machine: {res['machine']}")
    L.append(f"- Load: {res['load']} (load average before the run; the machine may be shared)")
    L.append("- Command: `" + res["command"] + "`")
    L.append("- Versions: " + "; ".join(f"{k}: {v}" for k, v in res["versions"].items()))
    L.append("- Corpus: `gen_corpus.py --kind score` " + "; ".join(
        f"{CORPORA[k][0]}: `{' '.join(CORPORA[k][1])}`" for k in CORPORA))
    L.append("")
    L.append("## Command line: whole run, one process (median wall time)")
    L.append("")
    L.append("| corpus | innominatus validate --dialect score | check-jsonschema | speed-up | target ≥100× | files rejected (ours / theirs) |")
    L.append("|---|---:|---:|---:|---|---|")
    for key in ("c60", "c5k"):
        c = res["cli"].get(key)
        if not c:
            continue
        s = ratio(c["peer"]["median_s"], c["ours"]["median_s"])
        L.append(f"| {CORPORA[key][0]} | {fmt_s(c['ours']['median_s'])} (n={c['ours']['runs']}) | "
                 f"{fmt_s(c['peer']['median_s'])} (n={c['peer']['runs']}) | {s:.0f}× | {verdict(s >= 100)} | "
                 f"{c['ours_failing']} / {c['peer_failing']} |")
    L.append("")
    L.append("## Floor: bare YAML parsing by our parser, one thread, in-process (median)")
    L.append("")
    L.append("| corpus | syntax::parse (floor) | parse + validate | lint, every rule | lint / parse | target ≤3× | CLI whole run / parse |")
    L.append("|---|---:|---:|---:|---:|---|---:|")
    for key in ("c60", "c5k"):
        f = res["floor"].get(key)
        if not f:
            continue
        r = ratio(f["lint_ms"], f["parse_ms"])
        cli = res["cli"].get(key)
        whole = f"{ratio(cli['ours']['median_s'] * 1000, f['parse_ms']):.2f}" if cli else "–"
        L.append(f"| {CORPORA[key][0]} | {f['parse_ms']:.1f} ms | {f['validate_ms']:.1f} ms | "
                 f"{f['lint_ms']:.1f} ms | {r:.2f} | {verdict(r <= 3)} | {whole} |")
    if res.get("lsp"):
        L.append("")
        L.append(f"## Language servers: {CORPORA['lsp'][0]} (`{os.path.basename(res['lsp_file'])}`)")
        L.append("")
        L.append("| server | didOpen → publish (first) | re-open p50 / p95 / p99 | didChange → publish p50 / p95 / p99 / max | edits | peak RSS |")
        L.append("|---|---:|---:|---:|---:|---:|")
        for name, r in res["lsp"].items():
            b = r["bench"]
            lat = b.get("latency") or {}
            ro = r.get("reopen") or {}
            rss = b.get("peak_rss_kb")
            L.append(f"| {name} | {r['first_open_ms']} ms | {ro.get('p50_ms', '–')} / {ro.get('p95_ms', '–')} / {ro.get('p99_ms', '–')} ms | "
                     f"{lat.get('p50_ms', '–')} / {lat.get('p95_ms', '–')} / {lat.get('p99_ms', '–')} / {lat.get('max_ms', '–')} ms | "
                     f"{lat.get('n', 0)} ({b.get('timeouts', 0)} timed out) | {rss / 1024:.1f} MiB |" if rss else
                     f"| {name} | {r['first_open_ms']} ms | – | {lat.get('p50_ms', '–')} / {lat.get('p95_ms', '–')} / {lat.get('p99_ms', '–')} ms | {lat.get('n', 0)} | – |")
        ours, peer = res["lsp"].get("innominatus"), res["lsp"].get("yaml-language-server")
        if ours and peer:
            lo, lp = ours["bench"]["latency"], peer["bench"]["latency"]
            L.append("")
            L.append("| target | ours | yaml-language-server | result |")
            L.append("|---|---:|---:|---|")
            for q in ("p50_ms", "p95_ms", "p99_ms"):
                if q in lo and q in lp:
                    L.append(f"| didChange {q[:3]} ≤ 1/10 of theirs | {lo[q]} ms | {lp[q]} ms | "
                             f"{ratio(lp[q], lo[q]):.1f}× faster, {verdict(lo[q] * 10 <= lp[q])} |")
            if "p99_ms" in lo:
                L.append(f"| didChange p99 < 20 ms | {lo['p99_ms']} ms | | {verdict(lo['p99_ms'] < 20)} |")
            ro, rp = ours.get("reopen") or {}, peer.get("reopen") or {}
            if "p50_ms" in ro and "p50_ms" in rp:
                L.append(f"| didOpen p50 ≤ 1/10 of theirs | {ro['p50_ms']} ms | {rp['p50_ms']} ms | "
                         f"{ratio(rp['p50_ms'], ro['p50_ms']):.1f}× faster, {verdict(ro['p50_ms'] * 10 <= rp['p50_ms'])} |")
            mo, mp = ours["bench"].get("peak_rss_kb"), peer["bench"].get("peak_rss_kb")
            if mo and mp:
                L.append(f"| peak RSS ≤ 1/5 of theirs | {mo / 1024:.1f} MiB | {mp / 1024:.1f} MiB | "
                         f"{ratio(mp, mo):.1f}× less, {verdict(mo * 5 <= mp)} |")
        L.append("")
        L.append("yaml-language-server validates 200 ms after the last change (a fixed debounce in "
                 "the server), so its didChange latency cannot fall below that; the figures are "
                 "what an editor user waits for.")
    L.append("")
    L.append("Notes: wall times include process start-up. check-jsonschema gets the files as "
             "arguments (it does not walk directories); ours gets the directory. Peak RSS is the "
             "largest single process of the server's process tree (VmHWM).")
    L.append("")
    return "\n".join(L)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--cli", default=os.path.join(REPO, "target", "release", "innominatus"),
                    help="our binary for the CLI half (default target/release/innominatus)")
    ap.add_argument("--server", help="our language server command line, e.g. "
                    "'/path/to/innominatus lsp' (default: the --cli binary with `lsp`)")
    ap.add_argument("--skip-lsp", action="store_true", help="only the CLI half and the floor")
    ap.add_argument("--cache", default=os.path.join(os.path.expanduser("~"), ".cache", "innominatus-bench"))
    ap.add_argument("--tools", default=os.path.join(SHARED, "tools"), help="where gen_corpus.py and lspdrive.py are")
    ap.add_argument("--schema", default=os.path.join(SHARED, "reference", "score-v1b1.schema.json"))
    ap.add_argument("--runs", type=int, default=5, help="runs of our CLI per corpus (median)")
    ap.add_argument("--peer-runs", type=int, default=3, help="runs of check-jsonschema per corpus")
    ap.add_argument("--edits", type=int, default=200, help="didChange edits per server")
    ap.add_argument("--reopens", type=int, default=20, help="didOpen repetitions per server")
    ap.add_argument("--out", default=os.path.join(REPO, "bench", "RESULTS.md"))
    args = ap.parse_args()

    for need in ("gen_corpus.py", "lspdrive.py"):
        if not os.path.exists(os.path.join(args.tools, need)):
            sys.exit(f"{need} not found in {args.tools} (use --tools)")
    if not os.path.exists(args.cli):
        sys.exit(f"{args.cli} not found: build it (bench/peers.sh does) or pass --cli")
    os.makedirs(args.cache, exist_ok=True)
    schema = os.path.abspath(args.schema)
    cjs = setup_check_jsonschema(args.cache)
    yls = None if args.skip_lsp else setup_yaml_ls(args.cache)
    corpora = generate(args.cache, args.tools)

    res = {"date": datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
           "machine": machine(), "load": " ".join(f"{x:.2f}" for x in os.getloadavg()),
           "command": " ".join(shlex.quote(a) for a in ["python3", "bench/peers.py", *sys.argv[1:]]),
           "versions": versions(args.cli, cjs, yls), "cli": {}, "floor": {}}
    for key in ("c60", "c5k"):
        res["cli"][key] = cli_bench(args.cli, cjs, schema, corpora[key], args.runs, args.peer_runs)
        res["floor"][key] = floor_bench(corpora[key], args.runs)
    if not args.skip_lsp:
        file = yaml_files(corpora["lsp"])[0]
        res["lsp_file"] = file
        ours_server = args.server or f"{shlex.quote(args.cli)} lsp"
        yls_settings = json.dumps({"yaml": {"validate": True, "schemas": {schema: "*.yaml"}}})
        res["lsp"] = {
            "innominatus": lsp_bench(args.tools, "innominatus", ours_server, [], file,
                                     args.edits, args.reopens),
            "yaml-language-server": lsp_bench(args.tools, "yaml-language-server",
                                              " ".join(shlex.quote(c) for c in yls),
                                              ["--settings", yls_settings], file,
                                              args.edits, args.reopens),
        }
    with open(os.path.join(args.cache, "last-results.json"), "w") as f:
        json.dump(res, f, indent=1)
    text = report(res, args)
    with open(args.out, "w") as f:
        f.write(text)
    print(text)


if __name__ == "__main__":
    main()
