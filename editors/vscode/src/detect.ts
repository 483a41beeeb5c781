// Whether a YAML text is an innominatus document whatever its file name. Kept free of the
// vscode module so that it can be unit-tested in plain Node.

/**
 * Markers at the start of a line: a Score apiVersion, a provider manifest, or one of the
 * workflow apiVersions in use (FORMATS.md: three apiVersions for the same kind `Workflow`).
 */
const CONTENT_MARKERS: readonly RegExp[] = [
  /^apiVersion:\s*["']?score\./m, // score.dev/v1b1, and score.sh/v1b1 before it (as the engine)
  /^kind:\s*["']?(Provider|Platform)["']?\s*$/m,
  /^apiVersion:\s*["']?(innominatus\.io|workflow\.dev|orchestrator\.innominatus\.dev)\//m,
];

/** How much of a file is read to decide by content: the markers sit at the top. */
const CONTENT_PREFIX = 4096;

/** A workflow test file (`*.test.yaml` by name): top-level `workflow` and `cases`, as the engine decides. */
function looksLikeWorkflowTest(head: string): boolean {
  return /^workflow:\s*\S/m.test(head) && /^cases:/m.test(head);
}

export function looksLikeInnominatus(text: string): boolean {
  const head = text.slice(0, CONTENT_PREFIX);
  return CONTENT_MARKERS.some((marker) => marker.test(head)) || looksLikeWorkflowTest(head);
}
