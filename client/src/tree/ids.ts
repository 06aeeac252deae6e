// Ids of the readiness view and its commands, shared by the registration code and the package.json contributions (no vscode import).

export const VIEW_ID = "kubeready.clusterReadiness";

export const COMMANDS = {
  refresh: "kubeready.cluster.refresh",
  switchContext: "kubeready.cluster.switchContext",
  showFailingOnly: "kubeready.cluster.showFailingOnly",
  showAll: "kubeready.cluster.showAll",
  exportReport: "kubeready.cluster.exportReport",
  openLiveObject: "kubeready.cluster.openLiveObject",
  writeFixManifest: "kubeready.cluster.writeFixManifest",
} as const;

/** "Validate Against Cluster" (client/src/validate.ts): server-side dry runs of the open file, the only command that writes (dryRun=All). */
export const VALIDATE_COMMAND = "kubeready.validateAgainstCluster";

/** The `when`-clause context key set while the view shows failing items only. */
export const ONLY_FAILING_CONTEXT_KEY = "kubeready.cluster.onlyFailing";
