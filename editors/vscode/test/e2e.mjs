// Drives code-server in headless Chromium: opens the broken workflow, then asserts
//  1. the Problems panel lists the diagnostics the CLI finds in that file (codes and lines),
//  2. "innominatus: Dry-run Current Workflow" prints the plan in the output channel,
//  3. "Show Graph" opens the SVG webview, "Restart Language Server" brings the server back,
//  4. completion offers `dependsOn` where a step key is typed,
//  5. the repository's GitHub Actions workflow, opened in an editor, and its Helm values get
//     nothing: no problems in the panel; and, from the messages recorded between VS Code and
//     the server (e2e.sh starts the server through a recorder), VS Code sent nothing about
//     the workflow and the server published no findings for either file.
// Prints one line per check and a closing "N passed, N failed"; exits non-zero on a failure.
import { readFileSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import { parseArgs } from "node:util";

const { values: args } = parseArgs({
  options: {
    url: { type: "string" },
    workspace: { type: "string" },
    expected: { type: "string" },
    artifacts: { type: "string" },
    tools: { type: "string" },
    "lsp-log": { type: "string" },
  },
});
const require = createRequire(join(args.tools, "package.json"));
const { chromium } = require("playwright-core");

const FILE = "delete-namespace.yaml";
/** Other tools' files in the workspace (editors/test-fixtures/break-workspace.sh). */
const ACTIONS = ".github/workflows/ci.yml";
const HELM = "charts/web/values.yaml";
const expected = JSON.parse(readFileSync(args.expected, "utf8")).diagnostics.filter((d) => d.file.endsWith(FILE));

const results = [];
function check(name, ok, detail) {
  results.push(ok);
  console.log(`${ok ? "ok  " : "FAIL"} ${name}${detail ? `: ${detail}` : ""}`);
}

/** Polls fn until it returns a truthy value or the time is up; returns the last value. */
async function eventually(fn, timeoutMs, intervalMs = 250) {
  const deadline = Date.now() + timeoutMs;
  let value;
  do {
    value = await fn();
    if (value) {
      return value;
    }
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  } while (Date.now() < deadline);
  return value;
}

async function runCommand(page, title) {
  await page.keyboard.press("F1");
  await page.waitForSelector(".quick-input-widget input", { state: "visible" });
  await page.keyboard.type(title);
  await page.locator(".quick-input-list .monaco-list-row", { hasText: title }).first().waitFor({ timeout: 15000 });
  await page.keyboard.press("Enter");
}

async function openFile(page, name) {
  await page.keyboard.press("Control+P");
  await page.waitForSelector(".quick-input-widget input", { state: "visible" });
  await page.keyboard.type(name);
  // Right after load the list can hold stale entries, and the first row may be another file
  // that matches loosely (`ci.yml` matches `provision-container.yaml`): pick the row naming it.
  const row = page.locator(".quick-input-list .monaco-list-row", { hasText: name }).first();
  await row.waitFor({ timeout: 30000 });
  await row.click();
  await page.locator(".tab.active", { hasText: name }).waitFor({ timeout: 15000 });
}

async function goToLine(page, line, column) {
  await page.keyboard.press("Control+G");
  await page.waitForSelector(".quick-input-widget input", { state: "visible" });
  await page.keyboard.type(`${line}:${column}`);
  await page.keyboard.press("Enter");
}

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** The Problems panel's rows for the files a glob names (the panel's own filter box). */
async function problemsOf(page, glob) {
  const filter = page.locator(".part.panel .viewpane-filter input").first();
  await filter.fill(glob);
  await sleep(400); // the filter applies after 300 ms
  // Then the rows that stay the same a moment later.
  const settled = await eventually(async () => {
    const before = JSON.stringify(await problems(page));
    await sleep(150);
    const after = await problems(page);
    return JSON.stringify(after) === before ? { rows: after } : undefined;
  }, 3000);
  return settled?.rows ?? (await problems(page));
}

/** The JSON-RPC messages of a recorded stream (`Content-Length` framing). */
function messages(path) {
  let bytes;
  try {
    bytes = readFileSync(path);
  } catch {
    return [];
  }
  const out = [];
  let at = 0;
  while (at < bytes.length) {
    const headerEnd = bytes.indexOf("\r\n\r\n", at);
    if (headerEnd < 0) {
      break;
    }
    const length = Number(/Content-Length: *(\d+)/i.exec(bytes.subarray(at, headerEnd).toString())?.[1]);
    const body = bytes.subarray(headerEnd + 4, headerEnd + 4 + length);
    try {
      out.push(JSON.parse(body.toString()));
    } catch {
      // a message cut off when the server stopped
    }
    at = headerEnd + 4 + length;
  }
  return out;
}

