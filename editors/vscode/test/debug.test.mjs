// Unit tests of the debugger's launch configurations (no VS Code needed): what the configuration
// provider fills in, and that package.json's snippets, initial configuration and the code lens's
// configuration use only the attributes the debugger declares.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { test } from "node:test";
import { fileURLToPath } from "node:url";

const require = createRequire(import.meta.url);
const { DEBUG_TYPE, fillLaunchConfiguration, lensConfiguration } = require("../out/debugConfig.js");

const here = dirname(fileURLToPath(import.meta.url));
const manifest = JSON.parse(readFileSync(join(here, "..", "package.json"), "utf8"));
const debuggerEntry = manifest.contributes.debuggers.find((d) => d.type === DEBUG_TYPE);
const launch = debuggerEntry.configurationAttributes.launch;
const yamlEditor = { path: "/ws/workflows/deploy-app.yaml", languageId: "yaml" };

test("F5 without launch.json debugs the workflow in the active editor", () => {
  const filled = fillLaunchConfiguration({}, yamlEditor);
  assert.deepEqual(filled, { config: { type: DEBUG_TYPE, request: "launch", workflow: yamlEditor.path, name: "Debug deploy-app.yaml" } });
});

test("a configuration without `workflow` takes the active file; one with it keeps its own", () => {
  const without = fillLaunchConfiguration({ type: DEBUG_TYPE, request: "launch", name: "mine", engine: "live" }, yamlEditor);
  assert.deepEqual(without, { config: { type: DEBUG_TYPE, request: "launch", name: "mine", engine: "live", workflow: yamlEditor.path } });
  const given = fillLaunchConfiguration({ type: DEBUG_TYPE, request: "launch", name: "x", workflow: "/ws/other.yaml" }, yamlEditor);
  assert.equal(given.config.workflow, "/ws/other.yaml");
});

test("no workflow and no YAML editor, or another request than launch: the session does not start", () => {
  const noEditor = fillLaunchConfiguration({ type: DEBUG_TYPE, request: "launch", name: "x" }, undefined);
  assert.match(noEditor.error, /open a workflow YAML file/);
  const markdown = fillLaunchConfiguration({}, { path: "/ws/README.md", languageId: "markdown" });
  assert.match(markdown.error, /open a workflow YAML file/);
  const attach = fillLaunchConfiguration({ type: DEBUG_TYPE, request: "attach", name: "x", workflow: "/ws/a.yaml" }, yamlEditor);
  assert.match(attach.error, /only launches/);
});

test("the debugger declares the launch arguments of `innominatus dap`, `workflow` required", () => {
  assert.deepEqual(Object.keys(launch.properties).sort(), ["engine", "goldenPath", "params", "paramsFile", "resource", "scenario", "stopOnEntry", "workflow"]);
  assert.deepEqual(launch.required, ["workflow"]);
  assert.deepEqual(debuggerEntry.languages, ["yaml"]);
  assert.ok(manifest.contributes.breakpoints.some((b) => b.language === "yaml"), "breakpoints in YAML files");
});

/** The attributes of a configuration that the debugger does not declare (VS Code's own: type, request, name). */
function undeclared(config) {
  return Object.keys(config).filter((key) => !["type", "request", "name"].includes(key) && !(key in launch.properties));
}

test("snippets, the initial configuration and the lens's configuration use only declared attributes", () => {
  const configs = [
    ...debuggerEntry.initialConfigurations,
    ...debuggerEntry.configurationSnippets.map((snippet) => snippet.body),
    lensConfiguration("/ws/workflows/deploy-app.yaml", "workflows/deploy-app.yaml"),
  ];
  assert.ok(configs.length >= 3);
  for (const config of configs) {
    assert.equal(config.type, DEBUG_TYPE);
    assert.equal(config.request, "launch");
    assert.ok(typeof config.name === "string" && config.name.length > 0);
    assert.ok(typeof config.workflow === "string" && config.workflow.length > 0, JSON.stringify(config));
    assert.deepEqual(undeclared(config), [], JSON.stringify(config));
    const engines = launch.properties.engine.enum;
    if (config.engine !== undefined && !config.engine.startsWith("${")) {
      assert.ok(engines.includes(config.engine), config.engine);
    }
  }
});

test("every command the extension contributes names a handler in the bundle's sources", () => {
  const sources = ["extension.ts", "debug.ts"].map((name) => readFileSync(join(here, "..", "src", name), "utf8")).join("\n");
  for (const { command } of manifest.contributes.commands) {
    assert.ok(sources.includes(`"${command}"`), command);
  }
});
