// The VS Code TreeDataProvider over the pure readiness tree (cluster/tree.ts): icons by verdict, stable ids, lazy children.
import * as vscode from "vscode";
import type { ReadinessNode, Verdict } from "../../../cluster/tree.js";

const ICONS: Record<Verdict, vscode.ThemeIcon> = {
  error: new vscode.ThemeIcon("error", new vscode.ThemeColor("problemsErrorIcon.foreground")),
  warning: new vscode.ThemeIcon("warning", new vscode.ThemeColor("problemsWarningIcon.foreground")),
  info: new vscode.ThemeIcon("info", new vscode.ThemeColor("problemsInfoIcon.foreground")),
  ok: new vscode.ThemeIcon("pass", new vscode.ThemeColor("testing.iconPassed")),
};

export class ReadinessTreeProvider implements vscode.TreeDataProvider<ReadinessNode>, vscode.Disposable {
  private root: ReadinessNode | undefined;
  private loadingLabel: string | undefined;
  private parents: Map<string, ReadinessNode> | undefined;
  private readonly changed = new vscode.EventEmitter<ReadinessNode | undefined>();
  readonly onDidChangeTreeData = this.changed.event;

  /** Shows a single "loading" message node until the next setTree. */
  setLoading(label: string): void {
    this.loadingLabel = label;
    this.changed.fire(undefined);
  }

  setTree(root: ReadinessNode): void {
    this.root = root;
    this.loadingLabel = undefined;
    // Parents are looked up only to reveal a node: indexed on the first lookup, not for every one of 20,000 nodes per refresh.
    this.parents = undefined;
    this.changed.fire(undefined);
  }

  get tree(): ReadinessNode | undefined {
    return this.root;
  }

  getTreeItem(node: ReadinessNode): vscode.TreeItem {
    const collapsible = node.children.length === 0
      ? vscode.TreeItemCollapsibleState.None
      : node.kind === "context" || node.kind === "message"
        ? vscode.TreeItemCollapsibleState.Expanded
        : vscode.TreeItemCollapsibleState.Collapsed;
    const item = new vscode.TreeItem(node.label, collapsible);
    item.id = node.id;
    item.description = node.description;
    item.contextValue = node.contextValue;
    item.iconPath = node.kind === "message" && node.error?.code === "forbidden" ? new vscode.ThemeIcon("lock") : ICONS[node.verdict];
    if (node.tooltip) item.tooltip = node.tooltip;
    if (node.kind === "finding" && node.finding) {
      item.tooltip = new vscode.MarkdownString(`**${node.finding.severity}** · \`${node.finding.rule}\`\n\n${node.finding.message}\n\n[Rule documentation](${node.finding.docs})`);
    }
    if ((node.kind === "object" || node.kind === "finding") && node.uri) {
      const line = node.finding ? node.finding.line - 1 : 0;
      const column = node.finding ? node.finding.column - 1 : 0;
      item.command = {
        command: "kubeready.cluster.openLiveObject",
        title: "Open live object",
        arguments: [node.uri, line, column],
      };
    }
    return item;
  }

  getChildren(node?: ReadinessNode): ReadinessNode[] {
    if (node) return node.children;
    if (this.loadingLabel) {
      return [{ id: "loading", kind: "message", label: this.loadingLabel, verdict: "ok", findingCount: 0, contextValue: "kubeready.message.loading", children: [] }];
    }
    return this.root ? [this.root] : [];
  }

  getParent(node: ReadinessNode): ReadinessNode | undefined {
    if (!this.parents && this.root) {
      const parents = (this.parents = new Map<string, ReadinessNode>());
      const walk = (n: ReadinessNode) => n.children.forEach((c) => (parents.set(c.id, n), walk(c)));
      walk(this.root);
    }
    return this.parents?.get(node.id);
  }

  dispose(): void {
    this.changed.dispose();
  }
}
