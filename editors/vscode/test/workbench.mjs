// The workbench helpers the browser tests share (e2e.mjs, debug-e2e.mjs): waiting, the command
// palette, Quick Open, the cursor, the editor's visible lines, recorded JSON-RPC streams, and the
// headless Chromium they drive. Every helper works through what a person sees and types.
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";

/** Tallies checks and prints one line per check; `summary(label)` prints "N passed, N failed". */
export function checker() {
  const results = [];
  const check = (name, ok, detail) => {
    results.push(Boolean(ok));
    console.log(`${ok ? "ok  " : "FAIL"} ${name}${detail ? `: ${detail}` : ""}`);
  };
  const summary = (label) => {
    const passed = results.filter(Boolean).length;
    const failed = results.length - passed;
    console.log(`${label}: ${passed} passed, ${failed} failed`);
    return failed;
  };
  return { check, summary };
}

/** Debian's Chromium, headless, with a page of the size the tests' screenshots assume. */
export async function openBrowser(tools, artifacts) {
  const { chromium } = createRequire(join(tools, "package.json"))("playwright-core");
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM ?? "/usr/bin/chromium",
    headless: true,
    args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
  });
  const page = await browser.newPage({ viewport: { width: 1500, height: 1000 } });
  page.setDefaultTimeout(20000);
  const consoleLines = [];
  page.on("console", (message) => consoleLines.push(`${message.type()}: ${message.text()}`));
  const shot = (name) => page.screenshot({ path: join(artifacts, `${name}.png`) }).catch(() => {});
  return { browser, page, consoleLines, shot };
}

/** Loads the workbench and focuses it so that keyboard shortcuts reach it. */
export async function loadWorkbench(page, url) {
  await page.goto(url, { waitUntil: "domcontentloaded" });
  await page.waitForSelector(".monaco-workbench .part.editor", { timeout: 90000 });
  await page.locator(".monaco-workbench .part.editor").click();
}

/** The file name of a workspace-relative path. */
export const base = (rel) => rel.split("/").pop();

export const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
/** Monaco renders spaces as no-break spaces. */
export const plain = (text) => (text ?? "").replace(/\u00a0/g, " ");
export const squash = (text) => plain(text).replace(/`/g, "").replace(/\s+/g, " ").trim();

/** Polls fn until it returns a truthy value or the time is up; returns the last value. */
export async function eventually(fn, timeoutMs, intervalMs = 250) {
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

export async function runCommand(page, title) {
  await page.keyboard.press("F1");
  await page.waitForSelector(".quick-input-widget input", { state: "visible" });
  await page.keyboard.type(title);
  // The row whose label is the title (another command may contain it and come first).
  const exact = new RegExp(`^\\s*${title.replace(/[.*+?^${}()|[\]\\]/g, "\\$&").replace(/ /g, "\\s")}\\s*$`);
  const row = page.locator(".quick-input-list .monaco-list-row").filter({ has: page.locator(".label-name", { hasText: exact }) });
  await row.first().waitFor({ timeout: 15000 });
  await row.first().click();
}

export async function openFile(page, rel) {
  const name = base(rel);
  await page.keyboard.press("Control+P");
  await page.waitForSelector(".quick-input-widget input", { state: "visible" });
  await page.keyboard.type(rel);
  // Right after load the list can hold stale entries, and the first row may be another file
  // that matches loosely (`ci.yml` matches `provision-container.yaml`): pick the row naming it.
  const row = page.locator(".quick-input-list .monaco-list-row", { hasText: name }).first();
  await row.waitFor({ timeout: 30000 });
  await row.click();
  await page.locator(".tab.active", { hasText: name }).waitFor({ timeout: 15000 });
}

/** Focuses the active text editor and puts the cursor at line:column (1-based). */
export async function goTo(page, line, column) {
  await page.locator(".part.editor .editor-group-container.active .monaco-editor .view-lines").first().click();
  await page.keyboard.press("Control+G");
  await page.waitForSelector(".quick-input-widget input", { state: "visible" });
  await page.keyboard.type(`${line}:${column}`);
  await page.keyboard.press("Enter");
  await sleep(150);
}

/** The visible lines of the active text editor: line number → text. */
export async function editorLines(page) {
  const pairs = await page.evaluate(() => {
    const editor = document.querySelector(".part.editor .editor-group-container.active .monaco-editor");
    if (!editor) {
      return [];
    }
    const top = (el) => Math.round(parseFloat(el.closest("[style*='top']")?.style.top ?? el.style.top ?? "0"));
    const numbers = new Map(Array.from(editor.querySelectorAll(".margin .line-numbers")).map((el) => [top(el), Number(el.textContent)]));
    return Array.from(editor.querySelectorAll(".view-lines .view-line")).map((el) => [numbers.get(top(el)), el.textContent ?? ""]);
  });
  return new Map(pairs.filter(([n]) => n !== undefined).map(([n, text]) => [n, plain(text)]));
}

export async function lineText(page, line) {
  return (await editorLines(page)).get(line);
}

/** The JSON-RPC messages of a recorded stream (`Content-Length` framing). */
export function messages(path) {
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
