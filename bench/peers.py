#!/usr/bin/env python3
"""Peer benchmark: innominatus-tools against check-jsonschema, ajv-cli and yaml-language-server.

Python 3 standard library only. Run through bench/peers.sh, which builds our binaries first;
see "Against peers" in README.md for what is measured and how. Everything downloaded or generated goes to
a cache directory (default ~/.cache/innominatus-bench), never into the repository.

In one run it measures, on a deterministic corpus made by ../shared/tools/gen_corpus.py:
  1. whole-run CLI time and peak memory on 1,000 sixty-line Score files and on 100
     five-thousand-line Score files: `innominatus validate --dialect score DIR` against
     `check-jsonschema --schemafile <official Score schema> FILES...` and `ajv validate
     --spec=draft2020 ... -d 'DIR/*.yaml'` (median of several runs, one process per run), and
     whether each tool rejects the files of a corpus with schema faults and one with syntax faults;
  2. the floor: bare YAML parsing of the same corpora by our parser (engine bench
     `parse_floor`), with validate and lint on one thread for the lint/parse ratio;
  3. language servers on a 5,000-line Score file: didOpen -> publishDiagnostics and
     didChange -> publishDiagnostics (p50/p95/p99) and peak resident memory, ours against
     yaml-language-server with the same schema associated (driven by lspdrive.py);
  4. the scale cases of bench/scale.py (10,000- and 100,000-file folders, 100 long files open,
     didChange on a long workflow) and the provider-edit driver's result when it is present;
and writes a Markdown report (default bench/RESULTS.md) with the machine, date and command.
"""

import argparse
import datetime
import json
import os
import platform
import shlex
import shutil
import subprocess
import sys
import time

import scale
from benchlib import (generate, interleaved_runs, last_json, log, lspdrive, measured_run, quote,
                      repeated_runs, run, stderr_records, verdict, yaml_files)

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SHARED = os.path.normpath(os.path.join(REPO, "..", "shared"))
CHECK_JSONSCHEMA = "check-jsonschema==0.39.0"
YAML_LS = "yaml-language-server@1.25.0"
AJV_CLI = "ajv-cli@5.0.0"
AJV_FORMATS = "ajv-formats@3.0.1"

# The "editing a provider in a workspace of 2,000 Score specs" case has its own driver, written on
# another branch. HOOK: when bench/<PROVIDER_EDIT_SCRIPT> exists it is run with these arguments
# ({server}, {cli}, {tools}, {cache} filled in) and the last JSON line of its standard output goes
# into RESULTS.md as it is. Set the name and arguments to the driver's when merging it.
PROVIDER_EDIT_SCRIPT = "provider_edit.py"
PROVIDER_EDIT_ARGS = ["--server", "{server}"]

# The corpora: (label, gen_corpus.py arguments). Same arguments, byte-identical files.
CORPORA = {
    "c60": ("1,000 Score files of 60 lines", ["--count", "1000", "--size", "60", "--seed", "1"]),
    "c5k": ("100 Score files of 5,000 lines", ["--count", "100", "--size", "5000", "--seed", "2"]),
    "lsp": ("one Score file of 5,000 lines", ["--count", "1", "--size", "5000", "--seed", "3"]),
}
# Corpora with faults, to check that each tool really validates what it is given: only kinds the
# official schema rejects, and only YAML syntax faults (duplicate keys are syntax faults too).
FAULT_CORPORA = {
    "schema_faults": ("100 Score files of 60 lines, 30 % with schema faults",
                      ["--count", "100", "--size", "60", "--seed", "4", "--faults", "30",
                       "--fault-types", "wrong_type,unknown_key,missing_required,bad_value"]),
    "syntax_faults": ("100 Score files of 60 lines, 10 % with YAML syntax faults",
                      ["--count", "100", "--size", "60", "--seed", "4", "--faults", "10",
                       "--fault-types", "yaml_syntax,duplicate_key"]),
}


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


