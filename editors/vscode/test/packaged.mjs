// Drives code-server (started by packaged.sh with the platform .vsix, no innominatus, cargo
// or rustc on PATH, no setting) in headless Chromium and checks, as a Score author sees it:
//  1. the INN101 diagnostic of the misspelt `imgae` (line 26) is in the Problems panel within
//     10 s of opening the Score spec, and the server that runs is the binary in the extension;
//  2. changing a setting the server reads (innominatus.ignore) raises no error;
//  3. the INN101 quick fix renames `imgae` to `image` (the server's fix);
//  4. after a save, the extension's log holds no "not implemented" or error line;
//  5. a server path that does not exist: the error names real ways to get the binary, not
//     `cargo install --path cli`; no "Sending notification ... failed" error; "Open Settings"
//     shows the innominatus.server.path setting; "Installation Guide" opens the packaged readme.
// Prints one line per check and "packaged-vsix: N passed, N failed"; exits non-zero on a failure.
import { execFileSync } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import { parseArgs } from "node:util";

const { values: args } = parseArgs({
  options: {
    url: { type: "string" },
    workspace: { type: "string" },
    extensions: { type: "string" },
    artifacts: { type: "string" },
    tools: { type: "string" },
    pgid: { type: "string" },
  },
});
const require = createRequire(join(args.tools, "package.json"));
const { chromium } = require("playwright-core");

const FILE = "score.yaml";
const FILE_PATH = "apps/orders-api/score.yaml";
const LINE = 26;

const results = [];
function check(name, ok, detail) {
  results.push(ok);
  console.log(`${ok ? "ok  " : "FAIL"} ${name}${detail ? `: ${detail}` : ""}`);
}

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** Polls fn until it returns a truthy value or the time is up; returns the last value. */
async function eventually(fn, timeoutMs, intervalMs = 100) {
  const deadline = Date.now() + timeoutMs;
  let value;
  do {
    value = await fn();
    if (value) {
      return value;
    }
    await sleep(intervalMs);
  } while (Date.now() < deadline);
  return value;
}

async function quickInput(page, key, text) {
  await page.keyboard.press(key);
  await page.waitForSelector(".quick-input-widget input", { state: "visible" });
  await page.keyboard.type(text);
}

async function runCommand(page, title) {
  await quickInput(page, "F1", title);
  await page.locator(".quick-input-list .monaco-list-row", { hasText: title }).first().waitFor({ timeout: 15000 });
  await page.keyboard.press("Enter");
}

async function problems(page) {
  return page.evaluate(() => Array.from(document.querySelectorAll(".markers-panel .monaco-list-row")).map((row) => row.textContent ?? ""));
}

/** The text of the notification toasts shown now. */
async function toasts(page) {
  return page.evaluate(() => Array.from(document.querySelectorAll(".notification-toast")).map((toast) => (toast.textContent ?? "").replace(/\u00a0/g, " ")));
}

/** The text of the editor's line (Monaco renders spaces as no-break spaces). */
async function lineText(page, line) {
  return page.evaluate((wanted) => {
    for (const row of document.querySelectorAll(".part.editor .monaco-editor .view-line")) {
      const top = Number.parseFloat(row.style.top);
      const height = Number.parseFloat(row.style.height) || 19;
      // Line numbers sit in the gutter at the same height as their line.
      for (const number of document.querySelectorAll(".part.editor .monaco-editor .line-numbers")) {
        if (Number(number.textContent) === wanted && Math.abs(Number.parseFloat(number.parentElement.style.top) - top) < height / 2) {
          return (row.textContent ?? "").replace(/\u00a0/g, " ");
        }
      }
    }
    return undefined;
  }, line);
}

function writeWorkspaceSettings(settings) {
  mkdirSync(join(args.workspace, ".vscode"), { recursive: true });
  writeFileSync(join(args.workspace, ".vscode", "settings.json"), JSON.stringify(settings, null, 2));
}

/** Command lines of the language servers running now under this test's code-server. */
function servers() {
  const lines = execFileSync("ps", ["-eo", "pgid=,args="], { encoding: "utf8" }).split("\n");
  return lines
    .map((line) => line.trim().match(/^(\d+)\s+(.*)$/))
    .filter((match) => match && match[1] === args.pgid && / lsp( |$)/.test(match[2]))
    .map((match) => match[2]);
}

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM ?? "/usr/bin/chromium",
  headless: true,
  args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
});
const page = await browser.newPage({ viewport: { width: 1500, height: 1000 } });
const consoleLines = [];
page.on("console", (message) => consoleLines.push(`${message.type()}: ${message.text()}`));
const errorToasts = new Set();
const watchToasts = async () => (await toasts(page)).filter((text) => /failed/i.test(text)).forEach((text) => errorToasts.add(text));

