// Runs the innominatus command line for what the language server does not serve itself
// (the SVG graph) or when it is too old to know a custom request.
import { execFile } from "node:child_process";

export interface CliResult {
  status: number;
  stdout: string;
  stderr: string;
}

/** Runs the binary; a non-zero exit is a result, not an error (1 means "findings"). */
export function runCli(binary: string, args: string[], cwd: string | undefined): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    execFile(binary, args, { cwd, maxBuffer: 64 * 1024 * 1024, timeout: 60_000 }, (error, stdout, stderr) => {
      if (error && typeof error.code !== "number") {
        reject(error);
        return;
      }
      resolve({ status: error ? Number(error.code) : 0, stdout, stderr });
    });
  });
}