def setup_ajv(cache):
    """ajv-cli and ajv-formats in their own npm prefix (not yaml-language-server's, whose
    package.json would otherwise change): the command before the ajv arguments."""
    node = shutil.which("node")
    if not node:
        sys.exit("node is needed for ajv-cli")
    prefix = os.path.join(cache, "npm-ajv")
    main = os.path.join(prefix, "node_modules", "ajv-cli", "dist", "index.js")
    if not os.path.exists(os.path.join(prefix, "node_modules", "ajv-formats")) or not os.path.exists(main):
        os.makedirs(prefix, exist_ok=True)
        run(["npm", "install", "--prefix", prefix, "--no-audit", "--no-fund", "--silent", AJV_CLI, AJV_FORMATS])
    return [node, main]


def ajv_cmd(ajv, schema, folder):
    # the pattern is expanded by ajv-cli itself (no shell), as with `-d 'DIR/*.yaml'`
    return [*ajv, "validate", "--spec=draft2020", "--strict=false", "-c", "ajv-formats",
            "-s", schema, "-d", os.path.join(folder, "*.yaml")]


def generate_all(cache, tools):
    return {key: generate(cache, tools, key, args, kind="score")
            for key, (_, args) in {**CORPORA, **FAULT_CORPORA}.items()}


# ------------------------------------------------------------------------------------------
# CLI: whole-run wall time, one process per run


def ours_validate_cmd(cli, folder):
    # --no-cache: every run does the whole work (a warm result cache would answer without
    # parsing, which the peers cannot do).
    return [cli, "validate", "--isolated", "--no-cache", "--dialect", "score", folder]


def rejected_by_ours(cli, folder):
    """Files our validate reports errors in (JSON output)."""
    cmd = ours_validate_cmd(cli, folder)
    p = subprocess.run(cmd[:2] + ["--format", "json"] + cmd[2:], stdout=subprocess.PIPE,
                       stderr=subprocess.DEVNULL)
    try:
        data = json.loads(p.stdout)
    except ValueError:
        return None
    return len({d["file"] for d in data.get("diagnostics", []) if d.get("severity") == "error"})


def rejected_by_cjs(output, folder):
    # check-jsonschema names each file failing the schema once or more, as `FILE::$.path:
    # message`, and each file it cannot read as `Failed to parse FILE`
    failing = set()
    for line in output.splitlines():
        line = line.strip()
        if line.startswith("Failed to parse "):
            failing.add(line[len("Failed to parse "):])
        elif "::" in line and line.startswith(folder):
            failing.add(line.split("::")[0])
    return len(failing)


def rejected_by_ajv(stderr):
    # ajv-cli prints `FILE invalid` (to standard error) for each file failing the schema
    return sum(1 for line in stderr.splitlines() if line.endswith(" invalid"))


def cli_bench(cli, cjs, ajv, schema, folder, runs):
    files = yaml_files(folder)
    ours_cmd = ours_validate_cmd(cli, folder)
    peer_cmd = [cjs, "--schemafile", schema, *files]
    a_cmd = ajv_cmd(ajv, schema, folder)
    log(f"CLI on {folder}: ours x{runs.ours}, check-jsonschema x{runs.peer}, ajv-cli x{runs.ajv}")
    # Ours and ajv-cli in turns: their ratio is a target, and the machine is noisy.
    ours, a = interleaved_runs([(ours_cmd, runs.ours), (a_cmd, runs.ajv)])
    peer = repeated_runs(peer_cmd, runs.peer)
    out = {"files": len(files), "ours": ours, "peer": peer, "ajv": a,
           "ours_failing": rejected_by_ours(cli, folder),
           "peer_failing": rejected_by_cjs(peer["stdout"] + peer["stderr"], folder),
           "ajv_failing": rejected_by_ajv(a["stderr"]),
           "ours_cmd": ours_cmd, "peer_cmd": peer_cmd[:3] + ["FILES..."], "ajv_cmd": a_cmd}
    for r in (ours, peer, a):
        r.pop("stdout")
        r.pop("stderr")
    return out