async function problems(page) {
  return page.evaluate(() =>
    Array.from(document.querySelectorAll(".markers-panel .monaco-list-row")).map((row) => ({
      text: row.textContent ?? "",
      label: row.getAttribute("aria-label") ?? "",
    })),
  );
}

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM ?? "/usr/bin/chromium",
  headless: true,
  args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
});
const page = await browser.newPage({ viewport: { width: 1500, height: 1000 } });
const consoleLines = [];
page.on("console", (message) => consoleLines.push(`${message.type()}: ${message.text()}`));

try {
  await page.goto(args.url, { waitUntil: "domcontentloaded" });
  await page.waitForSelector(".monaco-workbench .part.editor", { timeout: 90000 });
  // Focus the workbench so that keyboard shortcuts reach it.
  await page.locator(".monaco-workbench .part.editor").click();
  await openFile(page, FILE);

  // 0. The status bar item says the server runs.
  const item = page.locator(".statusbar-item", { hasText: "innominatus" }).first();
  const running = await eventually(() => item.locator(".codicon-check").count(), 30000);
  check("status bar item shows the server running", running > 0, JSON.stringify(await item.textContent().catch(() => "")));

  // 1. Problems panel.
  await page.keyboard.press("Control+Shift+M");
  const wantLines = expected.map((d) => `${d.code}@${d.range.start.line}`).sort();
  const rows = await eventually(async () => {
    const found = await problems(page);
    return expected.every((d) => found.some((row) => row.text.includes(d.code) && row.text.includes(`[Ln ${d.range.start.line}, Col ${d.range.start.column}]`)))
      ? found
      : undefined;
  }, 60000);
  const seen = rows ?? (await problems(page));
  check(
    "Problems panel lists the CLI's diagnostics (code, line, column)",
    rows !== undefined && expected.length >= 2,
    rows ? wantLines.join(", ") : `want ${wantLines.join(", ")}; panel: ${seen.map((r) => r.text).join(" | ")}`,
  );
  check(
    "Problems panel has INN101 at line 44 and INN501 at line 20",
    seen.some((r) => r.text.includes("INN101") && r.text.includes("[Ln 44, Col 5]")) &&
      seen.some((r) => r.text.includes("INN501") && r.text.includes("[Ln 20, Col 11]")),
  );
  await page.screenshot({ path: join(args.artifacts, "problems.png") });

  // 2. Dry run.
  await runCommand(page, "innominatus: Dry-run Current Workflow");
  const output = await eventually(async () => {
    let text = await page.evaluate(() => Array.from(document.querySelectorAll(".part.panel .view-lines")).map((el) => el.textContent ?? "").join("\n"));
    // Monaco renders spaces as no-break spaces.
    text = text.replace(/\u00a0/g, " ");
    return /dry run of workflow delete-namespace/.test(text) && /check-empty/.test(text) ? text : undefined;
  }, 30000);
  check("dry-run output names the workflow and its steps", output !== undefined, output ? output.split("\n")[0].slice(0, 160) : "no output");
  check("the dry run came from the server (innominatus/dryRun)", /\(from the language server\)/.test(output ?? ""));
  await page.screenshot({ path: join(args.artifacts, "dry-run.png") });

  // 3. Graph: a webview tab whose image is the SVG of `innominatus graph`.
  await runCommand(page, "innominatus: Show Graph");
  const graphTab = await eventually(() => page.locator(".tab", { hasText: "innominatus graph" }).count(), 30000);
  check("Show Graph opens the graph webview", graphTab > 0);
  // The webview is an iframe in an iframe: find the frame holding the image, and its size.
  const drawn = await eventually(async () => {
    for (const frame of page.frames()) {
      const size = await frame
        .evaluate(() => {
          const img = document.querySelector("img#graph");
          return img ? { width: img.naturalWidth, height: img.naturalHeight, complete: img.complete } : null;
        })
        .catch(() => null);
      if (size && size.complete && size.width > 0) {
        return size;
      }
    }
    return undefined;
  }, 20000);
  check("the graph webview shows the SVG image", drawn !== undefined, drawn ? `${drawn.width}x${drawn.height}` : "no loaded image");
  await page.screenshot({ path: join(args.artifacts, "graph.png") });
  await page.locator(".tab", { hasText: FILE }).first().click();

  // 4. Restart: the status bar item goes back to running.
  await runCommand(page, "innominatus: Restart Language Server");
  await eventually(() => item.locator(".codicon-check").count().then((n) => n === 0), 5000, 50);
  const restarted = await eventually(() => item.locator(".codicon-check").count(), 30000);
  check("the server runs again after Restart Language Server", restarted > 0);

  // 5. Completion (last: it edits the buffer): a new key in the second step, after `type: policy`.
  await page.locator(".part.editor .monaco-editor .view-lines").first().click();
  await goToLine(page, 43, 1);
  await page.keyboard.press("End");
  await page.keyboard.press("Enter");
  await page.keyboard.type("depends");
  await page.keyboard.press("Control+Space");
  const labels = await eventually(async () => {
    const found = await page.evaluate(() =>
      Array.from(document.querySelectorAll(".suggest-widget .monaco-list-row")).map((row) => row.getAttribute("aria-label") ?? row.textContent ?? ""),
    );
    return found.some((label) => label.includes("dependsOn")) ? found : undefined;
  }, 20000);
  check("completion offers dependsOn", labels !== undefined, labels ? labels.slice(0, 5).join(" | ") : "no such suggestion");
  await page.screenshot({ path: join(args.artifacts, "completion.png") });
  await page.keyboard.press("Escape");

  // 5. Other tools' files: the GitHub Actions workflow opened in an editor, the Helm values
  // only in the folder (the server reads the folder). The same filter finds the workflow's.
  await openFile(page, "ci.yml");
  await page.keyboard.press("Control+Shift+M");
  const control = await eventually(async () => {
    const rows = await problemsOf(page, `**/${FILE}`);
    return rows.length > 0 ? rows : undefined;
  }, 5000);
  const actionsRows = await problemsOf(page, `**/${ACTIONS}`);
  const helmRows = await problemsOf(page, `**/${HELM}`);
  check(
    "Problems panel: nothing for .github/workflows/ci.yml (open) or charts/web/values.yaml",
    control !== undefined && actionsRows.length === 0 && helmRows.length === 0,
    `${control?.length ?? 0} rows for ${FILE}; ci.yml: ${actionsRows.map((r) => r.text).join(" | ")}; values.yaml: ${helmRows.map((r) => r.text).join(" | ")}`,
  );
  await page.screenshot({ path: join(args.artifacts, "other-tools.png") });
} catch (error) {
  check("browser run", false, error instanceof Error ? error.message : String(error));
  await page.screenshot({ path: join(args.artifacts, "failure.png") }).catch(() => {});
} finally {
  writeFileSync(join(args.artifacts, "browser-console.log"), consoleLines.join("\n"));
  await browser.close();
}

