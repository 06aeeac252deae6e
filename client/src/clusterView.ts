// Registers the live cluster readiness tree (client/src/tree/) with the extension.
import type * as vscode from "vscode";
import { registerReadinessTree } from "./tree/register.js";

export function activateClusterView(context: vscode.ExtensionContext, output: vscode.LogOutputChannel): void {
  registerReadinessTree(context, output);
}