def fault_check(cli, cjs, ajv, schema, folder):
    """Does each tool reject the files the manifest says are broken? One run each."""
    with open(os.path.join(folder, "manifest.json")) as f:
        manifest = json.load(f)
    broken = {e["file"] for e in manifest["files"]
              if any(fault["layer"] in ("syntax", "schema") for fault in e["faults"])}
    files = yaml_files(folder)
    peer = measured_run([cjs, "--schemafile", schema, *files])
    a = measured_run(ajv_cmd(ajv, schema, folder))
    return {"files": len(files), "broken": len(broken),
            "ours": rejected_by_ours(cli, folder),
            "peer": rejected_by_cjs(peer["stdout"] + peer["stderr"], folder), "peer_exit": peer["exit"],
            "ajv": rejected_by_ajv(a["stderr"]), "ajv_exit": a["exit"],
            "ajv_checked": sum(1 for line in a["stdout"].splitlines() if line.endswith(" valid"))
            + rejected_by_ajv(a["stderr"]),
            "ajv_error": next((line for line in a["stderr"].splitlines() if line.startswith("error:")), None)}


def floor_bench(folder, runs):
    """Bare parsing, validate and lint in-process (engine bench `parse_floor`)."""
    cmd = ["cargo", "bench", "-q", "-p", "innominatus-engine", "--bench", "parse_floor", "--",
           "--corpus", folder, "--runs", str(runs)]
    p = run(cmd, cwd=REPO, stdout=subprocess.PIPE)
    return json.loads(p.stdout.decode().strip().splitlines()[-1])


# ------------------------------------------------------------------------------------------
# language servers, through lspdrive.py


def lsp_bench(tools, name, server, extra, file, edits, reopens):
    folder = os.path.dirname(file)
    # didOpen: open, wait for the first publish, close; repeated.
    p, _ = lspdrive(tools, server, extra + ["--root", folder],
                    ["diag", file, "--repeat", str(reopens)], folder)
    err = p.stderr.decode(errors="replace")
    summary = (stderr_records(err, "summary") or [None])[-1]
    per_file = (stderr_records(err, "file") or [None])[-1]
    opens = []
    if per_file and "first_publish_ms" in per_file:
        opens.append(per_file["first_publish_ms"])
    reopen = (per_file or {}).get("reopen")
    # didChange: edits in the middle of the file, each waiting for its publish.
    b, _ = lspdrive(tools, server, extra + ["--root", folder],
                    ["bench", file, "--edits", str(edits)], folder)
    bench = last_json(b.stdout.decode(errors="replace"))
    if bench is None:
        sys.exit(f"{name}: lspdrive bench gave no result:\n{b.stderr.decode(errors='replace')[-3000:]}")
    return {"server": server, "first_open_ms": opens[0] if opens else None, "reopen": reopen,
            "open_summary": summary, "bench": bench}


def provider_edit(server, cli, tools, cache):
    """HOOK for the provider-edit driver (see PROVIDER_EDIT_SCRIPT): None when it is absent."""
    script = os.path.join(REPO, "bench", PROVIDER_EDIT_SCRIPT)
    if not os.path.exists(script):
        log(f"{script} not present: the provider-edit case is not run")
        return None
    fill = {"server": server, "cli": cli, "tools": tools, "cache": cache}
    cmd = [sys.executable, script, *(a.format(**fill) for a in PROVIDER_EDIT_ARGS)]
    log("$ " + quote(cmd))
    p = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, cwd=REPO)
    result = last_json(p.stdout.decode(errors="replace"))
    print(json.dumps(result), flush=True)
    shown = [a.format(**{k: k.upper() for k in fill}) for a in PROVIDER_EDIT_ARGS]
    return {"command": quote(["python3", os.path.join("bench", PROVIDER_EDIT_SCRIPT), *shown]),
            "exit": p.returncode, "json": result}


# ------------------------------------------------------------------------------------------
# report


def fmt_s(x):
    return f"{x * 1000:.0f} ms" if x < 10 else f"{x:.1f} s"