// What went between VS Code and the server (the browser is closed: the streams are complete).
const sent = messages(`${args["lsp-log"]}.in`);
const received = messages(`${args["lsp-log"]}.out`);
const uriOf = (message) => message.params?.textDocument?.uri ?? message.params?.uri ?? "";
const opened = sent.filter((m) => m.method === "textDocument/didOpen").map(uriOf);
const aboutActions = sent.filter((m) => JSON.stringify(m.params ?? {}).includes(ACTIONS)).map((m) => m.method);
check(
  "VS Code sent the server didOpen for the workflow and nothing about .github/workflows/ci.yml",
  opened.some((uri) => uri.endsWith(`/${FILE}`)) && aboutActions.length === 0,
  `didOpen: ${opened.map((uri) => uri.split("/").pop()).join(", ")}; about ci.yml: ${aboutActions.join(", ") || "nothing"}`,
);
const findings = (suffix) =>
  received.filter((m) => m.method === "textDocument/publishDiagnostics" && uriOf(m).endsWith(suffix)).flatMap((m) => m.params.diagnostics);
check(
  "the server published findings for the workflow and none for ci.yml or values.yaml",
  findings(`/${FILE}`).length > 0 && findings(`/${ACTIONS}`).length === 0 && findings(`/${HELM}`).length === 0,
  `${findings(`/${FILE}`).length} for ${FILE}, ${findings(`/${ACTIONS}`).length} for ci.yml, ${findings(`/${HELM}`).length} for values.yaml`,
);

const passed = results.filter(Boolean).length;
const failed = results.length - passed;
console.log(`vscode-e2e: ${passed} passed, ${failed} failed`);
process.exit(failed === 0 ? 0 : 1);
