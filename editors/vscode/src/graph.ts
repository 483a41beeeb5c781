// "innominatus: Show Graph": the engine's interactive graph page (pan, zoom, search, filters),
// asked of the language server (`innominatus/graph` with `format: "html"`, focused on the
// active file) and shown in a webview with scripts on and a policy that allows nothing but the
// page's own inline style and script. A click on a node's "open" link posts
// `{ type: "open", file, line }`, which opens that file at that line. The view follows the
// active platform file and redraws, debounced, when a YAML document changes or is saved.
// Without the server (or one too old for the page) it runs `innominatus graph --format html
// --focus FILE`.
import * as path from "node:path";
import * as vscode from "vscode";
import { ErrorCodes, LanguageClient, ResponseError } from "vscode-languageclient/node";
import { runCli } from "./cli";
import { isPlatformFile } from "./detect";
import { openRequest, resolveGraphFile, withCsp } from "./graphPage";

export const GRAPH_REQUEST = "innominatus/graph";

/** Milliseconds between the last edit and the redraw. */
const REDRAW_AFTER_CHANGE_MS = 600;

interface GraphAnswer {
  html: string;
}

export class GraphView implements vscode.Disposable {
  private panel: vscode.WebviewPanel | undefined;
  private folder: vscode.WorkspaceFolder | undefined;
  /** The file the page is focused on (the active platform file). */
  private focus: vscode.Uri | undefined;
  private timer: NodeJS.Timeout | undefined;
  /** A redraw was wanted while the panel was hidden. */
  private stale = false;
  /** Drawing is serialised: a redraw asked during one runs after it. */
  private drawing: Promise<void> = Promise.resolve();
  private readonly subscriptions: vscode.Disposable[] = [];

  constructor(
    private readonly client: () => LanguageClient | undefined,
    private readonly binary: () => string | undefined,
    private readonly log: vscode.OutputChannel,
  ) {
    this.subscriptions.push(
      vscode.window.onDidChangeActiveTextEditor((editor) => this.follow(editor?.document)),
      vscode.workspace.onDidChangeTextDocument((event) => this.documentChanged(event.document)),
      vscode.workspace.onDidSaveTextDocument((document) => this.documentChanged(document)),
    );
  }

  /** `uri`: the document of the server's "Show graph" code lens; else the active editor's. */
  async show(uri?: unknown): Promise<void> {
    const active = typeof uri === "string" ? vscode.Uri.parse(uri) : uri instanceof vscode.Uri ? uri : vscode.window.activeTextEditor?.document.uri;
    const folder = (active && vscode.workspace.getWorkspaceFolder(active)) ?? vscode.workspace.workspaceFolders?.[0];
    if (!folder) {
      void vscode.window.showWarningMessage("innominatus: open a folder to draw its graph.");
      return;
    }
    this.folder = folder;
    this.focus = active?.scheme === "file" ? active : undefined;
    if (!this.panel) {
      this.panel = vscode.window.createWebviewPanel("innominatus.graph", `innominatus graph: ${folder.name}`, vscode.ViewColumn.Beside, {
        enableScripts: true,
        enableCommandUris: false,
        localResourceRoots: [],
        retainContextWhenHidden: false,
      });
      this.panel.onDidDispose(() => {
        this.panel = undefined;
        clearTimeout(this.timer);
      });
      this.panel.onDidChangeViewState(() => {
        if (this.panel?.visible && this.stale) {
          void this.redraw();
        }
      });
      this.panel.webview.onDidReceiveMessage((message) => this.open(message));
    }
    this.panel.title = `innominatus graph: ${folder.name}`;
    await this.redraw();
    this.panel?.reveal(undefined, true);
  }

  /** The active editor changed: focus the page on it when it is a platform file of the folder. */
  private follow(document: vscode.TextDocument | undefined): void {
    if (!this.panel || !document || !this.folder || document.uri.scheme !== "file") {
      return;
    }
    if (vscode.workspace.getWorkspaceFolder(document.uri)?.uri.toString() !== this.folder.uri.toString()) {
      return;
    }
    if (!isPlatformFile(document.uri.fsPath, document.getText()) || document.uri.toString() === this.focus?.toString()) {
      return;
    }
    this.focus = document.uri;
    this.schedule(0);
  }

