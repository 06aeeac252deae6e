// Wires the readiness tree into VS Code: the view, its commands, kubeconfig and cluster watches, live documents. Read-only towards the cluster.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import * as vscode from "vscode";
import type { KubeConfig } from "@kubernetes/client-node";
import { DEFAULT_CONFIG, parseConfig, type KubereadyConfig } from "../../../rules/config.js";
import type { ClusterAnalysis } from "../../../cluster/analyze.js";
import type { ReadinessArea } from "../../../cluster/areas.js";
import { isFatal } from "../../../cluster/errors.js";
import type { NamespaceFilter } from "../../../cluster/intake.js";
import { settingsFrom } from "../../../server/settings.js";
import { fixManifestFor } from "../../../cluster/fixManifests.js";
import { type KubeconfigLoad, listContexts, loadKubeconfig, useContext, watchKubeconfig } from "../../../cluster/kubeconfig.js";
import { LiveSnapshot } from "../../../cluster/liveSnapshot.js";
import { readinessReportMarkdown } from "../../../cluster/report.js";
import { type ClusterSnapshot, fetchSnapshot } from "../../../cluster/snapshot.js";
import { EDITOR_PAGE_SIZE, SnapshotAnalyzer } from "../../../cluster/snapshotAnalyzer.js";
import { buildReadinessTreeSliced, type ReadinessNode } from "../../../cluster/tree.js";
import { COMMANDS, ONLY_FAILING_CONTEXT_KEY, VIEW_ID } from "./ids.js";
import { LiveDocuments } from "./liveDocuments.js";
import { ReadinessTreeProvider } from "./readinessTreeProvider.js";
import { RenderQueue } from "./renderQueue.js";

function workspaceConfig(): KubereadyConfig {
  const folder = vscode.workspace.workspaceFolders?.[0];
  if (!folder || folder.uri.scheme !== "file") return DEFAULT_CONFIG;
  try {
    return parseConfig(readFileSync(join(folder.uri.fsPath, ".kubeready.yaml"), "utf8")).config;
  } catch {
    return DEFAULT_CONFIG;
  }
}

/** kubeready.cluster.includeNamespaces / excludeNamespaces, checked as the language server checks its settings. */
function namespaceSetting(): NamespaceFilter {
  const configuration = vscode.workspace.getConfiguration("kubeready");
  const settings = settingsFrom((key) => configuration.get(key));
  return { include: settings.cluster.includeNamespaces, exclude: settings.cluster.excludeNamespaces };
}

export { COMMANDS, VIEW_ID };

/** What other commands share with the tree: its context (the kubeconfig's current one, or the one switched to). */
export interface ReadinessTreeHandle {
  currentKubeConfig(): KubeConfig | undefined;
  kubeconfigProblem(): string | undefined;
}

