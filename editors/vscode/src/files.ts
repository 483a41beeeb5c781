// Which YAML files belong to innominatus. The language server only sees these, so that
// unrelated YAML (CI files, Helm values, kubeconfigs) keeps its own tooling; the server
// declines what is not the platform's all the same.
import * as vscode from "vscode";
import { DocumentFilter } from "vscode-languageclient/node";
import { OWNED_GLOBS } from "./generated/patterns";

export { isExcluded, looksLikeInnominatus } from "./detect";

/**
 * File-name and folder conventions of the platform, from the engine (engine/src/project/files.rs).
 * Written so that other tools' files (`.github/workflows/*.yml`, Helm values, …) do not match:
 * document filters cannot exclude.
 */
export const OWNED_PATTERNS: readonly string[] = OWNED_GLOBS;

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
