// The launch configurations of the `innominatus` debugger (`innominatus dap`), without VS Code:
// what a launch.json entry lacks is filled from the active editor, and the "⏵ Debug" code lens
// gets a whole configuration for its file. Pure, so that the unit tests run it as it is.
import * as path from "node:path";

/** The debugger's type in launch.json and in package.json's `contributes.debuggers`. */
export const DEBUG_TYPE = "innominatus";

/** The launch arguments `innominatus dap` reads (README: "innominatus dap"). */
export interface LaunchArguments {
  type?: string;
  request?: string;
  name?: string;
  workflow?: string;
  engine?: string;
  params?: Record<string, string>;
  paramsFile?: string;
  goldenPath?: string;
  scenario?: string | Record<string, unknown>;
  stopOnEntry?: boolean;
  [other: string]: unknown;
}

/** The editor a configuration may take its workflow from: its file and language. */
export interface ActiveFile {
  path: string;
  languageId: string;
}

export type Filled = { config: LaunchArguments } | { error: string };

/** The configuration the code lens starts for a workflow file (no launch.json needed). */
export function lensConfiguration(workflow: string, displayName: string): LaunchArguments {
  return {
    type: DEBUG_TYPE,
    request: "launch",
    name: `Debug ${displayName}`,
    workflow,
    stopOnEntry: false,
  };
}

/**
 * Completes a configuration before VS Code starts the adapter. An empty one (F5 with no
 * launch.json) becomes a launch of the active file; one without `workflow` debugs the active
 * file. Without a YAML file to take it from, the session does not start: the error says why.
 */
export function fillLaunchConfiguration(config: LaunchArguments, active: ActiveFile | undefined): Filled {
  const filled: LaunchArguments = { ...config };
  const empty = !filled.type && !filled.request && !filled.name;
  if (empty) {
    filled.type = DEBUG_TYPE;
    filled.request = "launch";
  }
  if (filled.request !== undefined && filled.request !== "launch") {
    return { error: `innominatus: the debugger only launches (request "launch"), not "${filled.request}".` };
  }
  if (typeof filled.workflow !== "string" || filled.workflow.trim() === "") {
    if (!active || active.languageId !== "yaml") {
      return { error: "innominatus: open a workflow YAML file to debug it, or set `workflow` in the launch configuration." };
    }
    filled.workflow = active.path;
  }
  if (!filled.name) {
    filled.name = `Debug ${path.basename(filled.workflow)}`;
  }
  return { config: filled };
}
