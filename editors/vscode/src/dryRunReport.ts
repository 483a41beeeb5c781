// Turns the dry-run JSON (the contract of `innominatus workflow test --dry-run --format json`,
// which the server's `innominatus/dryRun` request returns too) into text for the output channel.

interface DryRunStep {
  name?: string;
  type?: string;
  status?: string;
  group?: number | null;
  reason?: string | null;
  effects?: string[];
}

interface DryRunResult {
  file?: string;
  workflow?: string;
  engine?: string;
  status?: string;
  error?: string | null;
  plan?: { groups?: { label?: string; steps?: string[] }[] };
  steps?: DryRunStep[];
}

function isDryRunResult(value: unknown): value is DryRunResult {
  return typeof value === "object" && value !== null && ("steps" in value || "status" in value);
}

export function formatDryRun(value: unknown): string {
  if (!isDryRunResult(value)) {
    // Not the shape this version knows: show it whole rather than guess.
    return JSON.stringify(value, null, 2);
  }
  const lines: string[] = [];
  const name = value.workflow ?? "(unnamed workflow)";
  lines.push(`dry run of workflow ${name}${value.file ? ` (${value.file})` : ""}, ${value.engine ?? "documented"} engine: ${value.status ?? "unknown"}`);
  if (value.error) {
    lines.push(`error: ${value.error}`);
  }
  (value.plan?.groups ?? []).forEach((group, index) => {
    lines.push(`group ${index + 1} (${group.label ?? "sequential"}): ${(group.steps ?? []).join(", ")}`);
  });
  for (const step of value.steps ?? []) {
    const reason = step.reason ? ` (${step.reason})` : "";
    lines.push(`  ${(step.status ?? "?").padEnd(10)} ${step.name ?? "?"} [${step.type ?? "?"}]${reason}`);
    for (const effect of step.effects ?? []) {
      lines.push(`      would: ${effect}`);
    }
  }
  return lines.join("\n");
}
