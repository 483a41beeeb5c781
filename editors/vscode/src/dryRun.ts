// "innominatus: Dry-run Current Workflow" (and the server's "Dry-run" code lens): asks the server
// (`innominatus/dryRun`, which uses the editor's text), falls back to the command line when the
// server does not know the request, and prints the result.
import * as path from "node:path";
import * as vscode from "vscode";
import { ErrorCodes, LanguageClient, ResponseError } from "vscode-languageclient/node";
import { runCli } from "./cli";
import { formatDryRun } from "./dryRunReport";

export const DRY_RUN_REQUEST = "innominatus/dryRun";

async function viaServer(client: LanguageClient, document: vscode.TextDocument): Promise<unknown | undefined> {
  try {
    return await client.sendRequest(DRY_RUN_REQUEST, { textDocument: { uri: document.uri.toString() } });
  } catch (error) {
    if (error instanceof ResponseError && error.code === ErrorCodes.MethodNotFound) {
      return undefined;
    }
    throw error;
  }
}

async function viaCli(binary: string, document: vscode.TextDocument): Promise<unknown> {
  const folder = vscode.workspace.getWorkspaceFolder(document.uri)?.uri.fsPath ?? path.dirname(document.uri.fsPath);
  const result = await runCli(binary, ["workflow", "test", document.uri.fsPath, "--dry-run", "--format", "json"], folder);
  // Exit 1 means "the workflow would fail", with the JSON on stdout; 2 is bad input.
  if (result.status > 1 || !result.stdout.trim()) {
    throw new Error(result.stderr.trim() || `innominatus workflow test exited with status ${result.status}`);
  }
  return JSON.parse(result.stdout);
}

/** The document a command is about: the code lens passes its URI, the palette uses the editor. */
export async function targetDocument(uri: unknown): Promise<vscode.TextDocument | undefined> {
  if (typeof uri === "string" || uri instanceof vscode.Uri) {
    return vscode.workspace.openTextDocument(typeof uri === "string" ? vscode.Uri.parse(uri) : uri);
  }
  return vscode.window.activeTextEditor?.document;
}

export async function dryRunWorkflow(
  client: LanguageClient | undefined,
  binary: string | undefined,
  output: vscode.OutputChannel,
  uri?: unknown,
): Promise<void> {
  const document = await targetDocument(uri);
  if (!document || document.languageId !== "yaml") {
    void vscode.window.showWarningMessage("innominatus: open a workflow YAML file to dry-run it.");
    return;
  }
  output.show(true);
  const name = vscode.workspace.asRelativePath(document.uri);
  try {
    let result = client?.isRunning() ? await viaServer(client, document) : undefined;
    let source = "language server";
    if (result === undefined) {
      if (!binary) {
        throw new Error("the language server is not running and no innominatus binary was found");
      }
      // The command line reads the file: it must hold what the editor shows.
      if (document.isDirty) {
        await document.save();
      }
      result = await viaCli(binary, document);
      source = "innominatus workflow test";
    }
    output.appendLine(`--- dry run of ${name} (from the ${source})`);
    output.appendLine(formatDryRun(result));
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    output.appendLine(`--- dry run of ${name} failed: ${message}`);
    void vscode.window.showErrorMessage(`innominatus dry run failed: ${message}`);
  }
}