export function registerReadinessTree(context: vscode.ExtensionContext, output: vscode.LogOutputChannel): ReadinessTreeHandle {
  const provider = new ReadinessTreeProvider();
  const liveDocuments = new LiveDocuments();
  const view = vscode.window.createTreeView(VIEW_ID, { treeDataProvider: provider, showCollapseAll: true });
  let kubeconfig: KubeconfigLoad = loadKubeconfig();
  let contextOverride: string | undefined;
  let onlyFailing = false;
  let inFlight: AbortController | undefined;
  let live: LiveSnapshot | undefined;
  let lastSnapshot: ClusterSnapshot | undefined;
  /** The newest analysis: the report and the "failing only" filter reuse it instead of analysing again. */
  let lastAnalysis: ClusterAnalysis | undefined;
  let refreshTimer: NodeJS.Timeout | undefined;
  // The analysis runs on a worker thread (dist/cluster-worker.js), so a big cluster never blocks the extension host.
  const analyzer = new SnapshotAnalyzer();
  /** Bumped by every analysis and every tree build: one that finds its number changed after an await was superseded. */
  let analysisGeneration = 0;
  let showGeneration = 0;
  let workerErrorShown = false;

  const currentKubeConfig = () => {
    if (!kubeconfig.ok) return undefined;
    return contextOverride ? useContext(kubeconfig.kc, contextOverride) ?? kubeconfig.kc : kubeconfig.kc;
  };

  /** Shows the newest analysis: its tree is built in slices, so the event loop keeps turning. */
  const show = async () => {
    const analysis = lastAnalysis;
    if (!analysis) return;
    const generation = ++showGeneration;
    const tree = await buildReadinessTreeSliced(analysis, { onlyFailing });
    if (generation !== showGeneration) return;
    liveDocuments.update(analysis);
    provider.setTree(tree);
    view.message = onlyFailing ? "Showing failing items only" : undefined;
  };

  /** Analyses a snapshot and shows it, unless a refresh started meanwhile (see renderSoon). */
  const render = async (snapshot: ClusterSnapshot) => {
    lastSnapshot = snapshot;
    const generation = ++analysisGeneration;
    const started = performance.now();
    const analysis = await analyzer.analyze(snapshot, workspaceConfig());
    if (!analysis || generation !== analysisGeneration) return;
    if (analyzer.workerError && !workerErrorShown) {
      workerErrorShown = true;
      output.warn(`cluster analysis runs in the extension host, in slices: its worker thread failed (${analyzer.workerError})`);
    }
    const t = analyzer.lastPlace === "worker" ? analyzer.lastWorkerTimings : undefined;
    const where = t ? `on a worker thread (objects posted in ${t.toWorkerMs.toFixed(0)} ms, then ${t.onWorkerMs.toFixed(0)} ms there, findings read in ${t.fromWorkerMs.toFixed(0)} ms)` : "in this thread, in slices";
    output.debug(`cluster ${snapshot.context}: ${snapshot.objects.length} objects analysed ${where} in ${(performance.now() - started).toFixed(0)} ms`);
    lastAnalysis = analysis;
    await show();
  };

  const renders = new RenderQueue(render, (e) => output.error(`cluster analysis failed: ${e instanceof Error ? e.message : String(e)}`));

  /**
   * Analyses a snapshot once the render in flight is done. A refresh cancels that render (its snapshot is stale, or
   * of another context); a watch's change does not: on a cluster that keeps changing, cancelling every analysis for
   * the next would never show one, so the tree follows a second or two behind instead.
   */
  const renderSoon = (snapshot: ClusterSnapshot, cancelInFlight: boolean) => {
    if (cancelInFlight) analyzer.cancel();
    renders.push(snapshot);
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
    // An analysis or tree build of the previous read must not show up while (or after) this one reads.
    renders.clear();
    analyzer.cancel();
    analysisGeneration++;
    showGeneration++;
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
    // The worker loads the rules while the cluster is read.
    analyzer.warmUp();
    const namespaces = namespaceSetting();
    const snapshot = await fetchSnapshot(kc, { timeoutMs: 20_000, signal: controller.signal, namespaces, pageSize: EDITOR_PAGE_SIZE });
    if (controller.signal.aborted) return;
    for (const e of snapshot.errors) output.warn(`cluster ${snapshot.context}: ${e.kind ? `${e.kind}${e.namespace ? ` in ${e.namespace}` : ""}: ` : ""}${e.message}`);
    renderSoon(snapshot, true);
    // Watches keep the tree current only while someone can see it.
    if (view.visible && snapshot.errors.every((e) => e.code === "forbidden" && !isFatal(e))) {
      live = new LiveSnapshot(kc, snapshot, { namespaces, onChange: (s) => renderSoon(s, false), onWatchError: (e) => output.debug(`watch ${e.kind ?? ""}: ${e.message}`) });
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
    // The filter changes the tree, not the findings: the last analysis is shown again (an analysis in flight shows
    // itself with the new filter when it ends).
    show().catch((e: unknown) => output.error(`cluster tree failed: ${e instanceof Error ? e.message : String(e)}`));
  };

  context.subscriptions.push(
    provider,
    liveDocuments,
    view,
    { dispose: () => kubeconfigWatcher.close() },
    { dispose: () => void stopWatching() },
    { dispose: () => inFlight?.abort() },
    { dispose: () => analyzer.dispose() },
    view.onDidChangeVisibility((e) => {
      if (e.visible && !live) scheduleRefresh(0);
      if (!e.visible) void stopWatching();
    }),
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (e.affectsConfiguration("kubeready.cluster")) scheduleRefresh();
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
      // The report covers everything the last analysis found, whatever the view filters: no second analysis.
      const full = lastAnalysis ? await buildReadinessTreeSliced(lastAnalysis) : tree;
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
  return { currentKubeConfig, kubeconfigProblem: () => (kubeconfig.ok ? undefined : kubeconfig.error.message) };
}
