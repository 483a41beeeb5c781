// Drives code-server in headless Chromium over the broken workspace of
// editors/test-fixtures/break-workspace.sh. Every expectation comes from the command line or
// the repository, never from a hand-typed result:
//  1. the Problems panel lists, for the broken workflow and the broken Score spec, exactly the
//     findings of `innominatus lint --format json` on them (code, line, column);
//  2. hovering the `type` key of a step shows the schema's description of it;
//  3. the "▶ Dry-run" code lens prints, in the output panel, the steps, statuses and reasons
//     of `innominatus workflow test --dry-run --format text`;
//  4. "Show Graph" shows the engine's interactive page (from the server) drawing every node of
//     `innominatus graph --format json`, focused on the active file; clicking a node and its
//     "open" link opens the node's file with the cursor on the node's line (from the JSON), the
//     page then follows that file and redraws as it is edited;
//  5. "Restart Language Server": the status item leaves "running" and comes back, and the new
//     server publishes the findings again;
//  6. a misspelt key typed into the workflow gets its finding at its place; undo clears it;
//  7. the quick fix the CLI's JSON carries (INN501 `polcy` → `policy`) applies from the
//     light-bulb menu; the INN101 quick fix (`imgae` → `image`) is the preferred one (listed
//     first, `isPreferred` in the server's answer) and applying it clears INN101 and INN102;
//  8. completion comes from our server only (word-based suggestions off): its snippet is inserted;
//  9. other tools' YAML (GitHub Actions, docker-compose, Helm values) gets nothing: no problems,
//     nothing sent to the server about the open ones, nothing published for any of them
//     (e2e.sh starts the server through a recorder of both directions).
// Prints one line per check and a closing "N passed, N failed"; exits non-zero on a failure.
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { base, checker, editorLines, eventually, goTo, lineText, loadWorkbench, messages, openBrowser, openFile, plain, runCommand, sleep, squash } from "./workbench.mjs";

const { values: args } = parseArgs({
  options: {
    url: { type: "string" },
    workspace: { type: "string" },
    expected: { type: "string" },
    "dry-run": { type: "string" },
    graph: { type: "string" },
    repo: { type: "string" },
    artifacts: { type: "string" },
    tools: { type: "string" },
    "lsp-log": { type: "string" },
  },
});

const WORKFLOW = "providers/container-team/workflows/delete-namespace.yaml";
const SCORE = "apps/orders-api/score.yaml";
/** Other tools' files in the workspace (editors/test-fixtures/break-workspace.sh). */
const ACTIONS = ".github/workflows/ci.yml";
const COMPOSE = "docker-compose.yml";
const HELM = "charts/web/values.yaml";

const cliFindings = JSON.parse(readFileSync(args.expected, "utf8")).diagnostics;
/** The CLI's findings of one file as sorted `CODE@line:column`. */
const expectedOf = (rel) =>
  cliFindings
    .filter((d) => d.file === rel)
    .map((d) => `${d.code}@${d.range.start.line}:${d.range.start.column}`)
    .sort();
const cliFinding = (rel, code) => cliFindings.find((d) => d.file === rel && d.code === code);

const { check, summary } = checker();

/** Shows the Problems panel (Ctrl+Shift+M toggles it: press it only when it is hidden). */
async function showProblems(page) {
  if (!(await page.locator(".markers-panel").first().isVisible().catch(() => false))) {
    await page.keyboard.press("Control+Shift+M");
    await page.locator(".markers-panel").first().waitFor({ state: "visible", timeout: 10000 });
  }
}

async function problemRows(page) {
  return page.evaluate(() => Array.from(document.querySelectorAll(".markers-panel .monaco-list-row")).map((row) => row.textContent ?? ""));
}

/** The Problems panel's rows for one file (the panel's own filter box), once they settle. */
async function problemsOf(page, rel) {
  await showProblems(page);
  const filter = page.locator(".part.panel .viewpane-filter input").first();
  await filter.fill(`**/${rel}`);
  await sleep(400); // the filter applies after 300 ms
  const settled = await eventually(async () => {
    const before = JSON.stringify(await problemRows(page));
    await sleep(150);
    const after = await problemRows(page);
    return JSON.stringify(after) === before ? { rows: after } : undefined;
  }, 3000);
  return settled?.rows ?? (await problemRows(page));
}

