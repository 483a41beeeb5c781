// Writes a synthetic platform repository of about `--nodes` graph nodes (default 2,000) into
// `--out`: teams owning Score specs (a container consuming three resources each), providers
// claiming the resource types with a create and a delete workflow of chained steps, and golden
// paths triggering workflows whose steps depend on earlier ones. Deterministic (no randomness),
// so a failure can be reproduced from the folder the test prints.
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { parseArgs } from "node:util";

const { values: args } = parseArgs({
  options: { out: { type: "string" }, nodes: { type: "string", default: "2000" } },
});
if (!args.out) throw new Error("usage: generate-workspace.mjs --out DIR [--nodes N]");
const target = Number(args.nodes);

const write = (rel, text) => {
  const path = join(args.out, rel);
  mkdirSync(join(path, ".."), { recursive: true });
  writeFileSync(path, text);
};

// Chained steps: step i depends on step i-1 and, every third step, on step i-3 too.
const steps = (prefix, count) =>
  Array.from({ length: count }, (_, i) => {
    const deps = [];
    if (i > 0) deps.push(`${prefix}-${i - 1}`);
    if (i >= 3 && i % 3 === 0) deps.push(`${prefix}-${i - 3}`);
    return [
      `    - name: ${prefix}-${i}`,
      "      type: policy",
      ...(deps.length ? [`      dependsOn: [${deps.join(", ")}]`] : []),
      "      config:",
      "        script: |",
      `          echo ${prefix} ${i}`,
    ].join("\n");
  }).join("\n");

const workflow = (name, prefix, count) =>
  `apiVersion: workflow.dev/v1\nkind: Workflow\nmetadata:\n  name: ${name}\nspec:\n  steps:\n${steps(prefix, count)}\n`;

const PROVIDERS = 24;
const STEPS = 5;
let nodes = 0;
const types = [];
for (let p = 0; p < PROVIDERS; p++) {
  const type = `kind-${p}`;
  types.push(type);
  write(
    `providers/team-${p}/provider.yaml`,
    [
      "apiVersion: v1",
      "kind: Provider",
      "metadata:",
      `  name: team-${p}`,
      "  version: 1.0.0",
      "compatibility:",
      "  minCoreVersion: 0.1.0",
      "capabilities:",
      `  resourceTypes: [${type}]`,
      "workflows:",
      `  - name: provision-${type}`,
      `    file: ./workflows/provision-${type}.yaml`,
      "    category: provisioner",
      "    operation: create",
      `  - name: delete-${type}`,
      `    file: ./workflows/delete-${type}.yaml`,
      "    category: provisioner",
      "    operation: delete",
      "",
    ].join("\n"),
  );
  // Step names repeat across providers on purpose: the page must tell them apart.
  write(`providers/team-${p}/workflows/provision-${type}.yaml`, workflow(`provision-${type}`, "prepare", STEPS));
  write(`providers/team-${p}/workflows/delete-${type}.yaml`, workflow(`delete-${type}`, "cleanup", STEPS));
  nodes += 1 + 2 * (1 + STEPS);
}

const GOLDEN = 20;
const paths = [];
for (let g = 0; g < GOLDEN; g++) {
  write(`workflows/path-${g}.yaml`, workflow(`path-${g}`, "stage", 8));
  paths.push(`  path-${g}:\n    workflow: ./workflows/path-${g}.yaml\n    description: generated path ${g}\n`);
  nodes += 2 + 8;
}
write("goldenpaths.yaml", `goldenpaths:\n${paths.join("")}`);

// Applications: each adds itself, a container and three resources (teams are shared).
let app = 0;
while (nodes < target) {
  const team = `team-${app % 15}`;
  const [a, b, c] = [types[app % PROVIDERS], types[(app + 7) % PROVIDERS], types[(app + 13) % PROVIDERS]];
  write(
    `apps/app-${app}/score.yaml`,
    [
      "apiVersion: score.dev/v1b1",
      "metadata:",
      `  name: app-${app}`,
      `  team: ${team}`,
      "containers:",
      "  main:",
      `    image: registry.example/app-${app}:1.0.0`,
      "    variables:",
      "      FIRST: ${resources.first.host}",
      "      SECOND: ${resources.second.host}",
      "resources:",
      "  first:",
      `    type: ${a}`,
      "  second:",
      `    type: ${b}`,
      "  third:",
      `    type: ${c}`,
      "",
    ].join("\n"),
  );
  nodes += 5 + (app < 15 ? 1 : 0);
  app++;
}
console.log(`generated ${nodes} nodes (${app} applications) in ${args.out}`);
