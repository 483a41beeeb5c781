// "innominatus: Show Graph": the workspace graph as SVG (drawn by `innominatus graph --format svg`)
// in a webview. The SVG is shown as an image, so nothing in it can run script.
import * as vscode from "vscode";
import { runCli } from "./cli";

let panel: vscode.WebviewPanel | undefined;

function page(svg: string, title: string): string {
  const data = Buffer.from(svg, "utf8").toString("base64");
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; img-src data:; style-src 'unsafe-inline';">
<title>${title}</title>
<style>
  body { margin: 0; padding: 8px; background: #fff; }
  /* Fit to the panel; a click shows it at full size (a checkbox, since scripts are off). */
  img { max-width: 100%; height: auto; cursor: zoom-in; }
  #full:checked + label img { max-width: none; cursor: zoom-out; }
</style>
</head>
<body><input type="checkbox" id="full" hidden><label for="full"><img id="graph" alt="${title}" src="data:image/svg+xml;base64,${data}"></label></body>
</html>`;
}

/** `uri`: the document of the server's "Show graph" code lens; else the active editor's. */
export async function showGraph(binary: string | undefined, uri?: unknown): Promise<void> {
  if (!binary) {
    void vscode.window.showErrorMessage("innominatus: no innominatus binary found; set innominatus.server.path.");
    return;
  }
  const active = typeof uri === "string" ? vscode.Uri.parse(uri) : uri instanceof vscode.Uri ? uri : vscode.window.activeTextEditor?.document.uri;
  const folder = (active && vscode.workspace.getWorkspaceFolder(active)) ?? vscode.workspace.workspaceFolders?.[0];
  if (!folder) {
    void vscode.window.showWarningMessage("innominatus: open a folder to draw its graph.");
    return;
  }
  const result = await runCli(binary, ["graph", folder.uri.fsPath, "--format", "svg"], folder.uri.fsPath);
  if (result.status > 1 || !result.stdout.includes("<svg")) {
    void vscode.window.showErrorMessage(`innominatus graph failed: ${result.stderr.trim() || `exit status ${result.status}`}`);
    return;
  }
  const title = `innominatus graph: ${folder.name}`;
  if (!panel) {
    panel = vscode.window.createWebviewPanel("innominatus.graph", title, vscode.ViewColumn.Beside, { enableScripts: false });
    panel.onDidDispose(() => (panel = undefined));
  }
  panel.title = title;
  panel.webview.html = page(result.stdout, title);
  panel.reveal();
}
