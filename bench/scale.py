"""The scale cases of the peer benchmark (issue 17, "Any size"): a 10,000-file mixed workspace in
the language server and on the command line, a 100,000-file folder, 100 five-thousand-line files
open at once beside yaml-language-server, and didChange on a 5,000-line workflow with ~630
findings, and `lint --shard` merged against the unsharded run on the 10,000-file folder. Run from bench/peers.py; each case returns a dict that `report_lines` renders with its
target and verdict. Python 3 standard library only."""

import json
import os
import re
import statistics
import sys
import tempfile

from benchlib import (generate, last_json, log, lspdrive, measured_run, quote, repeated_runs, stderr_records,
                      verdict, yaml_files)

# (label, gen_corpus.py arguments); the same arguments give byte-identical files.
SCALE_CORPORA = {
    "ws10k": ("mixed workspace of 10,000 files of 60 lines",
              ["--kind", "mixed", "--count", "10000", "--size", "60", "--seed", "5"]),
    "ws100k": ("mixed folder of 100,000 files of 60 lines",
               ["--kind", "mixed", "--count", "100000", "--size", "60", "--seed", "5"]),
    "wf5k": ("one workflow of 5,000 lines",
             ["--kind", "workflow", "--count", "1", "--size", "5000", "--seed", "3"]),
}

# Targets of issue 17 ("Done when"). Memory targets are read as MiB (2^20 bytes).
FIRST_DIAG_MS = 20
SERVER_INDEXED_MIB = 60
LINT_10K_MIB = 100
LINT_100K_MIB = 300
OPEN_100_RATIO = 5
DIDCHANGE_P99_MS = 10

# How long lspdrive keeps the server after its last publication in the memory runs: long enough
# for a background index of 10,000 files to finish and the server to sit idle for a second.
SETTLE_MS = 5000

FINDING_LINE = re.compile(r"^\S.*:\d+:\d+: ")


def mib(kb):
    return kb / 1024 if kb is not None else None


def fmt_mib(kb):
    return f"{kb / 1024:.1f} MiB" if kb else "–"


def lint_cmd(cli, folder):
    # --no-cache: every run does the whole work; concise output keeps rendering out of the figure
    return [cli, "lint", "--isolated", "--no-cache", "--format", "concise", folder]


