// The workflow debugger in a real VS Code (code-server in headless Chromium), as a person uses
// it: a breakpoint set with F9 on a step of an example workflow, "⏵ Debug" clicked in the code
// lens (no launch.json), the session stops there (CALL STACK names the step), the Variables view
// shows the step's rendered script, Step Over (the debug toolbar) moves to the next step, and
// Continue runs to the end (the session ends). Which step, which next step and which rendered
// script come from `innominatus workflow test FILE --dry-run --format json` (the debugger
// simulates the same run), never from a hand-typed result; the adapter's side of the session is
// read from a recording of what VS Code and `innominatus dap` sent each other (e2e.sh).
// Prints one line per check and a closing "N passed, N failed"; exits non-zero on a failure.
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { checker, eventually, goTo, loadWorkbench, messages, openBrowser, openFile, plain, sleep } from "./workbench.mjs";

const { values: args } = parseArgs({
  options: {
    url: { type: "string" },
    workspace: { type: "string" },
    workflow: { type: "string" },
    "dry-run-json": { type: "string" },
    artifacts: { type: "string" },
    tools: { type: "string" },
    "dap-log": { type: "string" },
  },
});
const { check, summary } = checker();

const WORKFLOW = args.workflow;
const dryRun = JSON.parse(readFileSync(args["dry-run-json"], "utf8"));
const order = dryRun.plan.groups.flatMap((group) => group.steps);
// The second step of the run, so that the stop is not the entry and a next step follows.
const stopAt = order[1];
const nextStep = order[2];
const rendered = dryRun.steps.find((step) => step.name === stopAt)?.rendered?.text ?? "";
const source = readFileSync(join(args.workspace, WORKFLOW), "utf8").split("\n");
const stepLine = source.findIndex((line) => line.trim() === `- name: ${stopAt}`) + 1;
// The breakpoint goes on the step's second line (its `type:`), inside the step, not on its name.
const breakpointLine = stepLine + 1;

