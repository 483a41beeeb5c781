// Unit tests of the extension's pure parts (no VS Code needed), on the repository's real files:
// content detection over examples/ and the Score corpus, the dry-run report over the CLI's JSON,
// the graph view's policy and the checks on what its page posts.
// Run with `npm test` (compiles first). INNOMINATUS_BIN / INNOMINATUS_CORPUS override the defaults.
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { createRequire } from "node:module";
import { basename, dirname, join, relative } from "node:path";
import { test } from "node:test";
import { fileURLToPath } from "node:url";

const require = createRequire(import.meta.url);
const { isPlatformFile, looksLikeInnominatus } = require("../out/detect.js");
const { formatDryRun } = require("../out/dryRunReport.js");
const { GRAPH_CSP, openRequest, resolveGraphFile, withCsp } = require("../out/graphPage.js");

const here = dirname(fileURLToPath(import.meta.url));
const repo = join(here, "..", "..", "..");
const bin = process.env.INNOMINATUS_BIN ?? join(repo, "target", "debug", "innominatus");
const corpus = process.env.INNOMINATUS_CORPUS ?? join(repo, "..", "shared", "corpus");

function yamlFiles(dir) {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? yamlFiles(path) : /\.ya?ml$/.test(name) ? [path] : [];
  });
}

// goldenpaths.yaml and admin-config.yaml carry no apiVersion: the name conventions own them.
const OWNED_BY_NAME_ONLY = new Set(["goldenpaths.yaml", "admin-config.yaml"]);

test("every document of the example workspace is recognised by its content", () => {
  const files = yamlFiles(join(repo, "examples")).filter((path) => !OWNED_BY_NAME_ONLY.has(basename(path)));
  assert.ok(files.length >= 15, `only ${files.length} example files`);
  for (const path of files) {
    assert.ok(looksLikeInnominatus(readFileSync(path, "utf8")), relative(repo, path));
  }
});

test("Score specs of the corpus with an apiVersion are recognised by their content", { skip: !existsSync(join(corpus, "score")) }, () => {
  const files = yamlFiles(join(corpus, "score"));
  let withApiVersion = 0;
  for (const path of files) {
    const text = readFileSync(path, "utf8");
    if (/^apiVersion:/m.test(text)) {
      withApiVersion++;
      assert.ok(looksLikeInnominatus(text), relative(corpus, path));
    }
  }
  assert.ok(withApiVersion >= 50, `only ${withApiVersion} Score files with an apiVersion`);
});

test("other YAML is left alone", () => {
  const others = {
    "GitHub Actions": "name: ci\non:\n  push:\njobs:\n  build:\n    runs-on: ubuntu-latest\n",
    "Kubernetes Deployment": "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\n",
    "Helm values": "replicaCount: 1\nimage:\n  repository: nginx\n",
    "a marker only inside a value": "description: |\n  see apiVersion: score.dev/v1b1 in the docs\n",
  };
  for (const [name, text] of Object.entries(others)) {
    assert.equal(looksLikeInnominatus(text), false, name);
  }
});

test("the extension decides the probe files as the engine does (file-verdicts.json)", () => {
  const { probes } = JSON.parse(readFileSync(join(repo, "editors", "test-fixtures", "file-verdicts.json"), "utf8"));
  assert.ok(probes.length >= 40, `only ${probes.length} probes`);
  assert.ok(probes.some((p) => p.send) && probes.some((p) => !p.send), "both verdicts occur");
  for (const probe of probes) {
    assert.equal(isPlatformFile(probe.path, probe.text), probe.send, `${probe.path} (${probe.verdict}): ${JSON.stringify(probe.text.slice(0, 60))}`);
  }
});

