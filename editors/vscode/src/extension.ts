// Entry point: starts `innominatus lsp` for the platform's YAML files and registers the commands.
import * as vscode from "vscode";
import { LanguageClient, LanguageClientOptions, ServerOptions, State } from "vscode-languageclient/node";
import { resolveBinary } from "./binary";
import { dryRunWorkflow } from "./dryRun";
import { documentSelector, isExcluded, isOwned, looksLikeInnominatus } from "./files";
import { showGraph } from "./graph";
import { readSettings, RESTART_SETTINGS, serverSettings } from "./settings";
import { StatusBar } from "./statusBar";

/** Workspace state key: YAML files outside the naming conventions found to be innominatus documents. */
const DETECTED_KEY = "innominatus.detectedFiles";

class Extension implements vscode.Disposable {
  private client: LanguageClient | undefined;
  private binary: string | undefined;
  private selector = documentSelector([], []);
  private readonly log = vscode.window.createOutputChannel("innominatus");
  private readonly status = new StatusBar();
  private readonly subscriptions: vscode.Disposable[] = [];
  /** Serialises start/stop so that quick restarts never race each other. */
  private lifecycle: Promise<void> = Promise.resolve();

  constructor(private readonly context: vscode.ExtensionContext) {}

  activate(): void {
    const command = (name: string, run: (...args: unknown[]) => unknown) => this.subscriptions.push(vscode.commands.registerCommand(name, run));
    // The server's code lenses call these two with the document URI as argument.
    command("innominatus.dryRun", (uri) => dryRunWorkflow(this.client, this.binary, this.log, uri));
    command("innominatus.showGraph", (uri) => showGraph(this.binary, uri));
    command("innominatus.restartServer", () => this.restart());
    command("innominatus.showServerLog", () => this.log.show(true));

    this.subscriptions.push(
      vscode.workspace.onDidChangeConfiguration((event) => {
        if (RESTART_SETTINGS.some((setting) => event.affectsConfiguration(setting))) {
          void this.restart();
        }
      }),
      vscode.workspace.onDidOpenTextDocument((document) => this.detectByContent(document)),
    );
    void this.restart().then(() => vscode.workspace.textDocuments.forEach((document) => this.detectByContent(document)));
  }

  /** Stops the running client (if any) and starts a new one with the current settings. */
  restart(): Promise<void> {
    this.lifecycle = this.lifecycle.then(async () => {
      await this.stop();
      await this.start();
    });
    return this.lifecycle;
  }

  private async start(): Promise<void> {
    const settings = readSettings();
    const root = vscode.workspace.workspaceFolders?.[0]?.uri.fsPath;
    this.binary = resolveBinary(settings.serverPath, root);
    if (!this.binary) {
      this.status.set("missing", `innominatus.server.path = ${settings.serverPath}`);
      this.log.appendLine(`innominatus binary not found: ${settings.serverPath}`);
      void this.reportMissingBinary(settings.serverPath);
      return;
    }

    const detected = settings.detectByContent ? this.context.workspaceState.get<string[]>(DETECTED_KEY, []) : [];
    this.selector = documentSelector(settings.includePatterns, detected);
    // No `transport` here: with TransportKind.stdio the client appends `--stdio`, which
    // `innominatus lsp` (always on stdio) rejects.
    const serverOptions: ServerOptions = {
      command: this.binary,
      args: ["lsp", "--log-level", settings.logLevel],
    };
    const clientOptions: LanguageClientOptions = {
      documentSelector: this.selector,
      outputChannel: this.log,
      initializationOptions: settings.server,
      synchronize: {
        // The server asks for this section with workspace/configuration and is told when it changes.
        configurationSection: "innominatus",
        fileEvents: [
          vscode.workspace.createFileSystemWatcher("**/*.{yaml,yml}"),
          vscode.workspace.createFileSystemWatcher("**/.innominatus.toml"),
        ],
      },
      middleware: {
        workspace: {
          // Answer workspace/configuration with our typed view, so defaults are always present.
          configuration: (params, token, next) => {
            if (params.items.every((item) => item.section === "innominatus")) {
              return params.items.map(() => serverSettings());
            }
            return next(params, token);
          },
        },
      },
    };

    const client = new LanguageClient("innominatus", "innominatus language server", serverOptions, clientOptions);
    client.onDidChangeState((event) => {
      if (event.newState === State.Running) {
        this.status.set("running", this.binary);
      } else if (event.newState === State.Starting) {
        this.status.set("starting");
      } else if (this.client === client) {
        this.status.set("stopped");
      }
    });
    this.client = client;
    this.status.set("starting");
    try {
      await client.start();
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      this.status.set("failed", message);
      this.log.appendLine(`innominatus language server failed to start: ${message}`);
      void vscode.window.showErrorMessage(`innominatus language server failed to start: ${message}`, "Show Log").then((choice) => {
        if (choice) {
          this.log.show(true);
        }
      });
    }
  }

  private async stop(): Promise<void> {
    const client = this.client;
    this.client = undefined;
    if (client) {
      try {
        await client.stop(2000);
      } catch (error) {
        this.log.appendLine(`stopping the language server: ${error instanceof Error ? error.message : String(error)}`);
      }
      this.status.set("stopped");
    }
  }

  private async reportMissingBinary(configured: string): Promise<void> {
    const choice = await vscode.window.showErrorMessage(
      `innominatus: the language server binary '${configured}' was not found. Install it (cargo install --path cli) or set innominatus.server.path.`,
      "Open Settings",
      "Installation Guide",
    );
    if (choice === "Open Settings") {
      await vscode.commands.executeCommand("workbench.action.openSettings", "innominatus.server.path");
    } else if (choice === "Installation Guide") {
      // The packaged README carries the step-by-step installation; it works offline.
      const readme = vscode.Uri.joinPath(this.context.extensionUri, "README.md");
      await vscode.commands.executeCommand("markdown.showPreview", readme);
    }
  }

  /**
   * A YAML file outside the naming conventions whose content is an innominatus document joins
   * the selector (remembered per workspace); the client restarts once to pick it up. Other
   * tools' files never do, whatever they hold.
   */
  private detectByContent(document: vscode.TextDocument): void {
    if (document.languageId !== "yaml" || document.uri.scheme !== "file" || !readSettings().detectByContent) {
      return;
    }
    if (isExcluded(document.uri.fsPath)) {
      return;
    }
    if (!this.client || isOwned(document, this.selector) || !looksLikeInnominatus(document.getText())) {
      return;
    }
    const detected = this.context.workspaceState.get<string[]>(DETECTED_KEY, []);
    if (detected.includes(document.uri.fsPath)) {
      return;
    }
    this.log.appendLine(`checking ${document.uri.fsPath}: its content is an innominatus document`);
    void this.context.workspaceState.update(DETECTED_KEY, [...detected, document.uri.fsPath]).then(() => this.restart());
  }

  async dispose(): Promise<void> {
    this.subscriptions.forEach((subscription) => subscription.dispose());
    await this.lifecycle;
    await this.stop();
    this.status.dispose();
    this.log.dispose();
  }
}

let extension: Extension | undefined;

export function activate(context: vscode.ExtensionContext): void {
  extension = new Extension(context);
  extension.activate();
}

export function deactivate(): Promise<void> | undefined {
  return extension?.dispose();
}
