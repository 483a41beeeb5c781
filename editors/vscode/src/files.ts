// Which YAML files belong to innominatus. The language server only sees these, so that
// unrelated YAML (CI files, Helm values, kubeconfigs) keeps its own tooling.
import * as vscode from "vscode";
import { DocumentFilter } from "vscode-languageclient/node";

export { looksLikeInnominatus } from "./detect";

/** File-name and folder conventions of the platform (see the project's FORMATS.md). */
export const OWNED_PATTERNS: readonly string[] = [
  "**/score.{yaml,yml}",
  "**/*score*.{yaml,yml}",
  "**/workflows/**/*.{yaml,yml}",
  "**/providers/**/*.{yaml,yml}",
  "**/goldenpaths.{yaml,yml}",
  "**/admin-config.{yaml,yml}",
  "**/*.test.{yaml,yml}",
];

/** Glob metacharacters in a literal path must not act as patterns. */
function escapeGlob(path: string): string {
  return path.replace(/[[\]{}*?!]/g, (c) => `[${c}]`);
}

/** The selector the client registers: conventions, the user's patterns, files found by content. */
export function documentSelector(extraPatterns: readonly string[], detectedPaths: readonly string[]): DocumentFilter[] {
  const patterns = [...OWNED_PATTERNS, ...extraPatterns];
  const filters: DocumentFilter[] = patterns.map((pattern) => ({ scheme: "file", language: "yaml", pattern }));
  for (const path of detectedPaths) {
    filters.push({ scheme: "file", language: "yaml", pattern: escapeGlob(path) });
  }
  return filters;
}

/** True when the document is one the running client already sends to the server. */
export function isOwned(document: vscode.TextDocument, selector: DocumentFilter[]): boolean {
  return vscode.languages.match(selector as vscode.DocumentSelector, document) > 0;
}
