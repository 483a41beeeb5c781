// The extension's binary lookup (src/binary.ts), on real files in a temporary folder: the
// setting when set, else the binary the package carries (server/innominatus), else PATH.
// Run with `npm test` (compiles first).
import assert from "node:assert/strict";
import { chmodSync, mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, test } from "node:test";

const require = createRequire(import.meta.url);
const { resolveBinary } = require("../out/binary.js");

const root = mkdtempSync(join(tmpdir(), "innominatus-binary-"));
after(() => rmSync(root, { recursive: true, force: true }));

function executable(path, mode = 0o755) {
  mkdirSync(join(path, ".."), { recursive: true });
  writeFileSync(path, "#!/bin/sh\n");
  chmodSync(path, mode);
  return path;
}

const extension = join(root, "extension");
const bundled = executable(join(extension, "server", "innominatus"));
const onPath = executable(join(root, "bin", "innominatus"));
const env = { PATH: join(root, "bin") };

test("without a setting the bundled binary wins over PATH", () => {
  assert.equal(resolveBinary("", root, extension, env), bundled);
  assert.equal(resolveBinary("  ", root, extension, env), bundled);
});

test("without a setting or a bundled binary, innominatus on PATH", () => {
  assert.equal(resolveBinary("", root, join(root, "no-extension"), env), onPath);
  assert.equal(resolveBinary("", root, undefined, env), onPath);
  assert.equal(resolveBinary("", root, join(root, "no-extension"), { PATH: "" }), undefined);
});

test("a set path wins and is the only candidate", () => {
  const own = executable(join(root, "own", "innominatus"));
  assert.equal(resolveBinary(own, root, extension, env), own);
  assert.equal(resolveBinary("own/innominatus", root, extension, env), own);
  assert.equal(resolveBinary(join(root, "missing", "innominatus"), root, extension, env), undefined);
  // A bare name is looked up on PATH, not in the package.
  assert.equal(resolveBinary("innominatus", root, extension, env), onPath);
  assert.equal(resolveBinary("innominatus", root, extension, { PATH: "" }), undefined);
});

test("a bundled binary that lost its executable bit is made executable again", () => {
  const other = join(root, "unpacked");
  const binary = executable(join(other, "server", "innominatus"), 0o644);
  assert.equal(resolveBinary("", root, other, { PATH: "" }), binary);
  assert.ok(statSync(binary).mode & 0o100);
});