/** The findings the panel shows for one file as sorted `CODE@line:column` (related-information rows carry no code). */
async function findingsOf(page, rel) {
  const rows = await problemsOf(page, rel);
  return rows
    // The row's code is the last one before the position: a message may name another code
    // (INN501's "(also INN605: …)"), and the row shows the message before `innominatus(CODE)`.
    .map((text) => /^.*(INN\d{3})(?!\d).*\[Ln (\d+), Col (\d+)\]/.exec(plain(text)))
    .filter(Boolean)
    .map((m) => `${m[1]}@${m[2]}:${m[3]}`)
    .sort();
}

/** Waits until the panel's findings for `rel` satisfy `want`; returns [ok, last seen]. */
async function waitFindings(page, rel, want, timeoutMs) {
  let seen = [];
  const ok = await eventually(async () => {
    seen = await findingsOf(page, rel);
    return want(seen);
  }, timeoutMs, 300);
  return [Boolean(ok), seen];
}

const sameList = (a, b) => JSON.stringify(a) === JSON.stringify(b);

const sentToServer = () => messages(`${args["lsp-log"]}.in`);
const sentByServer = () => messages(`${args["lsp-log"]}.out`);
const uriOf = (message) => message.params?.textDocument?.uri ?? message.params?.uri ?? "";

/** The visible lines of the output panel, top to bottom (the panel scrolls to its end). */
async function outputLines(page) {
  const lines = await page.evaluate(() =>
    Array.from(document.querySelectorAll(".part.panel .monaco-editor .view-lines .view-line"))
      .map((el) => [parseFloat(el.style.top || "0"), el.textContent ?? ""])
      .sort((a, b) => a[0] - b[0])
      .map(([, text]) => text),
  );
  return lines.map(plain);
}

/**
 * The steps of a dry-run report as `status|name|type|reason`, for both renderings: the CLI's
 * text (`  FAILED  name [type]` then `because: reason`) and the extension's output channel
 * (`  failed     name [type] (reason)`). Statuses compare in lower case, `_` as a space.
 */
function stepsOf(lines, format) {
  const steps = [];
  for (const line of lines) {
    if (format === "cli") {
      const step = /^ {2}(\S.*?)\s+(\S+) \[([^\]]+)\]/.exec(line);
      const because = /^\s+because: (.*)$/.exec(line);
      if (step) {
        steps.push({ status: step[1], name: step[2], type: step[3], reason: "" });
      } else if (because && steps.length) {
        steps[steps.length - 1].reason = because[1].trim();
      }
    } else {
      const step = /^ {2}(\S+)\s+(\S+) \[([^\]]+)\](?: \((.*)\))?$/.exec(line);
      if (step) {
        steps.push({ status: step[1], name: step[2], type: step[3], reason: step[4] ?? "" });
      }
    }
  }
  return steps.map((s) => `${s.status.toLowerCase().replace(/_/g, " ")}|${s.name}|${s.type}|${s.reason}`);
}

/** Group number → its steps, from the CLI's text (a header, then step lines) or the channel (`group N (label): a, b`). */
function groupsOf(lines, format) {
  const groups = {};
  let current;
  for (const line of lines) {
    const header = /^group (\d+) \(([^)]*)\)(?:: (.*))?$/.exec(line);
    if (header) {
      current = header[1];
      groups[current] = format === "cli" ? [] : (header[3] ?? "").split(", ").filter(Boolean);
      continue;
    }
    const step = /^ {2}(\S.*?)\s+(\S+) \[/.exec(line);
    if (format === "cli" && step && current) {
      groups[current].push(step[2]);
    }
  }
  return JSON.stringify(groups);
}

/** Chooses, with the keyboard, the open light-bulb menu's first entry whose text `wanted` accepts; false when there is none. */
async function chooseQuickFix(page, wanted) {
  for (let i = 0; i < 12; i++) {
    const focused = squash(await page.locator(".action-widget .monaco-list-row.focused").first().textContent({ timeout: 2000 }).catch(() => ""));
    if (wanted(focused)) {
      await page.keyboard.press("Enter");
      return true;
    }
    await page.keyboard.press("ArrowDown");
    await sleep(80);
  }
  await page.keyboard.press("Escape");
  return false;
}

