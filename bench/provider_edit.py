#!/usr/bin/env python3
"""Editing a provider in a workspace of 2,000 Score specs (issue 17, "Done when").

Builds the workspace: the example providers (bench/../examples/providers) and N Score
specs made by ../shared/tools/gen_corpus.py (--kind score), every resource's type rewritten
to `postgres` (claimed by examples/providers/database-team), and a `postgres` resource added
to the specs that declare none. Then starts `innominatus lsp`
on it, waits for the end of its indexing progress, opens the provider and renames its
claimed type `postgres` back and forth EDITS times. Each edit changes the resolution of
every spec's resources, so every spec is a dependent whose findings change.

Measured per edit, from the didChange being written:
  - edited: until the provider's publishDiagnostics of that version;
  - dependents: until the last spec's publication after the edit (and how many came).
Printed as one JSON object: p50/p99/max of both, and the counts.

Standard library only. Example:
  python3 bench/provider_edit.py --server 'target/release/innominatus lsp' --specs 2000 --edits 20
"""

import argparse
import json
import os
import queue
import re
import shlex
import shutil
import subprocess
import sys
import threading
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
PROVIDER = "providers/database-team/provider.yaml"
PUBLISH = b'"method":"textDocument/publishDiagnostics"'
URI = re.compile(rb'"uri":"([^"]+)"')
VERSION = re.compile(rb'"version":(\d+)')
CLAIM = "- type: postgres\n"


def build_workspace(out: Path, specs: int, gen_corpus: Path) -> None:
    """The example providers plus `specs` generated Score specs that all use `postgres`."""
    if out.exists():
        shutil.rmtree(out)
    shutil.copytree(REPO / "examples" / "providers", out / "providers")
    raw = out / ".generated"
    subprocess.run(
        [sys.executable, str(gen_corpus), "--kind", "score", "--count", str(specs),
         "--size", "40", "--seed", "7", "--out", str(raw)],
        check=True, stdout=subprocess.DEVNULL,
    )
    resource_type = re.compile(r"^(    type: ).*$", re.MULTILINE)
    for i, f in enumerate(sorted(raw.glob("*.yaml"))):
        text = resource_type.sub(r"\1postgres", f.read_text())
        if not re.search(r"^resources:", text, re.MULTILINE):
            # Every spec uses the provider: one that declared no resource gets a database.
            text = text.rstrip("\n") + "\nresources:\n  db:\n    type: postgres\n"
        app = out / "apps" / f"app-{i:05d}"
        app.mkdir(parents=True)
        (app / "score.yaml").write_text(text)
    shutil.rmtree(raw)


class Server:
    """A language server over stdio; every message it sends is queued with its arrival time."""

    def __init__(self, command: str, cwd: Path):
        argv = shlex.split(command)
        if os.path.exists(argv[0]):
            argv[0] = os.path.abspath(argv[0])  # the server runs in the workspace
        self.proc = subprocess.Popen(
            argv, cwd=cwd, stdin=subprocess.PIPE,
            stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
        )
        self.inbox: "queue.Queue[tuple[float, dict]]" = queue.Queue()
        self.next_id = 0
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        out = self.proc.stdout
        while True:
            length = None
            while True:
                line = out.readline()
                if not line:
                    return
                line = line.strip()
                if not line:
                    break
                name, _, value = line.partition(b":")
                if name.lower() == b"content-length":
                    length = int(value)
            raw = out.read(length)
            at = time.perf_counter()
            if PUBLISH in raw[:120]:
                # Thousands of these arrive per edit: read only the file and the version, so
                # that the client's own parsing does not become the measured time.
                uri = URI.search(raw).group(1).decode()
                version = VERSION.findall(raw)
                params = {"uri": uri, "version": int(version[-1]) if version else None}
                self.inbox.put((at, {"method": "textDocument/publishDiagnostics", "params": params}))
                continue
            body = json.loads(raw)
            if "id" in body and "method" in body:
                # A request of the server's own: progress tokens, registrations, settings.
                result = [{}] if body["method"] == "workspace/configuration" else None
                self.send({"jsonrpc": "2.0", "id": body["id"], "result": result})
            self.inbox.put((at, body))

    def send(self, message: dict) -> float:
        data = json.dumps(message).encode()
        self.proc.stdin.write(b"Content-Length: %d\r\n\r\n" % len(data) + data)
        self.proc.stdin.flush()
        return time.perf_counter()

    def notify(self, method: str, params: dict) -> float:
        return self.send({"jsonrpc": "2.0", "method": method, "params": params})

    def request(self, method: str, params: dict) -> dict:
        self.next_id += 1
        self.send({"jsonrpc": "2.0", "id": self.next_id, "method": method, "params": params})
        while True:
            _, msg = self.next(60)
            if msg.get("id") == self.next_id and "method" not in msg:
                return msg

    def next(self, timeout: float):
        return self.inbox.get(timeout=timeout)

    def stop(self) -> None:
        try:
            self.request("shutdown", None)
            self.notify("exit", None)
            self.proc.wait(timeout=10)
        except Exception:
            self.proc.kill()