  private documentChanged(document: vscode.TextDocument): void {
    if (this.panel && document.uri.scheme === "file" && document.languageId === "yaml") {
      this.schedule(REDRAW_AFTER_CHANGE_MS);
    }
  }

  private schedule(delayMs: number): void {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.redraw(), delayMs);
  }

  private redraw(): Promise<void> {
    this.drawing = this.drawing.then(() => this.draw());
    return this.drawing;
  }

  private async draw(): Promise<void> {
    const panel = this.panel;
    const folder = this.folder;
    if (!panel || !folder) {
      return;
    }
    if (!panel.visible) {
      this.stale = true;
      return;
    }
    this.stale = false;
    try {
      const page = (await this.viaServer(folder)) ?? (await this.viaCli(folder));
      if (this.panel === panel) {
        panel.webview.html = withCsp(page);
      }
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      this.log.appendLine(`graph: ${message}`);
      void vscode.window.showErrorMessage(`innominatus graph failed: ${message}`);
    }
  }

  /** The page from the server, or undefined when no server runs or it does not serve pages. */
  private async viaServer(folder: vscode.WorkspaceFolder): Promise<string | undefined> {
    const client = this.client();
    if (!client?.isRunning()) {
      return undefined;
    }
    const focusFolder = this.focus && vscode.workspace.getWorkspaceFolder(this.focus);
    const focus = this.focus && focusFolder?.uri.toString() === folder.uri.toString() ? this.focus.toString() : null;
    try {
      const answer = await client.sendRequest<GraphAnswer | null>(GRAPH_REQUEST, { format: "html", focus });
      return typeof answer?.html === "string" ? answer.html : undefined;
    } catch (error) {
      if (error instanceof ResponseError && (error.code === ErrorCodes.MethodNotFound || error.code === ErrorCodes.InvalidParams)) {
        return undefined;
      }
      throw error;
    }
  }

  private async viaCli(folder: vscode.WorkspaceFolder): Promise<string> {
    const binary = this.binary();
    if (!binary) {
      throw new Error("the language server is not running and no innominatus binary was found; set innominatus.server.path");
    }
    const args = ["graph", ".", "--format", "html"];
    const focusFolder = this.focus && vscode.workspace.getWorkspaceFolder(this.focus);
    if (this.focus && focusFolder?.uri.toString() === folder.uri.toString()) {
      // Run from the folder, the graph names its files relative to it.
      args.push("--focus", path.relative(folder.uri.fsPath, this.focus.fsPath).split(path.sep).join("/"));
    }
    const result = await runCli(binary, args, folder.uri.fsPath);
    if (result.status > 1 || !result.stdout.includes("<html")) {
      throw new Error(result.stderr.trim() || `innominatus graph exited with status ${result.status}`);
    }
    return result.stdout;
  }

  /** The page's `{ type: "open", file, line }`: that file, cursor at the start of that line. */
  private async open(message: unknown): Promise<void> {
    const request = openRequest(message);
    if (!request || !this.folder) {
      return;
    }
    const file = resolveGraphFile(this.folder.uri.fsPath, request.file);
    if (!file) {
      this.log.appendLine(`graph: not opening ${request.file}, which lies outside ${this.folder.uri.fsPath}`);
      return;
    }
    const at = new vscode.Position(request.line - 1, 0);
    try {
      const document = await vscode.workspace.openTextDocument(vscode.Uri.file(file));
      // Beside the graph, in the editor group the user was working in.
      const column = vscode.window.visibleTextEditors.find((editor) => editor.viewColumn !== this.panel?.viewColumn)?.viewColumn ?? vscode.ViewColumn.One;
      await vscode.window.showTextDocument(document, { viewColumn: column, selection: new vscode.Range(at, at), preview: false });
    } catch (error) {
      void vscode.window.showErrorMessage(`innominatus: cannot open ${request.file}: ${error instanceof Error ? error.message : String(error)}`);
    }
  }

  dispose(): void {
    clearTimeout(this.timer);
    this.subscriptions.forEach((subscription) => subscription.dispose());
    this.panel?.dispose();
  }
}