try {
  await page.goto(args.url, { waitUntil: "domcontentloaded" });
  await page.waitForSelector(".monaco-workbench .part.editor", { timeout: 90000 });
  await page.locator(".monaco-workbench .part.editor").click();
  await page.keyboard.press("Control+Shift+M");
  await page.locator(".markers-panel").first().waitFor({ timeout: 15000 });

  // 1. Diagnostics within 10 s of opening the file.
  await quickInput(page, "Control+P", FILE_PATH);
  const row = page.locator(".quick-input-list .monaco-list-row", { hasText: FILE }).first();
  await row.waitFor({ timeout: 30000 });
  const opened = Date.now();
  await row.click();
  const diagnostic = await eventually(async () => (await problems(page)).find((text) => text.includes("INN101") && text.includes(`[Ln ${LINE}, Col 5]`)), 10000);
  const seconds = ((Date.now() - opened) / 1000).toFixed(1);
  check("INN101 for `imgae` is in the Problems panel within 10 s of opening the file", diagnostic !== undefined, diagnostic ? `${seconds} s` : `after ${seconds} s: ${(await problems(page)).join(" | ")}`);
  await page.screenshot({ path: join(args.artifacts, "packaged-problems.png") });
  const running = servers();
  check(
    "the language server is the binary inside the installed extension",
    running.length > 0 && running.every((line) => line.startsWith(args.extensions) && line.includes("/server/innominatus lsp")),
    running.join(" | ") || "no server process",
  );

  // 2. A setting the server reads changes: no error.
  writeWorkspaceSettings({ "innominatus.ignore": ["missing-owner-label"] });
  await eventually(async () => {
    await watchToasts();
    return false;
  }, 3000, 250);
  check("changing innominatus.ignore raises no error", errorToasts.size === 0, [...errorToasts].join(" | "));

  // 3. The quick fix: the light bulb's actions at the misspelt key.
  await page.locator(".part.editor .monaco-editor .view-lines").first().click();
  await quickInput(page, "Control+G", `${LINE}:6`);
  await page.keyboard.press("Enter");
  await page.keyboard.press("Control+.");
  // The action widget lives in a shadow root: Playwright's locators reach it, querySelector does not.
  const actionRows = page.locator(".action-widget .monaco-list-row");
  const actions = await eventually(async () => {
    const labels = (await actionRows.allTextContents()).map((label) => label.trim()).filter(Boolean);
    return labels.length > 0 ? labels : undefined;
  }, 5000);
  const fix = (actions ?? []).find((label) => /image/.test(label) && !/ignore/i.test(label));
  // Chosen with the keyboard, as a user would after Ctrl+.: a mouse click on the menu's row can
  // wait forever for the row to count as stable while the widget animates.
  let chosen = false;
  for (let i = 0; fix && !chosen && i < 8; i++) {
    const focused = ((await page.locator(".action-widget .monaco-list-row.focused").first().textContent({ timeout: 2000 }).catch(() => "")) ?? "").trim();
    if (/image/.test(focused) && !/ignore/i.test(focused)) {
      await page.keyboard.press("Enter");
      chosen = true;
    } else {
      await page.keyboard.press("ArrowDown");
      await sleep(80);
    }
  }
  if (!chosen) {
    await page.keyboard.press("Escape");
  }
  const fixed = chosen ? await eventually(async () => ((await lineText(page, LINE)) ?? "").includes("image:") && !((await lineText(page, LINE)) ?? "").includes("imgae"), 5000) : false;
  check("the INN101 quick fix renames imgae to image", Boolean(fixed), `actions: ${(actions ?? []).join(" | ") || "none"}; line ${LINE}: ${(await lineText(page, LINE)) ?? "?"}`);
  await page.screenshot({ path: join(args.artifacts, "packaged-quick-fix.png") });
  await page.keyboard.press("Escape");

  // 4. A save, then the extension's log: only what helps (nothing about unhandled messages).
  await page.locator(".part.editor .monaco-editor .view-lines").first().click();
  await quickInput(page, "Control+G", `${LINE}:1`);
  await page.keyboard.press("Enter");
  await page.keyboard.press("End");
  await page.keyboard.type(" ");
  await page.keyboard.press("Control+S");
  await sleep(1500);
  await runCommand(page, "innominatus: Show Language Server Log");
  const log = await eventually(async () => {
    const text = (await page.evaluate(() => Array.from(document.querySelectorAll(".part.panel .view-line")).map((el) => el.textContent ?? "").join("\n"))).replace(/\u00a0/g, " ");
    return text.includes("lsp") ? text : undefined;
  }, 10000);
  const noise = (log ?? "").split("\n").filter((line) => /not implemented|failed|error/i.test(line));
  check("after a save the extension's log has no unhandled-message or error lines", log !== undefined && noise.length === 0, log === undefined ? "log not shown" : noise.join(" | ").slice(0, 300) || `${log.length} characters`);
  await page.screenshot({ path: join(args.artifacts, "packaged-log.png") });

  // 5. A server path that does not exist (a restart setting): the missing-binary error.
  writeWorkspaceSettings({ "innominatus.ignore": ["missing-owner-label"], "innominatus.server.path": "/nonexistent/innominatus" });
  const missing = await eventually(async () => {
    await watchToasts();
    return (await toasts(page)).find((text) => text.includes("/nonexistent/innominatus"));
  }, 15000);
  check(
    "a missing binary is reported with real ways to install it",
    missing !== undefined && !missing.includes("--path cli") && missing.includes("cargo install --path .") && /pip install/.test(missing),
    missing ?? "no notification",
  );
  await eventually(async () => {
    await watchToasts();
    return false;
  }, 2000, 250);
  check("no 'Sending notification ... failed' error while the server restarts", errorToasts.size === 0, [...errorToasts].join(" | "));
  await page.screenshot({ path: join(args.artifacts, "packaged-missing.png") });

  if (missing !== undefined) {
    await page.locator(".notification-toast .monaco-button", { hasText: "Open Settings" }).first().click();
    const setting = await eventually(
      () =>
        page.evaluate(() => {
          const rows = Array.from(document.querySelectorAll(".settings-editor .setting-item-contents"));
          const row = rows.find((el) => /Server: Path/.test(el.textContent ?? "") && /innominatus/i.test(el.textContent ?? ""));
          const tab = document.querySelector(".settings-editor .settings-tabs-widget .action-label.checked")?.textContent ?? "";
          return row ? `${tab.trim()} tab: ${(row.textContent ?? "").replace(/\s+/g, " ").slice(0, 100)}` : undefined;
        }),
      15000,
    );
    check("Open Settings shows innominatus.server.path", setting !== undefined, setting ?? "not in the settings editor");
    await page.screenshot({ path: join(args.artifacts, "packaged-settings.png") });

    // The same error again, for its other button.
    await runCommand(page, "innominatus: Restart Language Server");
    const again = await eventually(async () => page.locator(".notification-toast .monaco-button", { hasText: "Installation Guide" }).count(), 15000);
    if (again) {
      await page.locator(".notification-toast .monaco-button", { hasText: "Installation Guide" }).first().click();
    }
    const preview = await eventually(async () => {
      const tabs = await page.evaluate(() => Array.from(document.querySelectorAll(".tab")).map((tab) => tab.textContent ?? ""));
      return tabs.find((tab) => /preview/i.test(tab) && /readme/i.test(tab));
    }, 15000);
    // The preview is a webview (frames in frames): one of them must show the readme's text.
    const shown = await eventually(async () => {
      for (const frame of page.frames()) {
        const text = await frame.evaluate(() => document.body?.innerText ?? "").catch(() => "");
        if (text.includes("The extension runs the") && text.includes("Installation")) {
          return text.split("\n")[0];
        }
      }
      return undefined;
    }, 15000);
    if (!shown) {
      for (const frame of page.frames()) {
        console.log("frame", frame.url().slice(0, 80), JSON.stringify(await frame.evaluate(() => (document.body?.innerText ?? "").slice(0, 80)).catch((e) => String(e))));
      }
    }
    check("Installation Guide opens the packaged readme", preview !== undefined && shown !== undefined, `${preview ?? "no preview tab"}; ${shown ?? "its text is not shown"}`);
    await page.screenshot({ path: join(args.artifacts, "packaged-guide.png") });
  }
} catch (error) {
  check("browser run", false, error instanceof Error ? error.message : String(error));
  await page.screenshot({ path: join(args.artifacts, "packaged-failure.png") }).catch(() => {});
} finally {
  writeFileSync(join(args.artifacts, "browser-console.log"), consoleLines.join("\n"));
  await browser.close();
}

const passed = results.filter(Boolean).length;
const failed = results.length - passed;
console.log(`packaged-vsix: ${passed} passed, ${failed} failed`);
process.exit(failed === 0 ? 0 : 1);
