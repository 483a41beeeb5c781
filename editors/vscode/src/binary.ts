// Finds the `innominatus` binary named by the `innominatus.server.path` setting.
import * as fs from "node:fs";
import * as path from "node:path";

function isExecutableFile(candidate: string): boolean {
  try {
    const stat = fs.statSync(candidate);
    if (!stat.isFile()) {
      return false;
    }
    fs.accessSync(candidate, fs.constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/**
 * Resolves the setting to an executable path, or undefined when there is none. A bare name is
 * looked up on PATH (as a shell would); a relative path is taken from the first workspace folder.
 */
export function resolveBinary(setting: string, workspaceRoot: string | undefined, env: NodeJS.ProcessEnv = process.env): string | undefined {
  const configured = setting.trim() || "innominatus";
  if (configured.includes("/") || configured.includes("\\")) {
    const absolute = path.isAbsolute(configured) ? configured : path.resolve(workspaceRoot ?? process.cwd(), configured);
    return isExecutableFile(absolute) ? absolute : undefined;
  }
  const extensions = process.platform === "win32" ? (env.PATHEXT ?? ".EXE").split(";") : [""];
  for (const dir of (env.PATH ?? "").split(path.delimiter)) {
    if (!dir) {
      continue;
    }
    for (const ext of extensions) {
      const candidate = path.join(dir, configured + ext);
      if (isExecutableFile(candidate)) {
        return candidate;
      }
    }
  }
  return undefined;
}
