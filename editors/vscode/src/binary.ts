// Finds the `innominatus` binary: the `innominatus.server.path` setting when it is set, else the
// binary this package carries (platform packages hold it in server/), else `innominatus` on PATH.
import * as fs from "node:fs";
import * as path from "node:path";

/** Where a platform-specific package carries the server, relative to the extension's folder. */
export const BUNDLED_BINARY = path.join("server", process.platform === "win32" ? "innominatus.exe" : "innominatus");

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

/** Looks a bare command name up on PATH, as a shell would. */
function onPath(name: string, env: NodeJS.ProcessEnv): string | undefined {
  const extensions = process.platform === "win32" ? (env.PATHEXT ?? ".EXE").split(";") : [""];
  for (const dir of (env.PATH ?? "").split(path.delimiter)) {
    if (!dir) {
      continue;
    }
    for (const ext of extensions) {
      const candidate = path.join(dir, name + ext);
      if (isExecutableFile(candidate)) {
        return candidate;
      }
    }
  }
  return undefined;
}

/**
 * The bundled binary, when this package carries one. An unpacker that dropped the executable
 * bit is forgiven: the file is ours, so it is made executable again.
 */
export function bundledBinary(extensionPath: string): string | undefined {
  const candidate = path.join(extensionPath, BUNDLED_BINARY);
  if (!fs.existsSync(candidate)) {
    return undefined;
  }
  if (!isExecutableFile(candidate)) {
    try {
      fs.chmodSync(candidate, 0o755);
    } catch {
      return undefined;
    }
  }
  return isExecutableFile(candidate) ? candidate : undefined;
}

/**
 * Resolves the binary, or undefined when there is none. A set `setting` wins and is the only
 * candidate (a bare name is looked up on PATH; a relative path is taken from the first
 * workspace folder); an empty one means the bundled binary, then `innominatus` on PATH.
 */
export function resolveBinary(
  setting: string,
  workspaceRoot: string | undefined,
  extensionPath: string | undefined,
  env: NodeJS.ProcessEnv = process.env,
): string | undefined {
  const configured = setting.trim();
  if (!configured) {
    return (extensionPath && bundledBinary(extensionPath)) || onPath("innominatus", env);
  }
  if (configured.includes("/") || configured.includes("\\")) {
    const absolute = path.isAbsolute(configured) ? configured : path.resolve(workspaceRoot ?? process.cwd(), configured);
    return isExecutableFile(absolute) ? absolute : undefined;
  }
  return onPath(configured, env);
}
