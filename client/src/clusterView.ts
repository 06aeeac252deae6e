// Registers the live cluster readiness tree (client/src/tree/) when it is available.
import type * as vscode from "vscode";

export function activateClusterView(_context: vscode.ExtensionContext, _output: vscode.LogOutputChannel): void {
  // The readiness tree is wired here once client/src/tree/ lands (issue 6).
}
