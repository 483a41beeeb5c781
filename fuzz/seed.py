#!/usr/bin/env python3
"""Writes the seed corpora of the fuzz targets into fuzz/corpus/<target>/ (not committed).

Seeds are the real-world corpus (../shared/corpus, when present beside the repository), the
golden cases (tests/cases) and the example repository (examples/). Single-file targets get
a one-byte prefix that picks the file's name (FILE_NAMES in src/lib.rs); the workspace
target gets whole directories joined with `=== PATH` lines; the template target gets the
lines that hold templates, placeholders, references or conditions.
"""
import hashlib
import os
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
OUT = os.path.join(ROOT, "fuzz", "corpus")
SOURCES = [
    os.path.join(ROOT, "..", "shared", "corpus"),
    os.path.join(ROOT, "tests", "cases"),
    os.path.join(ROOT, "examples"),
]
MAX_SEED = 64 * 1024


def name_byte(path):
    """The index into FILE_NAMES of the name closest to this path's role."""
    p = path.replace(os.sep, "/")
    base = os.path.basename(p)
    if base == "provider.yaml":
        return 1
    if "/providers/" in p and "/workflows/" in p:
        return 2
    if "/workflows/" in p:
        return 3
    if "golden" in base:
        return 4
    if "admin" in base:
        return 5
    return 0


def yaml_files(top):
    for d, dirs, files in os.walk(top):
        dirs.sort()
        for f in sorted(files):
            if f.endswith((".yaml", ".yml")):
                yield os.path.join(d, f)


def write(target, data):
    if not data or len(data) > MAX_SEED:
        return
    folder = os.path.join(OUT, target)
    os.makedirs(folder, exist_ok=True)
    name = hashlib.sha1(data).hexdigest()
    with open(os.path.join(folder, name), "wb") as f:
        f.write(data)


TEMPLATE_MARKS = (b"{{", b"${", b"$", b"==", b"!=", b"if:", b"unless:", b"when:")


def main():
    roots = [r for r in SOURCES if os.path.isdir(r)]
    if not roots:
        sys.exit("no seed sources found")
    for top in roots:
        for path in yaml_files(top):
            with open(path, "rb") as f:
                data = f.read()
            write("syntax_tree", data)
            write("syntax_fast_path", data)
            write("schema_in_place", data)
            for target in ("pipeline_file", "fix"):
                write(target, bytes([name_byte(path)]) + data)
            # Two hostile variants per file (the variant in the low bits, a small size).
            h = hashlib.sha1(data).digest()[0]
            for variant in (h % 8, (h // 8) % 8):
                write("hostile", bytes([name_byte(path), variant]) + data)
            for line in data.splitlines():
                if any(m in line for m in TEMPLATE_MARKS):
                    value = line.split(b":", 1)[-1].strip()
                    write("template_condition", value)
        # The whole tree as one repository, and each top-level directory as one (the golden
        # cases are one repository per case); seeds over 64 KiB are skipped.
        whole = []
        for path in yaml_files(top):
            with open(path, "rb") as f:
                rel = os.path.relpath(path, top).replace(os.sep, "/")
                whole.append(b"=== " + rel.encode() + b"\n" + f.read())
        write("pipeline_workspace", b"".join(whole))
        dirs = {}
        for path in yaml_files(top):
            rel = os.path.relpath(path, top).replace(os.sep, "/")
            first = rel.split("/")[0] if "/" in rel else "."
            dirs.setdefault(first, []).append((rel, path))
        for group in dirs.values():
            parts = []
            for rel, path in group:
                with open(path, "rb") as f:
                    parts.append(b"=== " + rel.encode() + b"\n" + f.read())
            write("pipeline_workspace", b"".join(parts))
    for target in sorted(os.listdir(OUT)):
        print(f"{target}: {len(os.listdir(os.path.join(OUT, target)))} seeds")


if __name__ == "__main__":
    main()