/** The texts of the light-bulb menu (Ctrl+.) at the cursor; the menu stays open. */
async function quickFixTitles(page) {
  await page.keyboard.press("Control+.");
  const rows = page.locator(".action-widget .monaco-list-row");
  await rows.first().waitFor({ timeout: 10000 }).catch(() => {});
  await sleep(300);
  return (await rows.allTextContents()).map(squash);
}

const { browser, page, consoleLines, shot } = await openBrowser(args.tools, args.artifacts);

try {
  await loadWorkbench(page, args.url);
  await openFile(page, SCORE);
  await openFile(page, WORKFLOW);

  // 0. The status bar item says the server runs.
  const item = page.locator(".statusbar-item", { hasText: "innominatus" }).first();
  const running = await eventually(() => item.locator(".codicon-check").count(), 30000);
  check("status bar item shows the server running", running > 0, JSON.stringify(await item.textContent().catch(() => "")));

  // 1. Exactly the CLI's findings, at the CLI's positions, for both broken files.
  for (const rel of [WORKFLOW, SCORE]) {
    const want = expectedOf(rel);
    const [same, seen] = await waitFindings(page, rel, (found) => sameList(found, want), 60000);
    check(`Problems panel: ${rel} has exactly the CLI's findings`, same && want.length >= 2, `panel ${seen.join(", ")}; CLI ${want.join(", ")}`);
  }
  await shot("problems");

  // 2. Hover on the `type` key of the first step: the schema's description of a step's type.
  const schema = JSON.parse(readFileSync(join(args.repo, "schemas/provider-workflow.schema.json"), "utf8"));
  const typeDoc = squash(schema.$defs.step.properties.type.description);
  const typeLine = Number(cliFinding(WORKFLOW, "INN501")?.range.start.line ?? 0);
  await goTo(page, typeLine, 6);
  await runCommand(page, "Show or Focus Hover");
  const hover = await eventually(async () => {
    const text = squash((await page.locator(".monaco-hover").allTextContents()).join(" "));
    return text.includes(typeDoc) ? text : undefined;
  }, 10000);
  const hoverSeen = hover ?? squash((await page.locator(".monaco-hover").allTextContents()).join(" "));
  check("hover on a step's `type` shows the schema's description", hover !== undefined && typeDoc.length > 40, `want "${typeDoc.slice(0, 60)}…"; hover "${hoverSeen.slice(0, 120)}"`);
  writeFileSync(join(args.artifacts, "hover.txt"), `${hoverSeen}\n`);
  await shot("hover");
  await page.keyboard.press("Escape");

  // 3. The "▶ Dry-run" code lens: the output panel shows the CLI's steps and groups.
  const cliDryRun = readFileSync(args["dry-run"], "utf8").split("\n");
  const wantSteps = stepsOf(cliDryRun, "cli");
  const wantGroups = groupsOf(cliDryRun, "cli");
  await page.keyboard.press("Control+Home");
  const lens = page.locator(".part.editor .editor-group-container.active .codelens-decoration a", { hasText: "Dry-run" }).first();
  await lens.waitFor({ timeout: 20000 });
  await lens.click();
  let report = [];
  const shown = await eventually(async () => {
    const lines = await outputLines(page);
    const start = lines.findLastIndex((line) => line.startsWith(`--- dry run of ${WORKFLOW}`));
    report = start >= 0 ? lines.slice(start) : [];
    return start >= 0 && stepsOf(report, "channel").length >= wantSteps.length;
  }, 30000);
  const gotSteps = stepsOf(report, "channel");
  check(
    "▶ Dry-run lens: the output panel lists the CLI's steps (status, name, type, reason)",
    shown && wantSteps.length >= 2 && sameList(gotSteps, wantSteps),
    `panel ${gotSteps.join("; ")}; CLI ${wantSteps.join("; ")}`,
  );
  check("▶ Dry-run lens: the same groups as the CLI", shown && sameList(groupsOf(report, "channel"), wantGroups), `panel ${groupsOf(report, "channel")}; CLI ${wantGroups}`);
  const cliResult = cliDryRun.find((line) => line.startsWith("result: "))?.replace(/^result: \w+: /, "");
  check(
    "▶ Dry-run lens: the report came from the server and names the CLI's error",
    (report[0] ?? "").includes("(from the language server)") && cliResult !== undefined && report.includes(`error: ${cliResult}`),
    report.slice(0, 2).join(" / "),
  );
  await shot("dry-run");

  // 4. Graph: the engine's interactive page, served by the language server, focused on the
  // active file; every node of `innominatus graph --format json` drawn; a click on a node and
  // on its "open" link opens its file with the cursor on its line (read from the JSON); the
  // view then follows that file.
  const graph = JSON.parse(readFileSync(args.graph, "utf8"));
  await runCommand(page, "innominatus: Show Graph");
  const graphTab = await eventually(() => page.locator(".tab", { hasText: "innominatus graph" }).count(), 30000);
  check("Show Graph opens the graph webview", graphTab > 0);
  const drawnIds = async (frame) =>
    frame.evaluate(() => (document.body?.dataset.ready === "1" ? Array.from(document.querySelectorAll("g.node"), (g) => g.getAttribute("data-id")) : null)).catch(() => null);
  const selectedIds = (frame) => frame.evaluate(() => Array.from(document.querySelectorAll("g.node.selected"), (g) => g.getAttribute("data-id")).sort()).catch(() => []);
  const declaredIn = (rel) => graph.nodes.filter((node) => node.file === rel).map((node) => node.id).sort();
  // The webview is an iframe in an iframe: the frame whose page is drawn.
  const graphFrame = await eventually(async () => {
    for (const frame of page.frames()) {
      const ids = await drawnIds(frame);
      if (ids && ids.length > 0) {
        return frame;
      }
    }
    return undefined;
  }, 30000);
  const ids = graphFrame ? await drawnIds(graphFrame) : [];
  const missingIds = graph.nodes.map((node) => node.id).filter((id) => !ids.includes(id));
  check(
    "the graph webview draws every node of `graph --format json` (the engine's page, scripts on)",
    graphFrame !== undefined && graph.nodes.length >= 10 && missingIds.length === 0 && ids.length === graph.nodes.length,
    `${graph.nodes.length} nodes in the JSON, ${ids.length} drawn; missing: ${missingIds.slice(0, 5).join(", ") || "none"}`,
  );
  const wantFocus = declaredIn(WORKFLOW);
  const focused = graphFrame ? await eventually(async () => sameList(await selectedIds(graphFrame), wantFocus), 5000) : undefined;
  check("the graph opens focused on the active file (its nodes selected)", focused === true && wantFocus.length > 0, `selected ${graphFrame ? (await selectedIds(graphFrame)).join(", ") : "-"}; want ${wantFocus.join(", ")}`);
  await shot("graph");

  // The node to open: one of the Score spec's (another file than the active one), whose id is
  // no part of another id, so that searching for it finds it alone.
  const target = graph.nodes.find((node) => node.file === SCORE && node.kind.startsWith("resource") && graph.nodes.every((other) => other === node || !other.id.includes(node.id)));
  const wantLine = target?.range.start.line;
  let opened = { tab: "", line: NaN };
  if (graphFrame && target) {
    // Search centres the view on it; then a real click on the node and on its "open" link.
    await graphFrame.locator("input#search").fill(target.id);
    const node = graphFrame.locator(`g.node[data-id="${target.id}"]`);
    await node.click();
    await graphFrame.locator(`g.node.selected[data-id="${target.id}"]`).waitFor({ timeout: 5000 });
    await shot("graph-selected");
    await graphFrame.locator("#details dl a.open").first().click();
    const cursorLine = async () => Number(/Ln (\d+)/.exec((await page.locator('[id="status.editor.selection"]').textContent().catch(() => "")) ?? "")?.[1]);
    await eventually(async () => (await page.locator(".tab.active", { hasText: base(SCORE) }).count()) > 0 && (await cursorLine()) === wantLine, 15000);
    opened = { tab: (await page.locator(".part.editor .editor-group-container.active .tab.active").first().textContent().catch(() => "")) ?? "", line: await cursorLine() };
  }
  check(
    "clicking a node's open link in the graph opens its file at its line",
    target !== undefined && opened.tab.includes(base(SCORE)) && opened.line === wantLine,
    `node ${target?.id} of ${SCORE}:${wantLine}; active editor ${opened.tab.trim()} at line ${opened.line}`,
  );
  await shot("graph-opened");
  const wantFollow = declaredIn(SCORE);
  let followed;
  if (graphFrame) {
    followed = await eventually(async () => {
      for (const frame of page.frames()) {
        if ((await drawnIds(frame))?.length && sameList(await selectedIds(frame), wantFollow)) {
          return frame;
        }
      }
      return undefined;
    }, 15000);
  }
  check("the graph follows the active file (redrawn with the Score spec's nodes selected)", followed !== undefined && wantFollow.length > 0, `want ${wantFollow.join(", ")}`);
  await shot("graph-followed");
  // An edit (unsaved) renames the resource on the cursor's line: the view redraws with the new
  // node; undo brings the old one back.
  const drawnSomewhere = async (id) => {
    for (const frame of page.frames()) {
      const drawn = await drawnIds(frame);
      if (drawn?.length) {
        return drawn.includes(id);
      }
    }
    return false;
  };
  let renamed = false;
  let restored = false;
  if (target && opened.line === wantLine) {
    const renamedId = `${target.id}x`;
    await page.keyboard.press("End");
    await page.keyboard.press("ArrowLeft"); // before the key's colon
    await page.keyboard.type("x");
    renamed = (await eventually(async () => (await drawnSomewhere(renamedId)) && !(await drawnSomewhere(target.id)), 15000)) === true;
    await shot("graph-edited");
    await page.keyboard.press("Control+Z");
    restored = (await eventually(async () => (await drawnSomewhere(target.id)) && !(await drawnSomewhere(renamedId)), 15000)) === true;
  }
  check("the graph redraws as the Score spec is edited (a renamed resource, then undo)", renamed && restored, `renamed drawn: ${renamed}; restored after undo: ${restored}`);
  await page.locator(".tab", { hasText: base(WORKFLOW) }).first().click();

  // 5. Restart: the status item's icon leaves "running" and comes back; the new server
  // publishes the workflow's findings again.
  await page.evaluate(() => {
    const icon = () => {
      const item = Array.from(document.querySelectorAll(".statusbar-item")).find((el) => (el.textContent ?? "").includes("innominatus"));
      if (!item) {
        return "gone";
      }
      return (Array.from(item.querySelectorAll(".codicon")).flatMap((el) => Array.from(el.classList)).find((c) => /^codicon-(?!modifier)/.test(c)) ?? "no icon").replace("codicon-", "");
    };
    window.innominatusStates = [icon()];
    new MutationObserver(() => {
      const now = icon();
      if (now !== window.innominatusStates.at(-1)) {
        window.innominatusStates.push(now);
      }
    }).observe(document.querySelector(".part.statusbar"), { subtree: true, childList: true, attributes: true, characterData: true });
  });
  const initializesBefore = sentToServer().filter((m) => m.method === "initialize").length;
  await runCommand(page, "innominatus: Restart Language Server");
  const states = await eventually(async () => {
    const now = await page.evaluate(() => window.innominatusStates);
    return now.length >= 3 && now.at(-1) === "check" ? now : undefined;
  }, 30000);
  const seenStates = states ?? (await page.evaluate(() => window.innominatusStates));
  check(
    "Restart: the status item leaves `running` and comes back",
    states !== undefined && states[0] === "check" && states.slice(1, -1).some((s) => s !== "check"),
    seenStates.join(" → "),
  );
  const republished = await eventually(() => {
    const out = sentByServer();
    const starts = out.map((m, i) => (m.result?.capabilities ? i : -1)).filter((i) => i >= 0);
    if (starts.length < 2) {
      return undefined;
    }
    const after = out.slice(starts.at(-1)).filter((m) => m.method === "textDocument/publishDiagnostics" && uriOf(m).endsWith(`/${WORKFLOW}`));
    const last = after.at(-1)?.params.diagnostics.map((d) => `${d.code}@${d.range.start.line + 1}:${d.range.start.character + 1}`).sort();
    return last && sameList(last, expectedOf(WORKFLOW)) ? { starts: starts.length, last } : undefined;
  }, 20000);
  check(
    "Restart: a new server started and published the workflow's findings again",
    republished !== undefined && sentToServer().filter((m) => m.method === "initialize").length === initializesBefore + 1,
    republished ? `${republished.starts} servers started; ${republished.last.join(", ")}` : "no publication after the restart",
  );
  const [shownAgain, afterRestart] = await waitFindings(page, WORKFLOW, (found) => sameList(found, expectedOf(WORKFLOW)), 20000);
  check("Restart: the Problems panel shows the CLI's findings again", shownAgain, afterRestart.join(", "));

  // 6. A misspelt key typed into the first step gets its finding at its place; undo clears it.
  await openFile(page, WORKFLOW);
  await goTo(page, typeLine, 1);
  await page.keyboard.press("End");
  await page.keyboard.press("Enter");
  await page.keyboard.type("timout: 30s");
  const typedLine = typeLine + 1;
  const typedAt = `INN101@${typedLine}:5`;
  const [appeared, whileTyped] = await waitFindings(page, WORKFLOW, (found) => found.includes(typedAt), 15000);
  check(`typed \`timout:\` gets INN101 at ${typedLine}:5`, appeared, whileTyped.join(", "));
  await shot("typed");
  await page.locator(".part.editor .editor-group-container.active .monaco-editor .view-lines").first().click();
  for (let i = 0; i < 3 && (await lineText(page, typedLine))?.includes("timout"); i++) {
    await page.keyboard.press("Control+Z");
    await sleep(200);
  }
  const [cleared, afterUndo] = await waitFindings(page, WORKFLOW, (found) => sameList(found, expectedOf(WORKFLOW)), 15000);
  check("after undo the finding goes and the CLI's findings are back", cleared, afterUndo.join(", "));

  // 7a. The fix the CLI's JSON carries for INN501, from the light-bulb menu.
  const inn501 = cliFinding(WORKFLOW, "INN501");
  const fix501 = inn501?.fix;
  await goTo(page, inn501?.range.start.line ?? 1, inn501?.range.start.column ?? 1);
  const before501 = await lineText(page, inn501?.range.start.line ?? 1);
  const titles501 = await quickFixTitles(page);
  const offered501 = fix501 !== undefined && titles501.includes(squash(fix501.message)) && (await chooseQuickFix(page, (title) => title === squash(fix501.message)));
  check("light-bulb menu offers the CLI's fix of INN501 and applies it", offered501, `CLI: ${fix501?.message}; menu: ${titles501.join(" | ")}`);
  if (!offered501) {
    await page.keyboard.press("Escape");
  }
  // The line as the CLI's edit leaves it (read before applying).
  const edit501 = fix501?.edits[0];
  const want501 = before501 && edit501 ? before501.slice(0, edit501.range.start.column - 1) + edit501.replacement + before501.slice(edit501.range.end.column - 1) : "(no edit)";
  const fixed501 = await eventually(async () => ((await lineText(page, inn501.range.start.line)) === want501 ? true : undefined), 5000);
  check(`applying it makes line ${inn501.range.start.line} read \`${want501.trim()}\``, fixed501, JSON.stringify(await lineText(page, inn501.range.start.line)));
  const [gone501, after501] = await waitFindings(page, WORKFLOW, (found) => found.length > 0 && !found.some((f) => f.startsWith("INN501@") || f.startsWith("INN605@")), 15000);
  check("after it, INN501 and INN605 are gone and the rest stays", gone501, after501.join(", "));

  // 7b. INN101 `imgae` in the Score spec: a preferred quick fix renaming it to `image`.
  const inn101 = cliFinding(SCORE, "INN101");
  await openFile(page, SCORE);
  await goTo(page, inn101?.range.start.line ?? 1, inn101?.range.start.column ?? 1);
  const titles101 = await quickFixTitles(page);
  await shot("quick-fix-menu");
  // Once the CLI's JSON carries the fix, its message is the title; until then, any rename to `image`.
  const fix101 = inn101?.fix;
  const renames = (title) => (fix101 ? title === squash(fix101.message) : title.includes("image") && !title.startsWith("Ignore"));
  // VS Code lists preferred actions first: the rename comes right after the "Quick Fix" header.
  const firstAction = titles101.find((title) => title !== "Quick Fix");
  check("light-bulb menu offers renaming `imgae` to `image` first", firstAction !== undefined && renames(firstAction), titles101.join(" | "));
  const actions101 = sentByServer()
    .filter((m) => Array.isArray(m.result) && m.result.some((a) => typeof a.kind === "string" && a.kind.startsWith("quickfix")))
    .flatMap((m) => m.result)
    .filter((a) => (a.diagnostics ?? []).some((d) => d.code === "INN101" && d.message.includes("imgae")));
  check(
    "the server marks that rename as the preferred fix",
    actions101.some((a) => renames(squash(a.title)) && a.isPreferred === true),
    actions101.map((a) => `${a.title}${a.isPreferred ? " (preferred)" : ""}`).join(" | ") || "no action recorded",
  );
  const chosen101 = await chooseQuickFix(page, renames);
  if (!chosen101) {
    await page.keyboard.press("Escape");
  }
  const key101 = inn101 ? ` `.repeat(inn101.range.start.column - 1) : "";
  const fixed101 = await eventually(async () => ((await lineText(page, inn101?.range.start.line ?? 0))?.startsWith(`${key101}image: `) ? true : undefined), 5000);
  check("choosing it makes the key read `image`", chosen101 && fixed101, JSON.stringify(await lineText(page, inn101?.range.start.line ?? 0)));
  const [gone101, after101] = await waitFindings(page, SCORE, (found) => !found.some((f) => f.startsWith("INN101@") || f.startsWith("INN102@")), 10000);
  check("after it, INN101 (and the missing `image`, INN102) are gone", fixed101 && gone101, after101.join(", ") || "no findings");
  await shot("quick-fix-applied");
  await page.keyboard.press("Escape");

  // 8. Completion from our server only: a step key whose snippet only it inserts.
  await openFile(page, WORKFLOW);
  const step2 = cliFinding(WORKFLOW, "INN101").range.start.line - 1; // `type: policy` of the second step
  const step2Text = await (async () => {
    await goTo(page, step2, 1);
    return lineText(page, step2);
  })();
  await page.keyboard.press("End");
  await page.keyboard.press("Enter");
  await page.keyboard.type("depends");
  await page.keyboard.press("Control+Space");
  const suggestions = await eventually(async () => {
    const rows = await page.evaluate(() =>
      Array.from(document.querySelectorAll(".suggest-widget .monaco-list-row")).map((row) => ({
        label: row.querySelector(".label-name")?.textContent ?? "",
        focused: row.classList.contains("focused"),
      })),
    );
    return rows.some((row) => row.label === "dependsOn" && row.focused) ? rows : undefined;
  }, 15000);
  // The server's answer to the last completion request (ids restart with each server: the last one).
  const asked = sentToServer().filter((m) => m.method === "textDocument/completion").at(-1);
  const answer = sentByServer().filter((m) => asked && m.id === asked.id && !m.method && m.result).at(-1)?.result;
  const lastItems = answer?.items ?? answer ?? [];
  const serverLabels = new Set(lastItems.map((i) => i.label));
  const ours = lastItems.find((i) => i.label === "dependsOn");
  const foreign = (suggestions ?? []).filter((row) => !serverLabels.has(row.label));
  // The details beside the focused item: the server's detail and documentation.
  // (Ctrl+Space on an open list toggles them: press it again when they stay closed.)
  const detailsText = async () => squash(await page.locator(".suggest-details").first().textContent({ timeout: 1000 }).catch(() => ""));
  let details = await eventually(detailsText, 2000);
  if (!details) {
    await page.keyboard.press("Control+Space");
    details = await eventually(detailsText, 5000);
  }
  const ourDoc = squash(ours?.documentation?.value ?? ours?.documentation ?? "").slice(0, 60);
  check(
    "completion lists only our server's items; dependsOn with the server's detail and documentation",
    suggestions !== undefined &&
      foreign.length === 0 &&
      ours !== undefined &&
      ourDoc.length > 20 &&
      details.startsWith(ours.detail) &&
      details.includes(ourDoc),
    `${(suggestions ?? []).length} rows; not from the server: ${foreign.map((r) => r.label).join(", ") || "none"}; details "${details.slice(0, 70)}"; server: ${ours?.detail} / ${ourDoc}`,
  );
  await shot("completion");
  // Choose dependsOn (filtering on the typed prefix keeps it first) and accept: the server's snippet.
  await page.keyboard.press("Enter");
  const wantSnippet = (ours?.textEdit?.newText ?? ours?.insertText ?? "").replace(/\$0/, "").split("\n");
  const inserted = await eventually(async () => {
    const lines = await editorLines(page);
    const got = wantSnippet.map((_, i) => (lines.get(step2 + 1 + i) ?? "").trimEnd());
    return sameList(got, wantSnippet.map((line, i) => (i === 0 ? `    ${line}` : line).trimEnd())) ? got : undefined;
  }, 5000);
  check(
    "accepting it inserts the server's snippet",
    inserted !== undefined && wantSnippet.length >= 2 && step2Text?.trim() === "type: policy",
    JSON.stringify([...(await editorLines(page))].filter(([n]) => n > step2 && n <= step2 + 2).map(([, t]) => t)),
  );
  await page.keyboard.press("Escape");

  // 9. Other tools' files: the GitHub Actions workflow and the Compose file opened in editors,
  // the Helm values only in the folder (the server reads the folder).
  await openFile(page, ACTIONS);
  await openFile(page, COMPOSE);
  await sleep(1500);
  const others = {};
  for (const rel of [ACTIONS, COMPOSE, HELM]) {
    others[rel] = await problemsOf(page, rel);
  }
  const workflowRows = await findingsOf(page, WORKFLOW);
  check(
    "Problems panel: nothing for ci.yml, docker-compose.yml (open) or values.yaml",
    workflowRows.length > 0 && Object.values(others).every((rows) => rows.length === 0),
    `${workflowRows.length} rows for the workflow; ${Object.entries(others)
      .map(([rel, rows]) => `${base(rel)}: ${rows.length}`)
      .join(", ")}`,
  );
  await shot("other-tools");
} catch (error) {
  check("browser run", false, error instanceof Error ? error.message.split("\n")[0] : String(error));
  await shot("failure");
} finally {
  writeFileSync(join(args.artifacts, "browser-console.log"), consoleLines.join("\n"));
  await browser.close();
}

