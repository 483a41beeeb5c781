// Headless Chromium checks of the HTML graph page (`innominatus graph --format html`), run by
// tests/browser/run.sh. For each page: it renders in under 2 s (navigation to
// body[data-ready="1"]), draws every node of the CLI's JSON graph, search finds and centres a
// node, a click marks exactly the upstream and downstream nodes the JSON graph implies as
// `related` (transitively, then one level), a kind filter hides that kind (computed style),
// cycles are red and listed, and the "open" link is a file:// link (a message in a VS Code
// webview). Screenshots go to --artifacts. Prints one line per check and "N passed, N failed".
import { createRequire } from "node:module";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { parseArgs } from "node:util";

const { values: args } = parseArgs({
  options: {
    tools: { type: "string" },
    artifacts: { type: "string" },
    // name=page.html=graph.json=search-id=folder the graph's file names are relative to
    page: { type: "string", multiple: true },
    // page.html=graph.json=file: a page made with --focus file
    focus: { type: "string" },
  },
});
const require = createRequire(join(args.tools, "package.json"));
const { chromium } = require("playwright-core");

let passed = 0;
let failed = 0;
function check(name, ok, detail = "") {
  if (ok) passed++;
  else failed++;
  console.log(`${ok ? "ok  " : "FAIL"} ${name}${detail ? `: ${detail}` : ""}`);
}
const RENDER_BUDGET_MS = 2000;
const CYCLE_RED = "rgb(214, 39, 40)";

/** The ids reached from `id` along the JSON graph's edges, both ways; one level or all.
 * `provisions` edges (a workflow creating a resource of every application using the type)
 * are followed from `id` only and not gone on from, as documented in README. */
function neighbourhood(graph, id, transitive) {
  return neighbourhoodOf(graph, [id], transitive);
}
function neighbourhoodOf(graph, ids, transitive) {
  const starts = new Set(ids);
  const reached = new Set();
  for (const forward of [true, false]) {
    let frontier = [...ids];
    const seen = new Set(ids);
    while (frontier.length) {
      const next = [];
      for (const x of frontier) {
        for (const e of graph.edges) {
          const [from, to] = forward ? [e.from, e.to] : [e.to, e.from];
          if (from !== x || (!starts.has(x) && e.kind === "provisions")) continue;
          reached.add(to);
          if (!seen.has(to) && e.kind !== "provisions") {
            seen.add(to);
            next.push(to);
          }
        }
      }
      frontier = transitive ? next : [];
    }
  }
  for (const id of ids) reached.delete(id);
  return [...reached].sort();
}

