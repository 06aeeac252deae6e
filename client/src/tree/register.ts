// Wires the readiness tree into VS Code: the view, its commands, kubeconfig and cluster watches, live documents. Read-only towards the cluster.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import * as vscode from "vscode";
import { DEFAULT_CONFIG, parseConfig, type KubereadyConfig } from "../../../rules/config.js";
import { analyzeSnapshot } from "../../../cluster/analyze.js";
import type { ReadinessArea } from "../../../cluster/areas.js";
import { isFatal } from "../../../cluster/errors.js";
import { fixManifestFor } from "../../../cluster/fixManifests.js";
import { type KubeconfigLoad, listContexts, loadKubeconfig, useContext, watchKubeconfig } from "../../../cluster/kubeconfig.js";
import { LiveSnapshot } from "../../../cluster/liveSnapshot.js";
import { readinessReportMarkdown } from "../../../cluster/report.js";
import { type ClusterSnapshot, fetchSnapshot } from "../../../cluster/snapshot.js";
import { buildReadinessTree, type ReadinessNode } from "../../../cluster/tree.js";
import { COMMANDS, ONLY_FAILING_CONTEXT_KEY, VIEW_ID } from "./ids.js";
import { LiveDocuments } from "./liveDocuments.js";
import { ReadinessTreeProvider } from "./readinessTreeProvider.js";

function workspaceConfig(): KubereadyConfig {
  const folder = vscode.workspace.workspaceFolders?.[0];
  if (!folder || folder.uri.scheme !== "file") return DEFAULT_CONFIG;
  try {
    return parseConfig(readFileSync(join(folder.uri.fsPath, ".kubeready.yaml"), "utf8")).config;
  } catch {
    return DEFAULT_CONFIG;
  }
}

export { COMMANDS, VIEW_ID };

