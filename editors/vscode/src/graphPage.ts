// The pure parts of the graph view (no VS Code API, unit-tested in test/unit.test.mjs): the
// Content-Security-Policy put into the engine's page, and the checks on what the page posts.
import * as path from "node:path";

/**
 * The webview's policy: nothing from the network or from files; the page's own inline style
 * and script only (the engine writes them; the page needs no eval). Images as data: URIs.
 */
export const GRAPH_CSP = "default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:; font-src data:";

/** The engine's page with the policy as the first element of its head (a policy given later does not cover what precedes it). */
export function withCsp(page: string, csp: string = GRAPH_CSP): string {
  const meta = `<meta http-equiv="Content-Security-Policy" content="${csp}">`;
  const head = /<head(\s[^>]*)?>/i.exec(page);
  if (head) {
    const at = head.index + head[0].length;
    return `${page.slice(0, at)}\n${meta}${page.slice(at)}`;
  }
  return `<!DOCTYPE html><html><head>${meta}</head><body>${page}</body></html>`;
}

/** A request of the page to open `file` (as the graph spells it) at 1-based `line`. */
export interface OpenRequest {
  file: string;
  line: number;
}

/** The page's `{ type: "open", file, line }` message, or undefined for anything else. */
export function openRequest(message: unknown): OpenRequest | undefined {
  if (typeof message !== "object" || message === null) {
    return undefined;
  }
  const { type, file, line } = message as Record<string, unknown>;
  if (type !== "open" || typeof file !== "string" || file === "") {
    return undefined;
  }
  const number = typeof line === "number" ? line : typeof line === "string" ? Number(line) : NaN;
  return { file, line: Number.isInteger(number) && number >= 1 ? number : 1 };
}

/**
 * The file on disk of a graph's file name: relative names are the workspace folder's (the
 * server names files relative to its root); absolute ones stay. Undefined when a relative
 * name climbs out of the folder.
 */
export function resolveGraphFile(folder: string, file: string): string | undefined {
  if (path.isAbsolute(file)) {
    return path.normalize(file);
  }
  const resolved = path.resolve(folder, file);
  const inside = path.relative(folder, resolved);
  return inside.startsWith("..") || path.isAbsolute(inside) ? undefined : resolved;
}
