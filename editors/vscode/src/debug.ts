// The `innominatus` debugger: VS Code starts `<binary> dap` (the binary the language server
// uses, found by binary.ts) for each session, a launch configuration without a workflow takes
// the active editor's, and the server's "⏵ Debug" code lens (command `innominatus.debug`)
// starts a session of its file with no launch.json.
import * as path from "node:path";
import * as vscode from "vscode";
import { DEBUG_TYPE, fillLaunchConfiguration, lensConfiguration, LaunchArguments } from "./debugConfig";
import { targetDocument } from "./dryRun";

/** Finds the binary when a session starts (a changed `innominatus.server.path` applies at once). */
export type BinaryLookup = () => string | undefined;

class AdapterFactory implements vscode.DebugAdapterDescriptorFactory {
  constructor(
    private readonly binary: BinaryLookup,
    private readonly log: vscode.OutputChannel,
  ) {}

  createDebugAdapterDescriptor(session: vscode.DebugSession): vscode.ProviderResult<vscode.DebugAdapterDescriptor> {
    const binary = this.binary();
    if (!binary) {
      // Thrown errors are shown by VS Code as the reason the session did not start.
      throw new Error("innominatus: no `innominatus` binary found for the debugger (see innominatus.server.path).");
    }
    // The adapter resolves relative paths of the configuration (paramsFile, scenario) from here.
    const cwd = session.workspaceFolder?.uri.fsPath ?? path.dirname(String(session.configuration.workflow ?? "."));
    this.log.appendLine(`starting ${binary} dap for ${session.configuration.workflow}`);
    return new vscode.DebugAdapterExecutable(binary, ["dap"], { cwd });
  }
}

class ConfigurationProvider implements vscode.DebugConfigurationProvider {
  resolveDebugConfiguration(_folder: vscode.WorkspaceFolder | undefined, config: vscode.DebugConfiguration): vscode.ProviderResult<vscode.DebugConfiguration> {
    const editor = vscode.window.activeTextEditor;
    const active = editor && editor.document.uri.scheme === "file" ? { path: editor.document.uri.fsPath, languageId: editor.document.languageId } : undefined;
    const filled = fillLaunchConfiguration(config as LaunchArguments, active);
    if ("error" in filled) {
      void vscode.window.showErrorMessage(filled.error);
      return undefined; // cancels the launch
    }
    return filled.config as vscode.DebugConfiguration;
  }
}

/** Starts debugging the workflow of a document (the code lens passes its URI). */
async function debugWorkflow(uri: unknown): Promise<void> {
  const document = await targetDocument(uri);
  if (!document || document.languageId !== "yaml" || document.uri.scheme !== "file") {
    void vscode.window.showWarningMessage("innominatus: open a workflow YAML file to debug it.");
    return;
  }
  // The adapter reads the file and maps breakpoints to its lines: it must hold what the editor shows.
  if (document.isDirty) {
    await document.save();
  }
  const folder = vscode.workspace.getWorkspaceFolder(document.uri);
  const config = lensConfiguration(document.uri.fsPath, vscode.workspace.asRelativePath(document.uri));
  const started = await vscode.debug.startDebugging(folder, config as vscode.DebugConfiguration);
  if (!started) {
    void vscode.window.showErrorMessage(`innominatus: the debugger did not start for ${config.workflow}.`);
  }
}

export function registerDebugger(binary: BinaryLookup, log: vscode.OutputChannel): vscode.Disposable[] {
  return [
    vscode.debug.registerDebugAdapterDescriptorFactory(DEBUG_TYPE, new AdapterFactory(binary, log)),
    vscode.debug.registerDebugConfigurationProvider(DEBUG_TYPE, new ConfigurationProvider()),
    vscode.commands.registerCommand("innominatus.debug", (uri) => debugWorkflow(uri)),
  ];
}
