// One status bar item telling whether the language server runs; clicking it opens the log.
import * as vscode from "vscode";

export type ServerState = "starting" | "running" | "stopped" | "missing" | "failed";

const LOOK: Record<ServerState, { text: string; tooltip: string }> = {
  starting: { text: "$(sync~spin) innominatus", tooltip: "innominatus language server is starting" },
  running: { text: "$(check) innominatus", tooltip: "innominatus language server is running: click for its log" },
  stopped: { text: "$(circle-slash) innominatus", tooltip: "innominatus language server is stopped" },
  missing: { text: "$(error) innominatus: binary not found", tooltip: "Set innominatus.server.path to the innominatus binary" },
  failed: { text: "$(error) innominatus", tooltip: "innominatus language server failed: click for its log" },
};

export class StatusBar implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem("innominatus.status", vscode.StatusBarAlignment.Right, 100);

  constructor() {
    this.item.name = "innominatus";
    this.item.command = "innominatus.showServerLog";
    this.set("starting");
    this.item.show();
  }

  set(state: ServerState, detail?: string): void {
    const look = LOOK[state];
    this.item.text = look.text;
    this.item.tooltip = detail ? `${look.tooltip}\n${detail}` : look.tooltip;
    this.item.backgroundColor = state === "missing" || state === "failed" ? new vscode.ThemeColor("statusBarItem.errorBackground") : undefined;
  }

  dispose(): void {
    this.item.dispose();
  }
}
