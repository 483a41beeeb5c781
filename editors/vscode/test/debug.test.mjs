// Unit tests of the debugger's launch configurations (no VS Code needed): what the configuration
// provider fills in, that package.json's snippets, initial configuration and the code lens's
// configuration use only the attributes the debugger declares, and that the real
// `innominatus dap` runs each of them to the end on an example workflow.
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
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

// ---- against the real adapter -------------------------------------------------------------

const repo = join(here, "..", "..", "..");
const bin = process.env.INNOMINATUS_BIN ?? join(repo, "target", "debug", "innominatus");
const examples = join(repo, "examples");
const exampleWorkflow = join(examples, "workflows", "deploy-app.yaml");

/**
 * A configuration as VS Code would launch it: a snippet body's `^"…"` values unwrapped, its
 * placeholders replaced by their defaults (or first choice), `${file}` and `${workspaceFolder}`
 * substituted.
 */
function asLaunched(config) {
  const expand = (value) => {
    if (typeof value !== "string") {
      return value && typeof value === "object" && !Array.isArray(value) ? Object.fromEntries(Object.entries(value).map(([k, v]) => [k, expand(v)])) : value;
    }
    // `^"…"`: VS Code inserts the text between the quotes as it is (not as a JSON string).
    let text = value.startsWith('^"') ? value.slice(2, -1) : value;
    text = text.replace(/\$\{\d+:([^}]*)\}/g, "$1").replace(/\$\{\d+\|([^,|]*)[^}]*\|\}/g, "$1");
    return text.replace(/\\?\$\{file\}/g, exampleWorkflow).replace(/\\?\$\{workspaceFolder\}/g, examples);
  };
  return expand(config);
}

/** Runs one session of `innominatus dap` with `config`: continues at every stop; resolves with what happened. */
function runSession(config) {
  return new Promise((resolve, reject) => {
    const adapter = spawn(bin, ["dap"], { cwd: examples, stdio: ["pipe", "pipe", "inherit"] });
    const seen = [];
    let buffer = Buffer.alloc(0);
    let seq = 0;
    const send = (command, args) => {
      const body = Buffer.from(JSON.stringify({ seq: ++seq, type: "request", command, arguments: args }));
      adapter.stdin.write(`Content-Length: ${body.length}\r\n\r\n`);
      adapter.stdin.write(body);
    };
    const timer = setTimeout(() => {
      adapter.kill();
      reject(new Error(`no end of the session: ${seen.join(", ")}`));
    }, 15000);
    const handle = (message) => {
      if (message.type === "response") {
        seen.push(`${message.command}${message.success ? "" : ` failed: ${message.message}`}`);
        if (message.command === "launch" && !message.success) {
          adapter.stdin.end();
        }
        if (message.command === "initialize" && message.success) {
          send("launch", config);
        }
      } else if (message.type === "event") {
        seen.push(message.event + (message.body?.reason ? ` ${message.body.reason}` : ""));
        if (message.event === "initialized") {
          send("configurationDone", {});
        } else if (message.event === "stopped") {
          send("continue", { threadId: message.body.threadId ?? 1 });
        } else if (message.event === "terminated") {
          adapter.stdin.end();
        }
      }
    };
    adapter.stdout.on("data", (chunk) => {
      buffer = Buffer.concat([buffer, chunk]);
      for (;;) {
        const headerEnd = buffer.indexOf("\r\n\r\n");
        const length = headerEnd >= 0 ? Number(/Content-Length: *(\d+)/i.exec(buffer.subarray(0, headerEnd).toString())?.[1]) : NaN;
        if (Number.isNaN(length) || buffer.length < headerEnd + 4 + length) {
          return;
        }
        handle(JSON.parse(buffer.subarray(headerEnd + 4, headerEnd + 4 + length).toString()));
        buffer = buffer.subarray(headerEnd + 4 + length);
      }
    });
    adapter.on("close", () => {
      clearTimeout(timer);
      resolve(seen);
    });
    send("initialize", { adapterID: DEBUG_TYPE, linesStartAt1: true, columnsStartAt1: true, pathFormat: "path" });
  });
}

test("`innominatus dap` runs every configuration the extension ships to the end", { skip: !existsSync(bin) && `no ${bin}` }, async () => {
  const configs = [
    ...debuggerEntry.initialConfigurations,
    ...debuggerEntry.configurationSnippets.map((snippet) => snippet.body),
    lensConfiguration(exampleWorkflow, "workflows/deploy-app.yaml"),
    fillLaunchConfiguration({}, { path: exampleWorkflow, languageId: "yaml" }).config,
  ].map(asLaunched);
  for (const config of configs) {
    const seen = await runSession(config);
    assert.ok(seen.includes("launch") && seen.includes("terminated"), `${JSON.stringify(config)}: ${seen.join(", ")}`);
    assert.equal(seen.includes("stopped entry"), config.stopOnEntry === true, `${config.name}: ${seen.join(", ")}`);
  }
});
