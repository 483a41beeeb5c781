// The extension's settings, read in one place. The language server receives its part (the
// flat `innominatus` section: dialect, select, extendSelect, ignore, severity) as
// initializationOptions and through workspace/configuration.
import * as vscode from "vscode";

export interface ServerSettings {
  /** Absent means "auto": the config file's dialect, else the server's choice. */
  dialect?: "score" | "innominatus";
  select: string[];
  extendSelect: string[];
  ignore: string[];
  severity: Record<string, string>;
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
    serverPath: config.get<string>("server.path", ""),
    logLevel: config.get<string>("server.logLevel", "info"),
    includePatterns: config.get<string[]>("files.include", []),
    detectByContent: config.get<boolean>("files.detectByContent", true),
    server: serverSettings(config),
  };
}

export function serverSettings(config: vscode.WorkspaceConfiguration = vscode.workspace.getConfiguration("innominatus")): ServerSettings {
  const dialect = config.get<string>("dialect", "auto");
  return {
    dialect: dialect === "score" || dialect === "innominatus" ? dialect : undefined,
    select: config.get<string[]>("select", []),
    extendSelect: config.get<string[]>("extendSelect", []),
    ignore: config.get<string[]>("ignore", []),
    severity: config.get<Record<string, string>>("severity", {}),
  };
}

/** Settings whose change needs a new server process (the rest reach it as configuration). */
export const RESTART_SETTINGS = ["innominatus.server.path", "innominatus.server.logLevel", "innominatus.files.include", "innominatus.files.detectByContent"];
