// The editor command "Validate Against Cluster": the open YAML file's objects sent to the readiness tree's context as
// server-side dry runs (cluster/validate.ts), the cluster's answers shown as diagnostics of their own. Runs only when
// asked, after a confirmation naming the context; the readiness tree itself never writes.
import * as vscode from "vscode";
import type { KubeConfig } from "@kubernetes/client-node";
import { killCredentialPlugins } from "../../cluster/credentials.js";
import { DRY_RUN_RULES, validateAgainstCluster } from "../../cluster/validate.js";
import { VALIDATE_COMMAND } from "./tree/ids.js";

/** The diagnostics' source: not the language server's findings, but what a cluster answered at one moment. */
export const DRY_RUN_SOURCE = "kubeready (cluster dry run)";

const SEVERITY = { error: vscode.DiagnosticSeverity.Error, warning: vscode.DiagnosticSeverity.Warning, info: vscode.DiagnosticSeverity.Information } as const;

export function registerValidateCommand(
  context: vscode.ExtensionContext,
  output: vscode.LogOutputChannel,
  currentKubeConfig: () => KubeConfig | undefined,
  kubeconfigProblem: () => string | undefined,
): vscode.Disposable {
  const diagnostics = vscode.languages.createDiagnosticCollection("kubeready-dry-run");
  const confirmedKey = (ctx: string) => `kubeready.validate.confirmed:${ctx}`;

  const validate = async () => {
    const editor = vscode.window.activeTextEditor;
    if (!editor || !/^(yaml|helm)$/.test(editor.document.languageId)) {
      void vscode.window.showInformationMessage("kubeready: open a YAML file to validate it against the cluster.");
      return;
    }
    const kc = currentKubeConfig();
    if (!kc) {
      void vscode.window.showErrorMessage(`kubeready: ${kubeconfigProblem() ?? "no kubeconfig"}`);
      return;
    }
    const ctx = kc.getCurrentContext();
    const server = kc.getCurrentCluster()?.server ?? "?";
    if (!context.globalState.get<boolean>(confirmedKey(ctx))) {
      const once = "Validate";
      const always = "Validate, and don't ask again for this context";
      const choice = await vscode.window.showWarningMessage(
        `Send the objects of ${vscode.workspace.asRelativePath(editor.document.uri)} to "${ctx}" (${server}) as server-side dry runs?`,
        {
          modal: true,
          detail: "Each object is sent with dryRun=All: the API server validates it and runs admission (Pod Security, quotas, webhooks) but stores nothing. "
            + "This needs create permission (patch for objects that exist) in the objects' namespaces; where it is missing the object is reported as not validated. "
            + "The Cluster Readiness view never writes; only this command sends dry runs.",
        },
        once, always,
      );
      if (!choice) return;
      if (choice === always) await context.globalState.update(confirmedKey(ctx), true);
    }
    const document = editor.document;
    const version = document.version;
    const result = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: `kubeready: dry run against ${ctx}…`, cancellable: true },
      async (_progress, token) => {
        const abort = new AbortController();
        const sub = token.onCancellationRequested(() => { abort.abort(); killCredentialPlugins(); });
        try {
          return await validateAgainstCluster(kc, [{ uri: document.uri.toString(), text: document.getText() }], { timeoutMs: 60_000, signal: abort.signal });
        } finally {
          sub.dispose();
        }
      },
    );
    // Edited meanwhile: the answers are about text that is gone.
    if (document.version !== version) {
      void vscode.window.showInformationMessage("kubeready: the file changed during the dry run; run Validate Against Cluster again.");
      return;
    }
    const findings = result.fatal ? result.findings.filter((f) => !f.message.includes(result.fatal!.message)) : result.findings;
    diagnostics.set(document.uri, findings.map((f) => {
      const d = new vscode.Diagnostic(new vscode.Range(f.range.start.line, f.range.start.character, f.range.end.line, f.range.end.character), f.message, SEVERITY[f.severity]);
      d.source = DRY_RUN_SOURCE;
      d.code = f.rule;
      return d;
    }));
    const s = result.summary;
    output.info(`dry run against ${s.context} (${s.server}): ${s.sent} sent, ${s.accepted} accepted, ${s.rejected} rejected, ${s.notValidated} not validated${result.fatal ? `; ${result.fatal.message}` : ""}`);
    if (result.fatal) {
      void vscode.window.showErrorMessage(`kubeready: dry run against ${s.context}: ${result.fatal.message}`);
      return;
    }
    const rejected = findings.filter((f) => f.rule === DRY_RUN_RULES.rejected || f.rule === DRY_RUN_RULES.invalid).length;
    void vscode.window.showInformationMessage(`kubeready: ${s.context} ${rejected ? `rejects ${s.rejected} of ${s.sent} objects` : `accepts ${s.accepted} of ${s.sent} objects`}${s.notValidated ? ` (${s.notValidated} not validated)` : ""}; see the Problems view (source: ${DRY_RUN_SOURCE}).`);
  };

  return vscode.Disposable.from(
    diagnostics,
    vscode.commands.registerCommand(VALIDATE_COMMAND, () => validate().catch((e: unknown) => {
      output.error(`dry run failed: ${e instanceof Error ? e.message : String(e)}`);
      void vscode.window.showErrorMessage(`kubeready: the dry run failed: ${e instanceof Error ? e.message : String(e)}`);
    })),
    // The answers were about the text as it was: an edit or closing the file drops them.
    vscode.workspace.onDidChangeTextDocument((e) => {
      if (e.contentChanges.length > 0 && diagnostics.has(e.document.uri)) diagnostics.delete(e.document.uri);
    }),
    vscode.workspace.onDidCloseTextDocument((d) => diagnostics.delete(d.uri)),
  );
}