const sameList = (a, b) => a.length === b.length && a.every((x, i) => x === b[i]);

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM ?? "/usr/bin/chromium",
  headless: true,
  args: ["--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
});
const timings = [];
try {
  for (const spec of args.page) {
    const [name, file, jsonFile, searchId, base] = spec.split("=");
    const graph = JSON.parse(readFileSync(jsonFile, "utf8"));
    if (!graph.nodes.some((n) => n.id === searchId)) throw new Error(`${name}: the graph has no node ${searchId} to search for`);
    const page = await browser.newPage({ viewport: { width: 1500, height: 1000 } });
    page.setDefaultTimeout(15000);
    const problems = [];
    page.on("pageerror", (e) => problems.push(String(e)));
    page.on("console", (m) => m.type() === "error" && problems.push(m.text()));
    // Nothing may be fetched but the page itself.
    const requests = [];
    page.on("request", (r) => requests.push(r.url()));
    const shot = (what) => page.screenshot({ path: join(args.artifacts, `${name}-${what}.png`) });

    const started = Date.now();
    await page.goto(`file://${file}`);
    await page.waitForSelector("body[data-ready='1']");
    const wall = Date.now() - started;
    const mark = await page.evaluate(() => performance.getEntriesByName("innominatus-ready")[0].startTime);
    timings.push(`${name}: ${graph.nodes.length} nodes, ${graph.edges.length} edges, ready ${Math.round(mark)} ms after navigation (${wall} ms wall clock)`);
    // The budget is for the page (navigation start to ready); the wall clock also counts
    // the round trips between this script and the browser, reported for information.
    check(`${name}: renders in under ${RENDER_BUDGET_MS} ms`, mark < RENDER_BUDGET_MS, `${Math.round(mark)} ms after navigation, ${wall} ms wall clock`);
    await shot("1-loaded");

    if (name === "generated") check("generated: the workspace has 2,000 nodes or more", graph.nodes.length >= 2000, `${graph.nodes.length}`);
    const drawn = await page.$$eval("g.node", (els) => els.map((e) => e.dataset.id).sort());
    check(`${name}: every node of the JSON graph is drawn`, sameList(drawn, graph.nodes.map((n) => n.id).sort()), `${drawn.length} drawn, ${graph.nodes.length} in JSON`);
    check(`${name}: one element per edge`, (await page.locator("g.edge").count()) === graph.edges.length);

    // Search: the id matches exactly one node, which is selected and centred.
    await page.fill("input#search", searchId);
    const count = await page.textContent("#search-count");
    const target = page.locator(`g.node[data-id="${searchId}"]`);
    const classes = (await target.getAttribute("class")).split(" ");
    check(`${name}: search finds ${searchId}`, count === "1 of 1" && classes.includes("match") && classes.includes("selected"), `count "${count}", classes ${classes}`);
    const box = await target.boundingBox();
    const view = await page.locator("#viewport").boundingBox();
    const off = Math.hypot(box.x + box.width / 2 - (view.x + view.width / 2), box.y + box.height / 2 - (view.y + view.height / 2));
    check(`${name}: the match is centred`, off < 20, `${Math.round(off)} px from the centre`);
    const label = graph.nodes.find((n) => n.id === searchId).label;
    await page.fill("input#search", label);
    const byLabel = await page.locator("g.node.match").count();
    const expected = graph.nodes.filter((n) => n.label.toLowerCase().includes(label.toLowerCase()) || n.id.toLowerCase().includes(label.toLowerCase())).length;
    check(`${name}: searching "${label}" counts every match`, byLabel === expected && (await page.textContent("#search-count")) === `1 of ${expected}`, `${byLabel} marked, ${expected} expected`);
    await page.fill("input#search", searchId);
    await shot("2-search");

    // Click: upstream and downstream, transitively, then one level.
    await page.keyboard.press("Escape");
    await target.click();
    const related = () => page.$$eval("g.node.related", (els) => els.map((e) => e.dataset.id).sort());
    const all = neighbourhood(graph, searchId, true);
    const got = await related();
    check(`${name}: a click marks upstream and downstream as related`, all.length > 0 && sameList(got, all), `${got.length} related, ${all.length} expected`);
    const dimmed = await page.evaluate(() => {
      const other = document.querySelector("#graph.dim g.node:not(.related):not(.selected)");
      return other ? Number(getComputedStyle(other).opacity) : null;
    });
    check(`${name}: the rest is dimmed`, dimmed === null ? all.length + 1 === graph.nodes.length : dimmed < 0.5, `opacity ${dimmed}`);
    const panel = await page.textContent("#details");
    const node = graph.nodes.find((n) => n.id === searchId);
    check(`${name}: the side panel shows kind and id`, panel.includes(node.kind) && panel.includes(searchId));
    await shot("3-click-transitive");
    await page.check("#one-level");
    const direct = neighbourhood(graph, searchId, false);
    const gotDirect = await related();
    check(`${name}: "one level" marks only direct neighbours`, sameList(gotDirect, direct), `${gotDirect.length} related, ${direct.length} expected`);
    await shot("4-click-one-level");

    // The open link: file://<base>/<file>#L<line>.
    const href = await page.getAttribute("#details dd a.open", "href");
    const absolute = node.file.startsWith("/") ? node.file : `${base}/${node.file}`;
    const want = `file://${encodeURI(absolute)}#L${node.range.start.line}`;
    check(`${name}: the node links to its file and line`, href === want, `${href} vs ${want}`);
    await page.uncheck("#one-level");

    // Filter: hide steps (or the first kind present), check the computed style.
    const kind = graph.nodes.some((n) => n.kind.startsWith("step")) ? "step" : graph.nodes[0].kind.split(".")[0];
    await page.uncheck(`input[data-filter-kind="${kind}"]`);
    const display = await page.$$eval("g.node", (els) => els.map((e) => [e.dataset.kind, getComputedStyle(e).display]));
    const hiddenRight = display.every(([k, d]) => (k === kind) === (d === "none"));
    const edgesHidden = await page.$$eval("g.edge", (els) => els.filter((e) => getComputedStyle(e).display === "none").length);
    const touching = graph.edges.filter((e) => [e.from, e.to].some((id) => graph.nodes.find((n) => n.id === id).kind.split(".")[0] === kind)).length;
    check(`${name}: unchecking "${kind}" hides exactly its nodes and their edges`, hiddenRight && edgesHidden === touching, `${edgesHidden} edges hidden, ${touching} expected`);
    await shot("5-filter");
    await page.check(`input[data-filter-kind="${kind}"]`);
    const edgeKind = graph.edges[0].kind;
    await page.uncheck(`input[data-filter-edge="${edgeKind}"]`);
    const edgeDisplay = await page.$$eval("g.edge", (els) => els.map((e) => [e.dataset.kind, getComputedStyle(e).display]));
    check(`${name}: unchecking edge kind "${edgeKind}" hides those edges only`, edgeDisplay.every(([k, d]) => (k === edgeKind) === (d === "none")));
    await page.check(`input[data-filter-edge="${edgeKind}"]`);

    // Cycles: red, and listed with their path.
    const listed = await page.locator("a[data-cycle]").count();
    const red = await page.$$eval("g.edge.cycle path", (els) => els.map((e) => getComputedStyle(e).stroke));
    const cycleEdges = graph.edges.filter((e) => e.cycle).length;
    check(`${name}: ${graph.cycles.length} cycle(s) listed, their edges red`, listed === graph.cycles.length && red.length === cycleEdges && red.every((c) => c === CYCLE_RED), `${listed} listed, ${red.length} red of ${cycleEdges}`);
    if (listed) {
      await page.click("a[data-cycle='0']");
      const selected = await page.$$eval("g.node.selected", (els) => els.map((e) => e.dataset.id).sort());
      check(`${name}: clicking a cycle selects its nodes`, sameList(selected, [...graph.cycles[0]].sort()));
      await shot("6-cycle");
    }

    // Zoom and pan change the view; fit brings the whole graph back.
    const transform = () => page.getAttribute("#scene", "transform");
    const before = await transform();
    await page.click("#zoom-in");
    const zoomed = await transform();
    await page.mouse.move(view.x + 40, view.y + 40);
    await page.mouse.down();
    await page.mouse.move(view.x + 140, view.y + 90, { steps: 4 });
    await page.mouse.up();
    const panned = await transform();
    await page.mouse.move(view.x + view.width / 2, view.y + view.height / 2);
    await page.mouse.wheel(0, 300);
    const wheeled = await transform();
    check(`${name}: zoom, pan and wheel move the view`, new Set([before, zoomed, panned, wheeled]).size === 4, [before, zoomed, panned, wheeled].join(" | "));
    await page.click("#fit");
    const scene = await page.locator("#scene").boundingBox();
    const inside = scene.x >= view.x - 1 && scene.y >= view.y - 1 && scene.x + scene.width <= view.x + view.width + 1 && scene.y + scene.height <= view.y + view.height + 1;
    check(`${name}: Fit shows the whole graph`, inside, `scene ${JSON.stringify(scene)} in view ${JSON.stringify(view)}`);
    await shot("7-fit");

    check(`${name}: nothing fetched but the page`, requests.every((u) => u === `file://${file}`), requests.filter((u) => u !== `file://${file}`).join(" "));
    check(`${name}: no script errors`, problems.length === 0, problems.join(" | "));
    await page.close();

    // Inside a VS Code webview the open link posts a message instead of navigating. The copy
    // carries a webview-like policy: inline script and style only, no eval, nothing fetched.
    const strict = join(args.artifacts, `${name}-csp.html`);
    const policy = `<meta http-equiv="Content-Security-Policy" content="default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'">`;
    writeFileSync(strict, readFileSync(file, "utf8").replace("<head>", `<head>\n${policy}`));
    const webview = await browser.newPage({ viewport: { width: 1500, height: 1000 } });
    const violations = [];
    webview.on("console", (m) => m.type() === "error" && violations.push(m.text()));
    webview.on("pageerror", (e) => violations.push(String(e)));
    await webview.addInitScript(() => {
      window.posted = [];
      window.acquireVsCodeApi = () => ({ postMessage: (m) => window.posted.push(m) });
      document.addEventListener("securitypolicyviolation", (e) => console.error(`CSP: ${e.violatedDirective}`));
    });
    await webview.goto(`file://${strict}`);
    await webview.waitForSelector("body[data-ready='1']");
    await webview.fill("input#search", searchId);
    await webview.click("#details dd a.open");
    const posted = await webview.evaluate(() => window.posted);
    const url = webview.url();
    check(`${name}: in a webview "open" posts {type: "open", file, line}`, posted.length === 1 && posted[0].type === "open" && posted[0].file === node.file && posted[0].line === node.range.start.line && url === `file://${strict}`, JSON.stringify(posted));
    check(`${name}: works under a strict content security policy`, violations.length === 0, violations.join(" | "));
    await webview.close();
  }
  if (args.focus) {
    // --focus FILE: the page opens with FILE's nodes selected and what they touch related.
    const [file, jsonFile, declaredIn] = args.focus.split("=");
    const graph = JSON.parse(readFileSync(jsonFile, "utf8"));
    const page = await browser.newPage({ viewport: { width: 1500, height: 1000 } });
    await page.goto(`file://${file}`);
    await page.waitForSelector("body[data-ready='1']");
    const declared = graph.nodes.filter((n) => n.file === declaredIn).map((n) => n.id).sort();
    const selected = await page.$$eval("g.node.selected", (els) => els.map((e) => e.dataset.id).sort());
    const related = await page.$$eval("g.node.related", (els) => els.map((e) => e.dataset.id).sort());
    const expected = neighbourhoodOf(graph, declared, true);
    check(`focus: ${declaredIn}'s ${declared.length} nodes selected on opening`, declared.length > 0 && sameList(selected, declared), selected.join(" "));
    check("focus: what they touch is related", sameList(related, expected), `${related.length} related, ${expected.length} expected`);
    await page.screenshot({ path: join(args.artifacts, "focus-1-loaded.png") });
    await page.close();
  }
} finally {
  await browser.close();
}
console.log("render times:");
for (const t of timings) console.log(`  ${t}`);
console.log(`browser graph: ${passed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
