// Puts the JSON schemas into the extension's schemas/ folder, so that the packaged .vsix
// carries them (yamlValidation needs files inside the extension). The copy is ignored by git.
// Sources, first found wins, so that any copy of this folder can be packaged:
//   1. INNOMINATUS_SCHEMAS_DIR: a folder holding *.schema.json;
//   2. a binary that writes its own schemas (`innominatus schemas --out-dir`): INNOMINATUS_BIN,
//      else the one this package carries (server/innominatus);
//   3. the repository's schemas/ when this folder is editors/vscode of a checkout;
//   4. `innominatus` on PATH.
import { execFileSync } from "node:child_process";
import { copyFileSync, existsSync, mkdirSync, readdirSync, rmSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const extension = join(dirname(fileURLToPath(import.meta.url)), "..");
const target = join(extension, "schemas");

function copyFrom(dir) {
  const names = readdirSync(dir).filter((name) => name.endsWith(".schema.json"));
  if (names.length === 0) {
    throw new Error(`${dir} holds no *.schema.json`);
  }
  for (const name of names) {
    copyFileSync(join(dir, name), join(target, name));
  }
  return `${names.length} schemas from ${dir}`;
}

function writtenBy(binary) {
  const out = execFileSync(binary, ["schemas", "--out-dir", target], { encoding: "utf8" });
  return `${out.trim().split("\n").length} schemas written by ${binary}`;
}

const bundled = join(extension, "server", process.platform === "win32" ? "innominatus.exe" : "innominatus");
const checkout = join(extension, "..", "..", "schemas");
const sources = [
  process.env.INNOMINATUS_SCHEMAS_DIR && (() => copyFrom(process.env.INNOMINATUS_SCHEMAS_DIR)),
  process.env.INNOMINATUS_BIN && (() => writtenBy(process.env.INNOMINATUS_BIN)),
  existsSync(bundled) && (() => writtenBy(bundled)),
  existsSync(join(checkout, "score.schema.json")) && (() => copyFrom(checkout)),
  () => writtenBy("innominatus"),
].filter(Boolean);

rmSync(target, { recursive: true, force: true });
mkdirSync(target, { recursive: true });
// Only the first source that exists is used: a failing explicit choice must not be papered
// over by another source's (possibly different) schemas.
try {
  console.log(sources[0]());
} catch (error) {
  console.error(
    `copy-schemas: ${error instanceof Error ? error.message : String(error)}\n` +
      "Give the schemas with INNOMINATUS_SCHEMAS_DIR=<folder> or a binary with INNOMINATUS_BIN=<innominatus>.",
  );
  process.exit(1);
}