test("the example workspace's files are sent by name or content, GitHub Actions files are not", () => {
  for (const path of yamlFiles(join(repo, "examples"))) {
    assert.ok(isPlatformFile(path, readFileSync(path, "utf8")), relative(repo, path));
  }
  const actions = "name: ci\non: push\njobs:\n  build:\n    runs-on: ubuntu-latest\n    steps:\n      - run: make\n";
  assert.equal(isPlatformFile(join(repo, "examples", ".github", "workflows", "ci.yml"), actions), false);
  assert.equal(isPlatformFile(join(repo, "examples", "workflows", "ci.yml"), actions), true);
});

test("the dry-run report names the workflow, its groups and every step", { skip: !existsSync(bin) && `no ${bin}` }, () => {
  const workflow = join(repo, "examples", "providers", "database-team", "workflows", "provision-postgres.yaml");
  const json = JSON.parse(execFileSync(bin, ["workflow", "test", workflow, "--dry-run", "--format", "json"], { cwd: join(repo, "examples") }).toString());
  const report = formatDryRun(json);
  const lines = report.split("\n");
  assert.match(lines[0], /^dry run of workflow provision-postgres .*documented engine: succeeded$/);
  assert.equal(lines.filter((line) => line.startsWith("group ")).length, json.plan.groups.length);
  for (const step of json.steps) {
    assert.ok(lines.some((line) => line.trim().startsWith(`${step.status}`) && line.includes(` ${step.name} [${step.type}]`)), step.name);
  }
});

test("a result of another shape is shown whole", () => {
  assert.equal(formatDryRun({ unexpected: [1, 2] }), JSON.stringify({ unexpected: [1, 2] }, null, 2));
});

test("the graph page gets the policy first in its head: no network, its own inline script and style", () => {
  const page = '<!doctype html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n<style>g{}</style></head><body><script>1</script></body></html>';
  const shown = withCsp(page);
  const meta = `<meta http-equiv="Content-Security-Policy" content="${GRAPH_CSP}">`;
  assert.ok(shown.indexOf(meta) > shown.indexOf("<head>") && shown.indexOf(meta) < shown.indexOf('<meta charset'), shown);
  assert.equal(shown.replace(`\n${meta}`, ""), page, "nothing else changes");
  const directives = Object.fromEntries(GRAPH_CSP.split(";").map((d) => d.trim().split(/\s+/)).map(([name, ...values]) => [name, values]));
  assert.deepEqual(directives["default-src"], ["'none'"]);
  assert.deepEqual(directives["script-src"], ["'unsafe-inline'"], "inline script, no eval, nothing fetched");
  assert.ok(!GRAPH_CSP.includes("http") && !GRAPH_CSP.includes("unsafe-eval"));
  assert.ok(withCsp("<p>bare</p>").startsWith("<!DOCTYPE html><html><head><meta http-equiv"), "a fragment gets a head");
});

test("the page's open messages are checked and resolved against the workspace folder", () => {
  assert.deepEqual(openRequest({ type: "open", file: "apps/a/score.yaml", line: 12 }), { file: "apps/a/score.yaml", line: 12 });
  assert.deepEqual(openRequest({ type: "open", file: "a.yaml", line: "7" }), { file: "a.yaml", line: 7 });
  assert.deepEqual(openRequest({ type: "open", file: "a.yaml", line: 0 }), { file: "a.yaml", line: 1 }, "a line before the first is the first");
  for (const message of [null, "open", { type: "select", file: "a.yaml", line: 1 }, { type: "open", line: 3 }, { type: "open", file: "", line: 3 }]) {
    assert.equal(openRequest(message), undefined, JSON.stringify(message));
  }
  assert.equal(resolveGraphFile("/ws", "apps/a/score.yaml"), join("/ws", "apps", "a", "score.yaml"));
  assert.equal(resolveGraphFile("/ws", "/elsewhere/x.yaml"), "/elsewhere/x.yaml", "absolute names stay");
  assert.equal(resolveGraphFile("/ws", "../outside.yaml"), undefined, "nothing outside the folder");
});
