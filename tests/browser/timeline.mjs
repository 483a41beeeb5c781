// Headless Chromium checks of the dry-run timeline page (`workflow test FILE --dry-run
// --format html`), run by tests/browser/timeline.sh. Each page comes with the JSON report of
// the same dry run, which every expectation is read from: per run, one bar per step with the
// step's fate and its attempts when retried, coloured by fate, placed in time order with widths in proportion to durations;
// the critical path outlined; a click on a bar opens that step's details panel, which shows its
// rendered script; every fate in the legend; nothing fetched, no script error. Screenshots go to
// --artifacts. Prints one line per check and "browser timeline: N passed, N failed".
import { createRequire } from "node:module";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { parseArgs } from "node:util";

const { values: args } = parseArgs({
  options: {
    tools: { type: "string" },
    artifacts: { type: "string" },
    // name=page.html=report.json
    page: { type: "string", multiple: true },
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
const FATES = ["succeeded", "failed", "skipped", "not_run", "timed_out", "rolled_back"];
/** Pixels a bar's edge may differ from its place on the axis (borders, rounding). */
const SLACK_PX = 4;

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM ?? "/usr/bin/chromium",
  headless: true,
  args: ["--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
});
try {
  for (const spec of args.page) {
    const [name, file, jsonFile] = spec.split("=");
    const report = JSON.parse(readFileSync(jsonFile, "utf8"));
    // A workflow's report is one run; a Score spec's holds one per resource.
    const runs = report.runs ?? [report];
    const page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
    const problems = [];
    page.on("pageerror", (e) => problems.push(String(e)));
    page.on("console", (m) => m.type() === "error" && problems.push(m.text()));
    const requests = [];
    page.on("request", (r) => requests.push(r.url()));
    await page.goto(`file://${file}`, { waitUntil: "load" });

    const sections = await page.locator("section.run").count();
    check(`${name}: one section per run, with the run's status`, sections === runs.length, `${sections} sections, ${runs.length} runs`);
    let placed = true;
    let placement = "";
    let bars = 0;
    let steps = 0;
    const fatesSeen = new Map();
    const critical = { on: [], off: [] };
    for (const [r, run] of runs.entries()) {
      const section = page.locator("section.run").nth(r);
      const status = await section.getAttribute("data-status").catch(() => null);
      if (status !== run.status) {
        check(`${name}: run ${r + 1} status`, false, `page ${status}, JSON ${run.status}`);
      }
      const drawn = await section.locator("a.step").evaluateAll((els) =>
        els.map((el) => {
          const box = el.getBoundingClientRect();
          const track = el.closest(".track").getBoundingClientRect();
          const style = getComputedStyle(el);
          return {
            step: el.dataset.step,
            fate: el.dataset.fate,
            critical: el.classList.contains("critical"),
            retried: el.classList.contains("attempts-many") ? el.querySelector(".attempts")?.textContent ?? "" : null,
            left: box.left,
            width: box.width,
            // The axis: the track's content box (its right padding leaves room for labels).
            trackLeft: track.left,
            trackWidth: track.width - parseFloat(getComputedStyle(el.closest(".track")).paddingRight),
            background: style.backgroundColor,
            border: style.borderTopColor,
            visible: box.width > 0 && box.height > 0,
          };
        }),
      );
      const want = run.steps ?? [];
      steps += want.length;
      bars += drawn.length;
      // The axis ends at the last step's end (a step that never finishes runs to the timeout).
      const ends = want.map((s) => (s.attempts === 0 ? (s.start ?? 0) : s.duration === null ? null : (s.start ?? 0) + s.duration));
      const axisEnd = Math.max(1, ...ends.filter((e) => e !== null));
      for (const s of want) {
        const bar = drawn.find((d) => d.step === s.name);
        if (!bar || bar.fate !== s.status || !bar.visible) {
          placed = false;
          placement += `${s.name}: ${bar ? `${bar.fate}, visible ${bar.visible}` : "no bar"} (JSON ${s.status}); `;
          continue;
        }
        // A retried step shows its attempts (segments and "×N"); others show none.
        if (bar.retried !== (s.attempts > 1 ? `×${s.attempts}` : null)) {
          placed = false;
          placement += `${s.name}: attempts shown ${bar.retried}, JSON ${s.attempts}; `;
        }
        fatesSeen.set(s.status, [...(fatesSeen.get(s.status) ?? []), bar.background]);
        (s.critical ? critical.on : critical.off).push(bar.border);
        if (s.duration === null || axisEnd === 1) continue;
        const x = bar.trackLeft + ((s.start ?? 0) / axisEnd) * bar.trackWidth;
        const width = s.attempts === 0 ? 0 : (s.duration / axisEnd) * bar.trackWidth;
        const okLeft = Math.abs(bar.left - x) <= SLACK_PX;
        // A step that never starts is a marker of a fixed small width.
        const okWidth = s.attempts === 0 ? bar.width <= 16 : Math.abs(bar.width - width) <= SLACK_PX;
        if (!okLeft || !okWidth) {
          placed = false;
          placement += `${s.name}: at ${bar.left.toFixed(0)}+${bar.width.toFixed(0)}, want ${x.toFixed(0)}+${width.toFixed(0)}; `;
        }
      }
    }
    check(`${name}: a bar per step with its fate and retries, placed at its start with its duration's width`, placed && bars === steps && steps > 0, placement || `${bars} bars`);
    const colours = [...fatesSeen.entries()].map(([fate, list]) => [fate, new Set(list)]);
    const oneColourEach = colours.every(([, set]) => set.size === 1);
    const distinct = new Set(colours.map(([, set]) => [...set][0])).size === colours.length;
    check(`${name}: each fate has its own colour`, oneColourEach && distinct, colours.map(([fate, set]) => `${fate} ${[...set].join("/")}`).join("; "));
    if (critical.on.length && critical.off.length) {
      const offColours = new Set(critical.off);
      check(`${name}: the critical path is outlined`, critical.on.every((c) => !offColours.has(c)), `critical ${[...new Set(critical.on)]}, others ${[...offColours]}`);
    }
    const legend = await page.locator(".legend .swatch").evaluateAll((els) => els.map((el) => el.className));
    check(`${name}: the legend lists every fate`, FATES.every((f) => legend.some((c) => c.includes(`fate-${f}`))), legend.join(", "));

    // Click the bar of a step with a rendered script: its panel opens and shows the script.
    const withScript = runs.flatMap((run, r) => (run.steps ?? []).map((s) => ({ s, r }))).find(({ s }) => s.rendered?.text?.trim());
    if (withScript) {
      const { s, r } = withScript;
      const section = page.locator("section.run").nth(r);
      await section.locator(`a.step[data-step="${s.name}"]`).click();
      const panel = section.locator(`details.step-details[data-step="${s.name}"]`);
      const open = await panel.evaluate((el) => el.open).catch(() => false);
      const firstLine = s.rendered.text.split("\n").find((l) => l.trim()) ?? "";
      const shown = open && (await panel.locator("pre").first().isVisible()) && (await panel.locator("pre").first().textContent()).includes(firstLine);
      check(`${name}: clicking ${s.name}'s bar opens its details with the rendered script`, shown, `open ${open}; want "${firstLine.slice(0, 40)}"`);
      await page.screenshot({ path: join(args.artifacts, `${name}-details.png`), fullPage: false });
    }
    const foreign = requests.filter((u) => u !== `file://${file}`);
    check(`${name}: nothing fetched, no script error`, foreign.length === 0 && problems.length === 0, [...foreign, ...problems].join("; ").slice(0, 200));
    await page.evaluate(() => window.scrollTo(0, 0));
    await page.screenshot({ path: join(args.artifacts, `${name}.png`), fullPage: true });
    await page.close();
  }
} catch (error) {
  check("test script", false, String(error?.stack ?? error));
} finally {
  await browser.close();
}
console.log(`browser timeline: ${passed} passed, ${failed} failed`);
process.exit(failed === 0 ? 0 : 1);
