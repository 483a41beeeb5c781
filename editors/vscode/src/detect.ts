// Whether a YAML file is the platform's, by the engine's rules: the lists come from
// src/generated/patterns.ts, rendered from engine/src/project/files.rs (exclusions first,
// then names and folders, then content markers). Kept free of the vscode module so that it
// can be unit-tested in plain Node.
import { EXCLUDED_PATHS, MARKERS, MARKER_LINES, OWNED_PATHS } from "./generated/patterns";

function slashed(path: string): string {
  return path.replace(/\\/g, "/");
}

/** Another tool's file (GitHub Actions, GitLab CI, Compose, Helm, kubeconfig): never the platform's. */
export function isExcluded(path: string): boolean {
  const p = slashed(path);
  return EXCLUDED_PATHS.some((pattern) => pattern.test(p));
}

/** A platform file by its name or folder (exclusions aside). */
export function isOwnedByName(path: string): boolean {
  const p = slashed(path);
  return OWNED_PATHS.some((pattern) => pattern.test(p));
}

/** Whether a YAML text is an innominatus document whatever its file name: every key of a marker at the start of one of the first lines. */
export function looksLikeInnominatus(text: string): boolean {
  const lines = text.split("\n", MARKER_LINES);
  return MARKERS.some((marker) => marker.keys.every((key) => lines.some((line) => key.test(line))));
}

/** What the extension hands to the server by itself (the user's patterns aside), decided as the engine does. */
export function isPlatformFile(path: string, text: string): boolean {
  return !isExcluded(path) && (isOwnedByName(path) || looksLikeInnominatus(text));
}