def middle_file(folder):
    files = yaml_files(folder)
    return files[len(files) // 2]


# ------------------------------------------------------------------------------------------
# cases


def first_diagnostics(tools, server, ws, runs):
    """Fresh servers rooted at the workspace, each opening one file: didOpen -> first publish.
    Then as many fresh servers kept until idle: peak memory with the workspace indexed."""
    file = middle_file(ws)
    firsts, diag_counts = [], []
    for _ in range(runs):
        p, _ = lspdrive(tools, server, ["--root", ws], ["diag", file], ws)
        s = (stderr_records(p.stderr.decode(errors="replace"), "summary") or [{}])[-1]
        first = (s.get("open_to_first_publish") or {}).get("p50_ms")
        if first is None:
            sys.exit(f"no first publication from the server in {ws}:\n"
                     f"{p.stderr.decode(errors='replace')[-3000:]}")
        firsts.append(first)
        diag_counts.append(s.get("diagnostics"))
    idle_rss, busy, final_rss = [], [], []
    for _ in range(runs):
        p, watch = lspdrive(tools, server, ["--root", ws],
                            ["diag", file, "--settle-ms", str(SETTLE_MS)], ws, sampler=True)
        s = (stderr_records(p.stderr.decode(errors="replace"), "summary") or [{}])[-1]
        w = watch.summary()
        if w["idle_peak_rss_kb"] is not None:
            idle_rss.append(w["idle_peak_rss_kb"])
            busy.append(w["busy_until_ms"])
        if s.get("peak_rss_kb"):
            final_rss.append(s["peak_rss_kb"])
    return {"file": os.path.relpath(file, ws), "runs": runs,
            "first_publish_ms": firsts, "first_publish_median_ms": statistics.median(firsts),
            "diagnostics": diag_counts,
            "idle_rss_kb": idle_rss, "idle_rss_median_kb": statistics.median(idle_rss) if idle_rss else None,
            "busy_until_ms": busy, "final_rss_kb": final_rss,
            "command": f"lspdrive.py --server SERVER --root WS diag WS/{os.path.relpath(file, ws)}"}


def lint_folder(cli, folder, runs):
    r = repeated_runs(lint_cmd(cli, folder), runs)
    # concise output: one `file:line:col: severity[CODE name] message` line per finding
    findings = sum(1 for line in r.pop("stdout").splitlines() if FINDING_LINE.match(line))
    r.pop("stderr")
    r["findings"] = findings
    r["files"] = len(yaml_files(folder))
    r["command"] = quote(lint_cmd(os.path.basename(cli), "DIR"))
    return r


def cached_lint(cli, folder, findings):
    """`lint` as a user runs it, with the result cache (kept in a temporary folder, not in the
    corpus): the first run stores the result, the second reads it. Peak RSS of each, and
    whether both print as many findings as the uncached runs (`findings`)."""
    cmd = [cli, "lint", "--isolated", "--format", "concise", folder]
    with tempfile.TemporaryDirectory() as cache:
        before = os.environ.get("INNOMINATUS_CACHE_DIR")
        os.environ["INNOMINATUS_CACHE_DIR"] = cache
        try:
            runs = [measured_run(cmd) for _ in ("stores", "reads")]
        finally:
            if before is None:
                del os.environ["INNOMINATUS_CACHE_DIR"]
            else:
                os.environ["INNOMINATUS_CACHE_DIR"] = before
    counts = [sum(1 for line in r["stdout"].splitlines() if FINDING_LINE.match(line)) for r in runs]
    return {"stores_rss_kb": runs[0]["peak_rss_kb"], "reads_rss_kb": runs[1]["peak_rss_kb"],
            "stores_s": runs[0]["wall_s"], "reads_s": runs[1]["wall_s"],
            "same_findings": all(c == findings for c in counts)}


def all_open(tools, server, extra, folder):
    """One server with every file of the folder opened and kept open: peak RSS at the end."""
    files = yaml_files(folder)
    p, _ = lspdrive(tools, server, extra + ["--root", folder],
                    ["diag", "--keep-open", *files], folder, timeout=60)
    err = p.stderr.decode(errors="replace")
    s = (stderr_records(err, "summary") or [{}])[-1]
    per_file = stderr_records(err, "file")
    return {"files": len(files), "answered": s.get("answered"), "peak_rss_kb": s.get("peak_rss_kb"),
            "first_file_first_publish_ms": (per_file[0] if per_file else {}).get("first_publish_ms"),
            "open_to_first_publish": s.get("open_to_first_publish"), "exit": p.returncode}


def shard_findings(output, fmt):
    """A JSON or SARIF output's findings, each as compact JSON text, sorted (how shards merge)."""
    doc = json.loads(output)
    items = doc["diagnostics"] if fmt == "json" else doc["runs"][0]["results"]
    return sorted(json.dumps(i, sort_keys=True, separators=(",", ":")) for i in items)


def shard_summary(output):
    s = json.loads(output)["summary"]
    return [s[k] for k in ("files", "errors", "warnings", "infos", "hints")]


def shard_merge(cli, folder, shards):
    """`lint --shard K/N` for K = 1..N in JSON and SARIF, merged, against the unsharded run:
    the same findings (sorted, byte for byte), the same summary counts, the same exit status."""
    out = {"shards": shards, "formats": {}}
    for fmt in ("json", "sarif"):
        base = [cli, "lint", "--isolated", "--no-cache", "--format", fmt]
        whole = measured_run(base + [folder])
        parts = [measured_run(base + ["--shard", f"{k}/{shards}", folder]) for k in range(1, shards + 1)]
        merged = sorted(f for p in parts for f in shard_findings(p["stdout"], fmt))
        expected = shard_findings(whole["stdout"], fmt)
        same_exit = max(p["exit"] for p in parts) == whole["exit"]
        row = {"findings": len(expected), "merged": len(merged), "equal": merged == expected,
               "exit": whole["exit"], "same_exit": same_exit}
        if fmt == "json":
            sums = [shard_summary(p["stdout"]) for p in parts]
            added = [sum(col) for col in zip(*sums)]
            row["summary_equal"] = added == shard_summary(whole["stdout"])
        out["formats"][fmt] = row
    out["command"] = quote([os.path.basename(cli), "lint", "--isolated", "--no-cache", "--format",
                            "json|sarif", "--shard", f"K/{shards}", "DIR"])
    return out


def did_change(tools, server, file, edits):
    folder = os.path.dirname(file)
    p, _ = lspdrive(tools, server, ["--root", folder], ["bench", file, "--edits", str(edits)], folder)
    b = last_json(p.stdout.decode(errors="replace"))
    if b is None:
        sys.exit(f"lspdrive bench gave no result:\n{p.stderr.decode(errors='replace')[-3000:]}")
    b["edit_diagnostics"] = edit_findings(tools, server, file)
    return b


def edit_findings(tools, server, file, edits=6):
    """How many findings the server publishes for `file` after an edit (the median over a few
    edits), read from a separate traced run: lspdrive's `open_diagnostics` is the first
    publication, the file-local findings sent before the folder is indexed."""
    folder = os.path.dirname(file)
    handle, trace = tempfile.mkstemp(suffix=".jsonl")
    os.close(handle)
    try:
        lspdrive(tools, server, ["--root", folder, "--trace", trace],
                 ["bench", file, "--edits", str(edits)], folder)
        counts = []
        with open(trace) as f:
            for line in f:
                msg = json.loads(line).get("msg") or {}
                params = msg.get("params") or {}
                if msg.get("method") == "textDocument/publishDiagnostics" and (params.get("version") or 0) >= 2:
                    counts.append(len(params.get("diagnostics") or []))
        return statistics.median(counts) if counts else None
    finally:
        os.remove(trace)


def run_all(args, cli, server, yls_cmd, yls_settings, c5k_folder):
    """Every scale case the flags allow; results keyed by case."""
    out = {"corpora": {}}
    keys = ["ws10k", "wf5k"] + ([] if args.skip_100k else ["ws100k"])
    for key in keys:
        out["corpora"][key] = generate(args.cache, args.tools, key, SCALE_CORPORA[key][1])
    ws = out["corpora"]["ws10k"]
    log("scale: first diagnostics and memory in the 10,000-file workspace")
    out["first_diag"] = first_diagnostics(args.tools, server, ws, args.scale_runs)
    log("scale: lint of the 10,000-file folder")
    out["lint10k"] = lint_folder(cli, ws, args.scale_runs)
    out["lint10k"]["cached"] = cached_lint(cli, ws, out["lint10k"]["findings"])
    log("scale: shards of the 10,000-file folder merged against the unsharded run")
    out["shards10k"] = shard_merge(cli, ws, 4)
    if not args.skip_100k:
        log("scale: lint of the 100,000-file folder")
        out["lint100k"] = lint_folder(cli, out["corpora"]["ws100k"], args.scale_runs)
        out["lint100k"]["cached"] = cached_lint(cli, out["corpora"]["ws100k"], out["lint100k"]["findings"])
    log("scale: 100 files of 5,000 lines open at once")
    out["all_open"] = {"innominatus": all_open(args.tools, server, [], c5k_folder)}
    if yls_cmd:
        out["all_open"]["yaml-language-server"] = all_open(
            args.tools, quote(yls_cmd), ["--settings", yls_settings], c5k_folder)
    log("scale: didChange on the 5,000-line workflow")
    out["didchange"] = did_change(args.tools, server, yaml_files(out["corpora"]["wf5k"])[0], args.edits)
    return out


# ------------------------------------------------------------------------------------------
# report


def report_lines(sc):
    L = ["## Scale (issue 17): big workspaces, long files, one machine", ""]
    L.append("Corpora: `gen_corpus.py` " + "; ".join(
        f"{label}: `{' '.join(args)}`" for key, (label, args) in SCALE_CORPORA.items()
        if key in sc["corpora"]) + "; 100 Score files of 5,000 lines: the `c5k` corpus above.")
    L.append("")
    L.append("| case | measured | n | target | result |")
    L.append("|---|---:|---:|---|---|")
    fd = sc["first_diag"]
    med = fd["first_publish_median_ms"]
    L.append(f"| 10,000-file workspace: didOpen → first publish, fresh server (`{fd['file']}`) | "
             f"{med:.1f} ms (runs: {', '.join(f'{x:.0f}' for x in fd['first_publish_ms'])}) | "
             f"{fd['runs']} | ≤ {FIRST_DIAG_MS} ms | {verdict(med <= FIRST_DIAG_MS)} |")
    idle = fd["idle_rss_median_kb"]
    busy = ", ".join(f"{x / 1000:.1f}" for x in fd["busy_until_ms"])
    L.append(f"| 10,000-file workspace: server peak RSS once indexed and idle (busy until {busy or '–'} s after start) | "
             f"{fmt_mib(idle)} | {len(fd['idle_rss_kb'])} | ≤ {SERVER_INDEXED_MIB} MiB | "
             f"{verdict(None if idle is None else mib(idle) <= SERVER_INDEXED_MIB)} |")
    for key, label, target in (("lint10k", "`lint` of the 10,000-file folder", LINT_10K_MIB),
                               ("lint100k", "`lint` of the 100,000-file folder", LINT_100K_MIB)):
        r = sc.get(key)
        if not r:
            L.append(f"| {label} | skipped (--skip-100k) | | ≤ {target} MiB peak | **not measured** |")
            continue
        L.append(f"| {label}: wall | {r['median_s']:.2f} s (min {r['min_s']:.2f}, max {r['max_s']:.2f}) | "
                 f"{r['runs']} | – | {r['findings']} findings in {r['files']} files |")
        L.append(f"| {label}: peak RSS | {fmt_mib(r['rss_median_kb'])} (max {fmt_mib(r['rss_max_kb'])}) | "
                 f"{r['runs']} | ≤ {target} MiB | {verdict(mib(r['rss_median_kb']) <= target)} |")
        c = r.get("cached")
        if c:
            worst = max(c["stores_rss_kb"], c["reads_rss_kb"])
            same = "same findings" if c["same_findings"] else "**findings differ from the uncached run**"
            L.append(f"| {label} with the result cache (the default): peak RSS of the run that stores / "
                     f"the run that reads it | {fmt_mib(c['stores_rss_kb'])} / {fmt_mib(c['reads_rss_kb'])} "
                     f"({c['stores_s']:.2f} / {c['reads_s']:.2f} s; {same}) | 1 | ≤ {target} MiB | "
                     f"{verdict(mib(worst) <= target and c['same_findings'])} |")
    sh = sc.get("shards10k")
    if sh:
        for fmt, r in sh["formats"].items():
            ok = r["equal"] and r["same_exit"] and r.get("summary_equal", True)
            detail = (f"{r['merged']} findings merged from {sh['shards']} shards, {r['findings']} unsharded"
                      + (", summary counts add up" if r.get("summary_equal") else "")
                      + f", exit {r['exit']}")
            L.append(f"| 10,000-file folder, `lint --shard K/{sh['shards']}` in {fmt.upper()}: shards merged = "
                     f"unsharded run | {detail} | 1 | equal after sorting | {verdict(ok)} |")
    ao = sc["all_open"]
    ours, theirs = ao["innominatus"], ao.get("yaml-language-server")
    for name, r in ao.items():
        o = r.get("open_to_first_publish") or {}
        L.append(f"| 100 × 5,000-line files open in {name}: peak RSS | {fmt_mib(r['peak_rss_kb'])} | 1 | "
                 f"{'≤ 1/5 of yaml-language-server' if name == 'innominatus' else '–'} | "
                 f"{r['answered']}/{r['files']} answered; first open {r['first_file_first_publish_ms']} ms, "
                 f"open p50 {o.get('p50_ms', '–')} ms |")
    if theirs and ours.get("peak_rss_kb") and theirs.get("peak_rss_kb"):
        ratio = theirs["peak_rss_kb"] / ours["peak_rss_kb"]
        L.append(f"| 100 × 5,000-line files open: yaml-language-server / ours | {ratio:.1f}× | 1 | "
                 f"≥ {OPEN_100_RATIO}× | {verdict(ratio >= OPEN_100_RATIO)} |")
    else:
        L.append(f"| 100 × 5,000-line files open: yaml-language-server / ours | – | | ≥ {OPEN_100_RATIO}× | **not measured** |")
    dc = sc["didchange"]
    lat = dc.get("latency") or {}
    p99 = lat.get("p99_ms")
    found = dc.get("edit_diagnostics")
    found = "–" if found is None else f"{found:g}"
    L.append(f"| didChange → publish on the 5,000-line workflow ({found} findings published per edit): "
             f"p50 / p95 / p99 / max | {lat.get('p50_ms', '–')} / {lat.get('p95_ms', '–')} / {p99} / "
             f"{lat.get('max_ms', '–')} ms ({dc.get('timeouts', 0)} timed out) | {lat.get('n', 0)} | "
             f"p99 ≤ {DIDCHANGE_P99_MS} ms | {verdict(None if p99 is None else p99 <= DIDCHANGE_P99_MS)} |")
    L.append("")
    L.append("How: first publish is lspdrive's `open_to_first_publish` for one file opened right after "
             "`initialized` (the server indexes the workspace at the same time), median of fresh servers. "
             f"Server memory: fresh servers kept {SETTLE_MS} ms after their last publication; the "
             "harness watches the server's CPU time and takes its VmHWM once it has been idle for 1 s "
             "(under a tenth of a core for 1 s: indexing done). `lint`: `" + sc["lint10k"]["command"] + "`, wall time and the peak RSS of the "
             "process (wait4, through the launcher of `benchlib.measured_run`). All open: `lspdrive.py diag --keep-open FILE...` on one server, its "
             "VmHWM after the last file. didChange: `lspdrive.py bench FILE --edits N` (one letter "
             "of a value toggled per edit, each waiting for its publication). Shards: "
             + (f"`{sc['shards10k']['command']}`, every shard's findings (each as compact JSON) "
                "sorted together against the unsharded run's; JSON summary counts added up."
                if sc.get("shards10k") else "not run."))
    L.append("")
    return L


def provider_edit_lines(result):
    """The table of the "editing a provider in a workspace of 2,000 Score specs" driver."""
    L = ["## Scale: editing a provider in a workspace of 2,000 Score specs", ""]
    if result is None:
        L.append("Not run: its driver is not in bench/ yet (see `PROVIDER_EDIT_SCRIPT` in bench/peers.py).")
    else:
        L.append(f"Targets: the edited file's diagnostics p99 ≤ 20 ms; every dependent updated within "
                 f"500 ms. Command: `{result['command']}` (exit {result['exit']}). Its result:")
        L.append("")
        L.append("```json")
        L.append(json.dumps(result["json"], indent=1) if result["json"] is not None
                 else "(no JSON line in its output)")
        L.append("```")
    L.append("")
    return L