def ratio(a, b):
    return a / b if b else float("inf")


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


def npm_version(ajv, package):
    """The version of an installed package beside ajv-cli (its dependency ajv is not pinned)."""
    modules = os.path.dirname(os.path.dirname(os.path.dirname(ajv[1])))
    try:
        with open(os.path.join(modules, package, "package.json")) as f:
            return json.load(f)["version"]
    except (OSError, ValueError, KeyError):
        return "unknown"


def versions(cli, cjs, ajv, yls_cmd):
    def out(cmd):
        try:
            return subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                                  timeout=60).stdout.decode().strip().splitlines()[0]
        except Exception as e:  # noqa: BLE001 - a version string is only informative
            return f"unknown ({e})"
    v = {"innominatus": out([cli, "--version"]), "check-jsonschema": out([cjs, "--version"]),
         "ajv-cli": AJV_CLI.split("@")[1] + " (ajv " + npm_version(ajv, "ajv") + ", "
         + AJV_FORMATS.replace("@", " ") + ")",
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
    L.append(f"- Load: {res['load']} before the run, {res.get('load_after', '–')} after it (load averages; "
             "the machine may be shared); the run took " + fmt_s(res.get("duration_s", 0))
             + (f" after waiting {res['waited_s']:.0f} s for the load to fall (--wait-for-load)"
                if res.get("waited_s", 0) >= 1 else ""))
    L.append("- Command: `" + res["command"] + "`")
    L.append("- Versions: " + "; ".join(f"{k}: {v}" for k, v in res["versions"].items()))
    L.append("- Corpus: `gen_corpus.py --kind score` " + "; ".join(
        f"{CORPORA[k][0]}: `{' '.join(CORPORA[k][1])}`" for k in CORPORA))
    L.append("")
    L.append("## Command line: whole run, one process (median wall time, peak memory)")
    L.append("")
    L.append("| corpus | innominatus validate --dialect score | check-jsonschema | ajv-cli | files rejected (ours / check-jsonschema / ajv-cli) |")
    L.append("|---|---:|---:|---:|---|")
    for key in ("c60", "c5k"):
        c = res["cli"].get(key)
        if not c:
            continue
        cells = [f"{fmt_s(c[t]['median_s'])}, {c[t]['rss_median_kb'] / 1024:.1f} MiB (n={c[t]['runs']})"
                 for t in ("ours", "peer", "ajv")]
        L.append(f"| {CORPORA[key][0]} | {' | '.join(cells)} | "
                 f"{c['ours_failing']} / {c['peer_failing']} / {c['ajv_failing']} |")
    L.append("")
    L.append("| target | ours | peer | result |")
    L.append("|---|---:|---:|---|")
    for key, peer, name, goal in (("c60", "peer", "check-jsonschema", 100), ("c5k", "peer", "check-jsonschema", 100),
                                  ("c60", "ajv", "ajv-cli", 20), ("c5k", "ajv", "ajv-cli", 10)):
        c = res["cli"].get(key)
        if c:
            sp = ratio(c[peer]["median_s"], c["ours"]["median_s"])
            L.append(f"| {CORPORA[key][0]}: ≥ {goal}× faster than {name} | {fmt_s(c['ours']['median_s'])} | "
                     f"{fmt_s(c[peer]['median_s'])} | {sp:.1f}×, {verdict(sp >= goal)} |")
    c = res["cli"].get("c5k")
    if c:
        mo, mp = c["ours"]["rss_median_kb"], c["peer"]["rss_median_kb"]
        L.append(f"| {CORPORA['c5k'][0]}: peak memory ≤ check-jsonschema's | {mo / 1024:.1f} MiB | "
                 f"{mp / 1024:.1f} MiB | {verdict(mo <= mp)} |")
    L.append("")
    L.append("Commands: `" + quote([os.path.basename(c["ours_cmd"][0])] + c["ours_cmd"][1:-1] + ["DIR"]) + "`; `"
             + quote(["check-jsonschema"] + c["peer_cmd"][1:2] + ["SCHEMA", "FILES..."]) + "`; `"
             + quote(["ajv"] + c["ajv_cmd"][2:-3] + ["SCHEMA", "-d", "DIR/*.yaml"]) + "`. Peak memory: "
             "the largest process of each run's tree (wait4's ru_maxrss, taken by a small launcher process so that the harness's own memory is not counted: about 8 MiB is the least it can read), median over the runs. "
             "Ours and ajv-cli run in turns (one run of each per round), so that the machine's changing "
             "load weighs on both alike; check-jsonschema runs after them.")
    if res.get("faults"):
        L.append("")
        L.append("### Do they really check? Corpora with injected faults (one run each)")
        L.append("")
        L.append("| corpus | files broken (manifest: syntax or schema layer) | rejected by ours | by check-jsonschema | by ajv-cli |")
        L.append("|---|---:|---:|---:|---|")
        for key, f in res["faults"].items():
            ajv_note = f"{f['ajv']} (exit {f['ajv_exit']}; checked {f['ajv_checked']} of {f['files']} files"
            ajv_note += f", stopped: `{f['ajv_error']}`)" if f["ajv_error"] else ")"
            L.append(f"| {FAULT_CORPORA[key][0]} (`{' '.join(FAULT_CORPORA[key][1])}`) | {f['broken']} | "
                     f"{f['ours']} | {f['peer']} (exit {f['peer_exit']}) | {ajv_note} |")
        L.append("")
        L.append("ajv-cli reads `.yaml` files with js-yaml; a file it cannot parse ends the whole run "
                 "(exit 2), so it never reports the files after it. The timed corpora are free of faults.")
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
    if res.get("scale"):
        L.extend(scale.report_lines(res["scale"]))
        L.extend(scale.provider_edit_lines(res.get("provider_edit")))
    else:
        L.append("Scale cases: skipped (--skip-scale).")
        L.append("")
    L.append("Notes: wall times include process start-up. check-jsonschema gets the files as "
             "arguments (it does not walk directories), ajv-cli a pattern it expands itself; ours "
             "gets the directory. A server's peak RSS is the largest single process of its "
             "process tree (VmHWM).")
    L.append("")
    return "\n".join(L)


class Runs:
    """How many timed runs each CLI tool gets per corpus."""

    def __init__(self, args):
        self.ours, self.peer, self.ajv = args.runs, args.peer_runs, args.ajv_runs


def load_average():
    return " ".join(f"{x:.2f}" for x in os.getloadavg())


def wait_for_load(limit, most_s):
    """Wait until the one-minute load average is at most `limit`, for at most `most_s` seconds:
    on a shared machine the figures depend on the load more than on anything measured."""
    deadline = time.monotonic() + most_s
    while os.getloadavg()[0] > limit and time.monotonic() < deadline:
        log(f"load {load_average()} above {limit}: waiting (at most {deadline - time.monotonic():.0f} s more)")
        time.sleep(max(0.0, min(15.0, deadline - time.monotonic())))


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--cli", default=os.path.join(REPO, "target", "release", "innominatus"),
                    help="our binary for the CLI half (default target/release/innominatus)")
    ap.add_argument("--server", help="our language server command line, e.g. "
                    "'/path/to/innominatus lsp' (default: the --cli binary with `lsp`)")
    ap.add_argument("--skip-lsp", action="store_true",
                    help="no yaml-language-server at all: skips the language-server comparison and "
                    "its half of the scale case with 100 files open")
    ap.add_argument("--skip-scale", action="store_true", help="skip every scale case (bench/scale.py)")
    ap.add_argument("--skip-100k", action="store_true",
                    help="skip the 100,000-file folder (about 410 MB of files, minutes to generate)")
    ap.add_argument("--cache", default=os.path.join(os.path.expanduser("~"), ".cache", "innominatus-bench"))
    ap.add_argument("--tools", default=os.path.join(SHARED, "tools"), help="where gen_corpus.py and lspdrive.py are")
    ap.add_argument("--schema", default=os.path.join(SHARED, "reference", "score-v1b1.schema.json"))
    ap.add_argument("--runs", type=int, default=11,
                    help="runs of our CLI per corpus (median; tens of ms each, so more runs)")
    ap.add_argument("--peer-runs", type=int, default=3, help="runs of check-jsonschema per corpus")
    ap.add_argument("--ajv-runs", type=int, default=7, help="runs of ajv-cli per corpus")
    ap.add_argument("--scale-runs", type=int, default=3,
                    help="fresh servers / lint runs per scale case (median; at least 3 for the targets)")
    ap.add_argument("--edits", type=int, default=200, help="didChange edits per server")
    ap.add_argument("--reopens", type=int, default=20, help="didOpen repetitions per server")
    ap.add_argument("--wait-for-load", type=float, metavar="L",
                    help="before measuring, wait until the one-minute load average is at most L")
    ap.add_argument("--wait-max", type=float, default=600, metavar="S",
                    help="wait at most S seconds for --wait-for-load (default 600)")
    ap.add_argument("--out", default=os.path.join(REPO, "bench", "RESULTS.md"))
    args = ap.parse_args()

    for need in ("gen_corpus.py", "lspdrive.py"):
        if not os.path.exists(os.path.join(args.tools, need)):
            sys.exit(f"{need} not found in {args.tools} (use --tools)")
    if not os.path.exists(args.cli):
        sys.exit(f"{args.cli} not found: build it (bench/peers.sh does) or pass --cli")
    os.makedirs(args.cache, exist_ok=True)
    started = time.perf_counter()
    schema = os.path.abspath(args.schema)
    cjs = setup_check_jsonschema(args.cache)
    ajv = setup_ajv(args.cache)
    yls = None if args.skip_lsp else setup_yaml_ls(args.cache)
    yls_settings = json.dumps({"yaml": {"validate": True, "schemas": {schema: "*.yaml"}}})
    ours_server = args.server or f"{shlex.quote(args.cli)} lsp"
    corpora = generate_all(args.cache, args.tools)
    waited = time.perf_counter()
    if args.wait_for_load is not None:
        wait_for_load(args.wait_for_load, args.wait_max)
    waited = time.perf_counter() - waited
    started += waited

    res = {"date": datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
           "machine": machine(), "load": load_average(),
           "command": quote(["python3", "bench/peers.py", *sys.argv[1:]]),
           "versions": versions(args.cli, cjs, ajv, yls), "cli": {}, "floor": {}, "faults": {}}
    for key in FAULT_CORPORA:
        res["faults"][key] = fault_check(args.cli, cjs, ajv, schema, corpora[key])
    for key in ("c60", "c5k"):
        res["cli"][key] = cli_bench(args.cli, cjs, ajv, schema, corpora[key], Runs(args))
        res["floor"][key] = floor_bench(corpora[key], args.runs)
    if not args.skip_lsp:
        file = yaml_files(corpora["lsp"])[0]
        res["lsp_file"] = file
        res["lsp"] = {
            "innominatus": lsp_bench(args.tools, "innominatus", ours_server, [], file,
                                     args.edits, args.reopens),
            "yaml-language-server": lsp_bench(args.tools, "yaml-language-server", quote(yls),
                                              ["--settings", yls_settings], file,
                                              args.edits, args.reopens),
        }
    if not args.skip_scale:
        res["scale"] = scale.run_all(args, args.cli, ours_server, yls, yls_settings, corpora["c5k"])
        res["provider_edit"] = provider_edit(ours_server, args.cli, args.tools, args.cache)
    res["load_after"] = load_average()
    res["duration_s"] = time.perf_counter() - started
    res["waited_s"] = waited
    with open(os.path.join(args.cache, "last-results.json"), "w") as f:
        json.dump(res, f, indent=1)
    text = report(res, args)
    with open(args.out, "w") as f:
        f.write(text)
    print(text)


if __name__ == "__main__":
    main()