// What went between VS Code and the server (the browser is closed: the streams are complete).
const sent = sentToServer();
const received = sentByServer();
const opened = sent.filter((m) => m.method === "textDocument/didOpen").map(uriOf);
const about = (rel) => sent.filter((m) => JSON.stringify(m.params ?? {}).includes(rel)).map((m) => m.method);
check(
  "VS Code sent the server didOpen for both broken files and nothing about ci.yml or docker-compose.yml",
  opened.some((uri) => uri.endsWith(`/${WORKFLOW}`)) && opened.some((uri) => uri.endsWith(`/${SCORE}`)) && about(ACTIONS).length === 0 && about(COMPOSE).length === 0,
  `didOpen: ${opened.map((uri) => base(uri)).join(", ")}; about ci.yml: ${about(ACTIONS).join(", ") || "nothing"}; about docker-compose.yml: ${about(COMPOSE).join(", ") || "nothing"}`,
);
const findings = (rel) =>
  received.filter((m) => m.method === "textDocument/publishDiagnostics" && uriOf(m).endsWith(`/${rel}`)).flatMap((m) => m.params.diagnostics);
check(
  "the server published findings for the workflow and none for ci.yml, docker-compose.yml or values.yaml",
  findings(WORKFLOW).length > 0 && [ACTIONS, COMPOSE, HELM].every((rel) => findings(rel).length === 0),
  [WORKFLOW, ACTIONS, COMPOSE, HELM].map((rel) => `${findings(rel).length} for ${base(rel)}`).join(", "),
);

process.exit(summary("vscode-e2e") === 0 ? 0 : 1);
