// The cluster access module's public surface: kubeconfig, snapshots, watches (vscode-free; used by the CLI and the extension).
export type { ClusterError, ClusterErrorCode } from "./errors.js";
export { type ClusterKind, findKind, listPath, readinessKinds } from "./kinds.js";
export { type KubeconfigContextInfo, type KubeconfigLoad, type KubeconfigWatcher, kubeconfigPaths, listContexts, loadKubeconfig, useContext, watchKubeconfig } from "./kubeconfig.js";
export { type ClusterSnapshot, fetchSnapshot, type LiveObject, type SnapshotOptions } from "./snapshot.js";
export { backoffDelay, type KindWatch, watchKind, type WatchKindOptions } from "./watch.js";
