// The VS Code extension: starts the kubeready language server, shows the file's finding count in the status bar.
import * as path from "node:path";
import * as vscode from "vscode";
import { LanguageClient, TransportKind, type LanguageClientOptions, type ServerOptions } from "vscode-languageclient/node";
import { activateClusterView } from "./clusterView.js";

let client: LanguageClient | undefined;

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  const output = vscode.window.createOutputChannel("kubeready", { log: true });
  context.subscriptions.push(output);
  const serverModule = context.asAbsolutePath(path.join("dist", "server.js"));
  const serverOptions: ServerOptions = {
    run: { module: serverModule, transport: TransportKind.ipc },
    debug: { module: serverModule, transport: TransportKind.ipc, options: { execArgv: ["--nolazy", "--inspect=6010"] } },
  };
  const watchers = [
    vscode.workspace.createFileSystemWatcher("**/*.{yaml,yml}"),
    vscode.workspace.createFileSystemWatcher("**/Kustomization"),
  ];
  context.subscriptions.push(...watchers);
  const clientOptions: LanguageClientOptions = {
    documentSelector: [{ language: "yaml" }],
    outputChannel: output,
    synchronize: { fileEvents: watchers, configurationSection: undefined },
    initializationOptions: { redHatYaml: vscode.extensions.getExtension("redhat.vscode-yaml") !== undefined },
    diagnosticPullOptions: { onChange: true, onSave: true, onTabs: false },
  };
  client = new LanguageClient("kubeready", "kubeready", serverOptions, clientOptions);
  context.subscriptions.push(registerStatusBar(context));
  context.subscriptions.push(vscode.commands.registerCommand("kubeready.showOutput", () => output.show()));
  context.subscriptions.push(vscode.commands.registerCommand("kubeready.restartServer", async () => { await client?.restart(); }));
  try {
    await client.start();
    // What the server rendered (charts and overlays, with tool, version and time) goes into the status bar's tooltip.
    client.onNotification("kubeready/renderStatus", (p: { lines?: string[] }) => {
      renderStatus = Array.isArray(p?.lines) ? p.lines : [];
      refreshStatusBar();
    });
  } catch (e) {
    output.error(`kubeready: the language server did not start: ${(e as Error).message}`);
    void vscode.window.showErrorMessage("kubeready: the language server did not start. See the kubeready output for details.", "Show output")
      .then((choice) => { if (choice) output.show(); });
  }
  try {
    activateClusterView(context, output);
  } catch (e) {
    output.error(`kubeready: the cluster view could not start: ${(e as Error).message}`);
  }
}

export async function deactivate(): Promise<void> {
  await client?.stop();
}

/** The last render status lines from the server, and a way to show them. */
let renderStatus: string[] = [];
let refreshStatusBar: () => void = () => undefined;

/** A status bar entry with the active file's kubeready findings; clicking it opens the Problems view. */
function registerStatusBar(context: vscode.ExtensionContext): vscode.Disposable {
  const item = vscode.window.createStatusBarItem("kubeready.findings", vscode.StatusBarAlignment.Right, 100);
  item.name = "kubeready findings";
  item.command = "workbench.actions.view.problems";
  const update = () => {
    const editor = vscode.window.activeTextEditor;
    if (!editor || editor.document.languageId !== "yaml") { item.hide(); return; }
    const diags = vscode.languages.getDiagnostics(editor.document.uri).filter((d) => d.source === "kubeready");
    const errors = diags.filter((d) => d.severity === vscode.DiagnosticSeverity.Error).length;
    const warnings = diags.filter((d) => d.severity === vscode.DiagnosticSeverity.Warning).length;
    const infos = diags.length - errors - warnings;
    item.text = diags.length === 0 ? "$(pass) kubeready" : `$(shield) kubeready ${errors ? `$(error) ${errors} ` : ""}${warnings ? `$(warning) ${warnings} ` : ""}${infos ? `$(info) ${infos}` : ""}`.trim();
    item.tooltip = (diags.length === 0 ? "kubeready: no findings in this file" : `kubeready: ${diags.length} finding(s) in this file — click to open the Problems view`)
      + (renderStatus.length ? `\n\nRendered:\n${renderStatus.join("\n")}` : "");
    item.show();
  };
  const subs = [
    item,
    vscode.window.onDidChangeActiveTextEditor(update),
    vscode.languages.onDidChangeDiagnostics((e) => {
      const active = vscode.window.activeTextEditor?.document.uri.toString();
      if (active && e.uris.some((u) => u.toString() === active)) update();
    }),
  ];
  refreshStatusBar = update;
  update();
  void context;
  return vscode.Disposable.from(...subs);
}
