// The extension's settings, read in one place. The language server receives the same
// `innominatus` section as initializationOptions and through workspace/configuration.
import * as vscode from "vscode";

export interface ServerSettings {
  dialect: "auto" | "score" | "innominatus";
  lint: {
    select: string[];
    ignore: string[];
    severity: Record<string, string>;
  };
}

export interface ExtensionSettings {
  serverPath: string;
  logLevel: string;
  includePatterns: string[];
  detectByContent: boolean;
  server: ServerSettings;
}

export function readSettings(): ExtensionSettings {
  const config = vscode.workspace.getConfiguration("innominatus");
  return {
    serverPath: config.get<string>("server.path", "innominatus"),
    logLevel: config.get<string>("server.logLevel", "info"),
    includePatterns: config.get<string[]>("files.include", []),
    detectByContent: config.get<boolean>("files.detectByContent", true),
    server: serverSettings(config),
  };
}

export function serverSettings(config: vscode.WorkspaceConfiguration = vscode.workspace.getConfiguration("innominatus")): ServerSettings {
  return {
    dialect: config.get<ServerSettings["dialect"]>("dialect", "auto"),
    lint: {
      select: config.get<string[]>("lint.select", []),
      ignore: config.get<string[]>("lint.ignore", []),
      severity: config.get<Record<string, string>>("lint.severity", {}),
    },
  };
}

/** Settings whose change needs a new server process (the rest reach it as configuration). */
export const RESTART_SETTINGS = ["innominatus.server.path", "innominatus.server.logLevel", "innominatus.files.include", "innominatus.files.detectByContent"];
