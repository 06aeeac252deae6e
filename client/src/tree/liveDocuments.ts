// Live objects as read-only YAML documents (scheme kubeready-live), with their findings shown as diagnostics.
import * as vscode from "vscode";
import { type ClusterAnalysis, LIVE_SCHEME, type LiveDocument } from "../../../cluster/analyze.js";

const SEVERITY: Record<string, vscode.DiagnosticSeverity> = {
  error: vscode.DiagnosticSeverity.Error,
  warning: vscode.DiagnosticSeverity.Warning,
  info: vscode.DiagnosticSeverity.Information,
};

export class LiveDocuments implements vscode.TextDocumentContentProvider, vscode.Disposable {
  private analysis: ClusterAnalysis | undefined;
  /** Documents by URI; a document writes its YAML only when opened (see LazyLiveDocument). */
  private documents = new Map<string, LiveDocument>();
  private readonly changed = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChange = this.changed.event;
  private readonly diagnostics = vscode.languages.createDiagnosticCollection("kubeready-live");
  private readonly subscriptions: vscode.Disposable[] = [];

  constructor() {
    this.subscriptions.push(
      vscode.workspace.registerTextDocumentContentProvider(LIVE_SCHEME, this),
      vscode.workspace.onDidOpenTextDocument((d) => this.showDiagnostics(d.uri)),
      vscode.workspace.onDidCloseTextDocument((d) => this.diagnostics.delete(d.uri)),
    );
  }

  /** Replaces the served texts; open live documents refresh and their diagnostics follow the new analysis. */
  update(analysis: ClusterAnalysis): void {
    this.analysis = analysis;
    this.documents = new Map(analysis.documents.map((d) => [d.uri, d]));
    for (const doc of vscode.workspace.textDocuments) {
      if (doc.uri.scheme !== LIVE_SCHEME) continue;
      this.changed.fire(doc.uri);
      this.showDiagnostics(doc.uri);
    }
  }

  provideTextDocumentContent(uri: vscode.Uri): string {
    return this.documents.get(uri.toString())?.text ?? "# This object is not in the last snapshot of the cluster (deleted, or a different context).\n";
  }

  private showDiagnostics(uri: vscode.Uri): void {
    if (uri.scheme !== LIVE_SCHEME || !this.analysis) return;
    const key = uri.toString();
    const found = this.analysis.findings.filter((f) => f.uri === key).map((f) => {
      const range = new vscode.Range(f.range.start.line, f.range.start.character, f.range.end.line, f.range.end.character);
      const d = new vscode.Diagnostic(range, f.message, SEVERITY[f.severity] ?? vscode.DiagnosticSeverity.Warning);
      d.source = "kubeready";
      d.code = f.rule;
      return d;
    });
    this.diagnostics.set(uri, found);
  }

  async open(uri: string, line = 0, column = 0): Promise<void> {
    const doc = await vscode.workspace.openTextDocument(vscode.Uri.parse(uri));
    await vscode.languages.setTextDocumentLanguage(doc, "yaml");
    const position = new vscode.Position(line, column);
    await vscode.window.showTextDocument(doc, { preview: true, selection: new vscode.Range(position, position) });
    this.showDiagnostics(doc.uri);
  }

  dispose(): void {
    this.diagnostics.dispose();
    this.changed.dispose();
    this.subscriptions.forEach((s) => s.dispose());
  }
}
