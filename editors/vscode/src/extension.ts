// Entry point: starts `innominatus lsp` for the platform's YAML files and registers the commands.
import * as fs from "node:fs";
import * as vscode from "vscode";
import { DidChangeConfigurationNotification, LanguageClient, LanguageClientOptions, ServerOptions, State } from "vscode-languageclient/node";
import { resolveBinary } from "./binary";
import { registerDebugger } from "./debug";
import { dryRunWorkflow } from "./dryRun";
import { documentSelector, isExcluded, isOwned, looksLikeInnominatus } from "./files";
import { GraphView } from "./graph";
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
  private readonly graph = new GraphView(
    () => this.client,
    () => this.binary,
    this.log,
  );
  /** Serialises start/stop so that quick restarts never race each other. */
  private lifecycle: Promise<void> = Promise.resolve();

  constructor(private readonly context: vscode.ExtensionContext) {}

  activate(): void {
    const command = (name: string, run: (...args: unknown[]) => unknown) => this.subscriptions.push(vscode.commands.registerCommand(name, run));
    // The server's code lenses call these two with the document URI as argument.
    command("innominatus.dryRun", (uri) => dryRunWorkflow(this.client, this.binary, this.log, uri));
    command("innominatus.showGraph", (uri) => this.graph.show(uri));
    command("innominatus.restartServer", () => this.restart());
    command("innominatus.showServerLog", () => this.log.show(true));
    // The debugger runs `<binary> dap` with the binary the language server uses.
    this.subscriptions.push(...registerDebugger(() => this.locateBinary(readSettings().serverPath), this.log));

    this.subscriptions.push(
      vscode.workspace.onDidChangeConfiguration((event) => {
        if (RESTART_SETTINGS.some((setting) => event.affectsConfiguration(setting))) {
          void this.restart();
        } else if (event.affectsConfiguration("innominatus")) {
          void this.notifyConfigurationChanged();
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
    this.binary = this.locateBinary(settings.serverPath);
    if (!this.binary) {
      const missing = this.missingBinaryMessage(settings.serverPath);
      this.status.set("missing", missing);
      this.log.appendLine(missing);
      void this.reportMissingBinary(missing);
      return;
    }
    this.log.appendLine(`starting ${this.binary} lsp`);

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
      // The server pulls the `innominatus` section with workspace/configuration; it is told
      // of changes by notifyConfigurationChanged, not by the client's own synchronisation,
      // which also fires while a changed server path restarts the client and then fails.
      synchronize: {
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

  /** The one lookup of the binary, for the language server, the commands and the debugger. */
  private locateBinary(serverPath: string): string | undefined {
    const root = vscode.workspace.workspaceFolders?.[0]?.uri.fsPath;
    return resolveBinary(serverPath, root, this.context.extensionPath);
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

  /** Tells a running server that settings it reads changed; it pulls them again. */
  private async notifyConfigurationChanged(): Promise<void> {
    await this.lifecycle;
    const client = this.client;
    if (!client?.isRunning()) {
      return; // a server started later reads the new settings when it starts
    }
    try {
      await client.sendNotification(DidChangeConfigurationNotification.type, { settings: null });
    } catch (error) {
      this.log.appendLine(`the server was not told of the new settings: ${error instanceof Error ? error.message : String(error)}`);
    }
  }

  private missingBinaryMessage(configured: string): string {
    const ways =
      "Install the platform-specific extension package (it carries the binary), the Python wheel (`pip install` it), " +
      "the release archive, or run `cargo install --path .` in a clone of innominatus-tools; or set innominatus.server.path.";
    return configured.trim()
      ? `innominatus: innominatus.server.path is '${configured}', which is not an executable file or command on PATH. ${ways}`
      : `innominatus: no language server binary: this extension package carries none and \`innominatus\` is not on PATH. ${ways}`;
  }

  private async reportMissingBinary(message: string): Promise<void> {
    const choice = await vscode.window.showErrorMessage(message, "Open Settings", "Installation Guide");
    if (choice === "Open Settings") {
      // The setting is machine-overridable: the User tab of a remote window (code-server,
      // SSH) does not list it, the Workspace tab always does.
      const query = "@id:innominatus.server.path";
      const command = vscode.workspace.workspaceFolders?.length ? "workbench.action.openWorkspaceSettings" : "workbench.action.openSettings";
      await vscode.commands.executeCommand(command, { query });
    } else if (choice === "Installation Guide") {
      // The packaged README carries the installation steps, offline. vsce stores it as
      // readme.md, so its name is matched without regard to case.
      const name = fs.readdirSync(this.context.extensionPath).find((file) => file.toLowerCase() === "readme.md");
      if (name) {
        await vscode.commands.executeCommand("markdown.showPreview", vscode.Uri.joinPath(this.context.extensionUri, name));
      }
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
    this.graph.dispose();
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
