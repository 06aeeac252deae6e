// Registers the live cluster readiness tree (client/src/tree/) and "Validate Against Cluster" with the extension.
import type * as vscode from "vscode";
import { registerReadinessTree } from "./tree/register.js";
import { registerValidateCommand } from "./validate.js";

export function activateClusterView(context: vscode.ExtensionContext, output: vscode.LogOutputChannel): void {
  const tree = registerReadinessTree(context, output);
  // "Validate Against Cluster" uses the tree's context; it is the only command that sends anything but reads.
  context.subscriptions.push(registerValidateCommand(context, output, tree.currentKubeConfig, tree.kubeconfigProblem));
}
