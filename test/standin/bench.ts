// Measures the cluster path end to end on a large synthetic cluster behind the stand-in: requests made and time to a full tree.
import { analyzeSnapshot } from "../../cluster/analyze.js";
import { loadKubeconfig } from "../../cluster/kubeconfig.js";
import { fetchSnapshot } from "../../cluster/snapshot.js";
import { buildReadinessTree } from "../../cluster/tree.js";
import { generateLargeCluster, type LargeClusterShape } from "./fixtures.js";
import { startStandin } from "./server.js";

export interface ClusterTreeBenchResult {
  namespaces: number;
  pods: number;
  objects: number;
  /** Every request the stand-in saw, and per path (pages of one list share a path). */
  requests: number;
  requestsByPath: Record<string, number>;
  pageSize: number;
  fetchMs: number;
  analyzeMs: number;
  treeMs: number;
  /** Start of the snapshot to a built tree. */
  totalMs: number;
  findings: number;
  errors: number;
}

export async function benchClusterTree(shape: LargeClusterShape = { namespaces: 500, podsPerNamespace: 20 }, pageSize = 500): Promise<ClusterTreeBenchResult> {
  const objects = generateLargeCluster(shape);
  const standin = await startStandin({ objects });
  try {
    const load = loadKubeconfig({ path: standin.kubeconfigPath });
    if (!load.ok) throw new Error(load.error.message);
    const t0 = performance.now();
    const snapshot = await fetchSnapshot(load.kc, { pageSize, timeoutMs: 120_000 });
    const t1 = performance.now();
    const analysis = analyzeSnapshot(snapshot);
    const t2 = performance.now();
    const tree = buildReadinessTree(analysis);
    const t3 = performance.now();
    const requestsByPath: Record<string, number> = {};
    for (const r of standin.requests) requestsByPath[r.path] = (requestsByPath[r.path] ?? 0) + 1;
    return {
      namespaces: shape.namespaces,
      pods: objects.filter((o) => o.kind === "Pod").length,
      objects: snapshot.objects.length,
      requests: standin.requests.length,
      requestsByPath,
      pageSize,
      fetchMs: t1 - t0,
      analyzeMs: t2 - t1,
      treeMs: t3 - t2,
      totalMs: t3 - t0,
      findings: tree.findingCount,
      errors: snapshot.errors.length,
    };
  } finally {
    await standin.close();
  }
}

if (require.main === module) {
  benchClusterTree().then(
    (r) => console.log(JSON.stringify(r, null, 2)),
    (e) => {
      console.error(e);
      process.exitCode = 1;
    },
  );
}