export function registerReadinessTree(context: vscode.ExtensionContext, output: vscode.LogOutputChannel): void {
  const provider = new ReadinessTreeProvider();
  const liveDocuments = new LiveDocuments();
  const view = vscode.window.createTreeView(VIEW_ID, { treeDataProvider: provider, showCollapseAll: true });
  let kubeconfig: KubeconfigLoad = loadKubeconfig();
  let contextOverride: string | undefined;
  let onlyFailing = false;
  let inFlight: AbortController | undefined;
  let live: LiveSnapshot | undefined;
  let lastSnapshot: ClusterSnapshot | undefined;
  let refreshTimer: NodeJS.Timeout | undefined;

  const currentKubeConfig = () => {
    if (!kubeconfig.ok) return undefined;
    return contextOverride ? useContext(kubeconfig.kc, contextOverride) ?? kubeconfig.kc : kubeconfig.kc;
  };

  const render = (snapshot: ClusterSnapshot) => {
    lastSnapshot = snapshot;
    const analysis = analyzeSnapshot(snapshot, workspaceConfig());
    liveDocuments.update(analysis);
    provider.setTree(buildReadinessTree(analysis, { onlyFailing }));
    view.message = onlyFailing ? "Showing failing items only" : undefined;
  };

  const stopWatching = async () => {
    const current = live;
    live = undefined;
    await current?.stop();
  };

  /** Reads the cluster again; a newer refresh cancels an older one, so a slow cluster never piles up requests. */
  const refresh = async () => {
    inFlight?.abort();
    const controller = (inFlight = new AbortController());
    await stopWatching();
    const kc = currentKubeConfig();
    if (!kc) {
      const error = kubeconfig.ok ? undefined : kubeconfig.error;
      provider.setTree({
        id: "no-kubeconfig", kind: "message", label: error?.message ?? "No kubeconfig", verdict: "error", findingCount: 0,
        contextValue: "kubeready.message.error", children: [], ...(error ? { error } : {}),
      });
      return;
    }
    provider.setLoading(`Reading ${kc.getCurrentContext()}…`);
    const snapshot = await fetchSnapshot(kc, { timeoutMs: 20_000, signal: controller.signal });
    if (controller.signal.aborted) return;
    for (const e of snapshot.errors) output.warn(`cluster ${snapshot.context}: ${e.kind ? `${e.kind}${e.namespace ? ` in ${e.namespace}` : ""}: ` : ""}${e.message}`);
    render(snapshot);
    // Watches keep the tree current only while someone can see it.
    if (view.visible && snapshot.errors.every((e) => e.code === "forbidden" && !isFatal(e))) {
      live = new LiveSnapshot(kc, snapshot, { onChange: render, onWatchError: (e) => output.debug(`watch ${e.kind ?? ""}: ${e.message}`) });
      live.start();
    }
  };

  const scheduleRefresh = (delayMs = 300) => {
    if (refreshTimer) clearTimeout(refreshTimer);
    refreshTimer = setTimeout(() => {
      refreshTimer = undefined;
      refresh().catch((e: unknown) => output.error(`cluster refresh failed: ${e instanceof Error ? e.message : String(e)}`));
    }, delayMs);
  };

  const kubeconfigWatcher = watchKubeconfig((load) => {
    kubeconfig = load;
    contextOverride = undefined;
    output.info("kubeconfig changed; reading the cluster again");
    scheduleRefresh();
  });

  const setOnlyFailing = (value: boolean) => {
    onlyFailing = value;
    void vscode.commands.executeCommand("setContext", ONLY_FAILING_CONTEXT_KEY, value);
    if (lastSnapshot) render(lastSnapshot);
  };

  context.subscriptions.push(
    provider,
    liveDocuments,
    view,
    { dispose: () => kubeconfigWatcher.close() },
    { dispose: () => void stopWatching() },
    { dispose: () => inFlight?.abort() },
    view.onDidChangeVisibility((e) => {
      if (e.visible && !live) scheduleRefresh(0);
      if (!e.visible) void stopWatching();
    }),
    vscode.commands.registerCommand(COMMANDS.refresh, () => scheduleRefresh(0)),
    vscode.commands.registerCommand(COMMANDS.showFailingOnly, () => setOnlyFailing(true)),
    vscode.commands.registerCommand(COMMANDS.showAll, () => setOnlyFailing(false)),
    vscode.commands.registerCommand(COMMANDS.switchContext, async () => {
      if (!kubeconfig.ok) {
        void vscode.window.showErrorMessage(`kubeready: ${kubeconfig.error.message}`);
        return;
      }
      const active = currentKubeConfig()?.getCurrentContext();
      const picked = await vscode.window.showQuickPick(
        listContexts(kubeconfig.kc).map((c) => ({ label: c.name, description: c.server, detail: c.namespace ? `namespace ${c.namespace}` : undefined, picked: c.name === active })),
        { placeHolder: "Kubeconfig context to review (the kubeconfig file is not changed)" },
      );
      if (!picked) return;
      contextOverride = picked.label;
      scheduleRefresh(0);
    }),
    vscode.commands.registerCommand(COMMANDS.openLiveObject, (uri: string, line?: number, column?: number) => liveDocuments.open(uri, line, column)),
    vscode.commands.registerCommand(COMMANDS.exportReport, async () => {
      const tree = provider.tree;
      if (!tree) return;
      const full = lastSnapshot ? buildReadinessTree(analyzeSnapshot(lastSnapshot, workspaceConfig())) : tree;
      const doc = await vscode.workspace.openTextDocument({ language: "markdown", content: readinessReportMarkdown(full, { generatedAt: new Date() }) });
      await vscode.window.showTextDocument(doc);
    }),
    vscode.commands.registerCommand(COMMANDS.writeFixManifest, async (node?: ReadinessNode) => {
      if (!node?.namespace || !lastSnapshot) return;
      const areas: ReadinessArea[] = node.area ? [node.area] : ["Network", "Availability"];
      const manifests = areas.map((a) => fixManifestFor(lastSnapshot!.objects, node.namespace!, a, lastSnapshot!.context)).filter((m) => m !== undefined);
      if (manifests.length === 0) {
        void vscode.window.showInformationMessage(`kubeready: nothing to write for ${node.namespace}${node.area ? ` (${node.area})` : ""}: no default-deny policy or disruption budget is missing.`);
        return;
      }
      // A new, unsaved editor: the user reviews it and commits it; kubeready never applies anything to the cluster.
      const doc = await vscode.workspace.openTextDocument({ language: "yaml", content: manifests.join("---\n") });
      await vscode.window.showTextDocument(doc);
    }),
  );
  if (view.visible) scheduleRefresh(0);
}