/** Lines of the rendered script that templates changed: the Variables view must show them as rendered. */
const templated = rendered.split("\n").filter((line) => line.trim() && !source.some((src) => src.trim() === line.trim()));
/** Quotes, escapes and white space differ between renderings of a value: compare without them. */
const bare = (text) => plain(text).replace(/\\n/g, " ").replace(/[\\"'\s]/g, "");

const sentToAdapter = () => messages(`${args["dap-log"]}.in`);
const sentByAdapter = () => messages(`${args["dap-log"]}.out`);
const events = (name) => sentByAdapter().filter((m) => m.type === "event" && m.event === name);

const { browser, page, consoleLines, shot } = await openBrowser(args.tools, args.artifacts);

/** The rows of a debug view (CALL STACK, VARIABLES), top to bottom, with their full text. */
async function rowsOf(view) {
  return page.evaluate((selector) => {
    const rows = Array.from(document.querySelectorAll(`${selector} .monaco-list-row`));
    return rows
      .map((row) => ({
        top: parseFloat(row.style.top || "0"),
        text: row.textContent ?? "",
        titles: Array.from(row.querySelectorAll("[title]")).map((el) => el.getAttribute("title") ?? ""),
        expanded: row.getAttribute("aria-expanded"),
      }))
      .sort((a, b) => a.top - b.top);
  }, view);
}
const callStack = () => rowsOf(".debug-call-stack");
const variables = () => rowsOf(".debug-variables");
/** The name of the top stack frame: the first frame row under the thread. */
async function topFrame() {
  const rows = await callStack();
  return rows.map((row) => plain(row.text)).find((text) => order.some((step) => text.includes(step)));
}

const toolbarButton = (icon) => page.locator(`.debug-toolbar .action-item .codicon-${icon}`).first();

/** Expands the collapsed rows of the Variables view whose text `wanted` accepts; true when it expanded one. */
async function expandVariables(wanted) {
  const closed = (await variables()).filter((row) => row.expanded === "false" && wanted(plain(row.text)));
  for (const row of closed) {
    // The twistie expands (a click on the row only selects it).
    const twistie = page.locator(".debug-variables .monaco-list-row", { hasText: plain(row.text).trim().slice(0, 40) }).first().locator(".monaco-tl-twistie");
    await twistie.click().catch(() => {});
  }
  return closed.length > 0;
}

try {
  check(
    "the dry run gives a step to stop at, its rendered script and a next step",
    stopAt && nextStep && stepLine > 0 && templated.length > 0,
    `stop at ${stopAt} (line ${breakpointLine}), then ${nextStep}; ${templated.length} templated lines`,
  );
  await loadWorkbench(page, args.url);
  await openFile(page, WORKFLOW);

  // 1. A breakpoint on the step, with F9 at its line: the gutter shows it.
  await goTo(page, breakpointLine, 7);
  await page.keyboard.press("F9");
  const glyph = await eventually(() => page.locator(".part.editor .editor-group-container.active .codicon-debug-breakpoint, .part.editor .editor-group-container.active .codicon-debug-breakpoint-unverified").count(), 5000);
  check(`F9 on line ${breakpointLine} puts a breakpoint in the gutter`, glyph > 0);

  // 2. "⏵ Debug" from the code lens: no launch.json exists.
  await page.keyboard.press("Control+Home");
  const lens = page.locator(".part.editor .editor-group-container.active .codelens-decoration a", { hasText: "Debug" }).first();
  await lens.waitFor({ timeout: 30000 });
  check("the workflow has a ⏵ Debug code lens beside ▶ Dry-run", plain(await lens.textContent()).includes("⏵ Debug"), plain(await lens.textContent()));
  await lens.click();

  // 3. It stops at the breakpoint: the debug toolbar appears and CALL STACK names the step.
  const stopped = await eventually(async () => ((await topFrame())?.includes(stopAt) ? true : undefined), 30000);
  const stack = (await callStack()).map((row) => plain(row.text));
  check(`the session stops at the breakpoint: CALL STACK names ${stopAt}`, stopped, stack.join(" | "));
  check("the debug toolbar is shown", await page.locator(".debug-toolbar").first().isVisible().catch(() => false));
  const breakpointsSent = sentToAdapter().filter((m) => m.command === "setBreakpoints" && (m.arguments?.source?.path ?? "").endsWith(`/${WORKFLOW}`));
  const lastSet = breakpointsSent.at(-1);
  const answer = sentByAdapter().find((m) => m.type === "response" && lastSet && m.request_seq === lastSet.seq);
  check(
    "the adapter verified the breakpoint at that line",
    lastSet?.arguments.breakpoints?.some((b) => b.line === breakpointLine) && answer?.body?.breakpoints?.some((b) => b.verified === true),
    JSON.stringify(answer?.body?.breakpoints ?? "no setBreakpoints answer"),
  );
  check("the adapter stopped for the breakpoint", events("stopped").some((e) => e.body?.reason === "breakpoint"), events("stopped").map((e) => e.body?.reason).join(", "));
  await shot("debug-stopped");

  // 4. The Variables view shows the step's rendered script (the template lines as rendered).
  const viewText = async () => {
    const rows = await variables();
    return rows.map((row) => [row.text, ...row.titles].join(" ")).join(" ");
  };
  // The view fills in as VS Code asks the adapter: expand the current step and its rendered
  // config whenever they show up collapsed, until the script is there.
  const shows = await eventually(async () => {
    await expandVariables((text) => /current step/i.test(text) || /^\s*(script|rendered)\b/i.test(text));
    const text = bare(await viewText());
    return templated.every((line) => text.includes(bare(line))) ? true : undefined;
  }, 10000);
  const seen = await variables();
  writeFileSync(join(args.artifacts, "debug-variables.txt"), seen.map((row) => `${plain(row.text)}${row.titles.length ? `  [title: ${row.titles.join(" / ")}]` : ""}`).join("\n") + "\n");
  check(
    "the Variables view shows the rendered script of the step",
    shows,
    `want ${JSON.stringify(templated[0])}…; ${seen.length} rows: ${seen.slice(0, 6).map((row) => plain(row.text).slice(0, 40)).join(" | ")}`,
  );
  await shot("debug-variables");

  // 5. Step Over (the toolbar's button): CALL STACK names the next step of the run.
  await toolbarButton("debug-step-over").click();
  const moved = await eventually(async () => ((await topFrame())?.includes(nextStep) ? true : undefined), 15000);
  check(`Step Over moves to ${nextStep}: CALL STACK names it`, moved, (await callStack()).map((row) => plain(row.text)).join(" | "));
  // The Variables view follows: its current step is now that step.
  const stepNamed = (name) => async () => ((await variables()).some((row) => new RegExp(`^\\s*name\\s*[=:]\\s*${name}\\s*$`).test(plain(row.text))) ? true : undefined);
  const followed = await eventually(stepNamed(nextStep), 10000);
  check(`the Variables view's current step is then ${nextStep}`, followed, (await variables()).slice(0, 3).map((row) => plain(row.text)).join(" | "));
  await shot("debug-next-step");

  // 6. Continue runs to the end: the session ends and the toolbar goes.
  await toolbarButton("debug-continue").click();
  const ended = await eventually(async () => ((await page.locator(".debug-toolbar").first().isVisible().catch(() => false)) ? undefined : true), 20000);
  check("Continue runs to the end: the debug session ends", ended && events("terminated").length > 0, `${events("terminated").length} terminated events`);
  await shot("debug-ended");
} catch (error) {
  check("browser run", false, error instanceof Error ? error.message.split("\n")[0] : String(error));
  await shot("debug-failure");
} finally {
  writeFileSync(join(args.artifacts, "debug-browser-console.log"), consoleLines.join("\n"));
  await browser.close();
}

process.exit(summary("vscode-debug-e2e") === 0 ? 0 : 1);