def percentile(values, p):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))]


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--server", default=str(REPO / "target/release/innominatus") + " lsp")
    ap.add_argument("--specs", type=int, default=2000)
    ap.add_argument("--edits", type=int, default=20)
    ap.add_argument("--out", default="/tmp/innominatus-provider-edit")
    ap.add_argument("--gen-corpus", default=str(REPO.parent / "shared/tools/gen_corpus.py"))
    ap.add_argument("--quiet-ms", type=int, default=1500,
                    help="after an edit, the dependents are done when nothing came for this long")
    args = ap.parse_args()
    gen = Path(args.gen_corpus)
    if not gen.exists():
        print(f"skipped: {gen} is not there (../shared/tools beside the repository)")
        return 0
    root = Path(args.out).resolve()
    build_workspace(root, args.specs, gen)
    server = Server(args.server, root)
    server.request("initialize", {
        "processId": os.getpid(),
        "rootUri": root.as_uri(),
        "workspaceFolders": [{"uri": root.as_uri(), "name": "bench"}],
        "capabilities": {"window": {"workDoneProgress": True}},
        "initializationOptions": {"debounceMs": 0, "workspaceDebounceMs": 0},
    })
    server.notify("initialized", {})
    while True:
        _, msg = server.next(120)
        if msg.get("method") == "$/progress" and msg["params"]["value"].get("kind") == "end":
            break
    path = root / PROVIDER
    uri = path.as_uri()
    text = path.read_text()
    assert CLAIM in text, f"{PROVIDER} no longer claims `postgres` as `{CLAIM.strip()}`"
    server.notify("textDocument/didOpen", {"textDocument": {
        "uri": uri, "languageId": "yaml", "version": 1, "text": text}})
    while True:
        _, msg = server.next(60)
        if msg.get("method") == "textDocument/publishDiagnostics" and msg["params"]["uri"] == uri:
            break
    edited, dependents, counts = [], [], []
    for n in range(args.edits):
        version = n + 2
        new_text = text.replace(CLAIM, "- type: postgres-renamed\n", 1) if n % 2 == 0 else text
        sent = server.notify("textDocument/didChange", {
            "textDocument": {"uri": uri, "version": version},
            "contentChanges": [{"text": new_text}]})
        own, last, specs = None, None, set()
        while True:
            try:
                at, msg = server.next(args.quiet_ms / 1000)
            except queue.Empty:
                break
            if msg.get("method") != "textDocument/publishDiagnostics":
                continue
            p = msg["params"]
            if p["uri"] == uri and p.get("version") == version:
                own = at
            elif "/apps/" in p["uri"]:
                specs.add(p["uri"])
                last = at
        if own is None:
            print(f"edit {version}: the provider's diagnostics never came", file=sys.stderr)
            return 1
        edited.append((own - sent) * 1000)
        dependents.append(((last or own) - sent) * 1000)
        counts.append(len(specs))
    server.stop()
    summary = {
        "specs": args.specs,
        "edits": args.edits,
        "edited_ms": {"p50": round(percentile(edited, 50), 2), "p99": round(percentile(edited, 99), 2),
                      "max": round(max(edited), 2)},
        "dependents_ms": {"p50": round(percentile(dependents, 50), 1),
                          "p99": round(percentile(dependents, 99), 1), "max": round(max(dependents), 1)},
        "specs_republished_per_edit": {"min": min(counts), "max": max(counts)},
    }
    print(json.dumps(summary))
    return 0


if __name__ == "__main__":
    sys.exit(main())
