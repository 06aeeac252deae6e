// Bench step: a cluster of 500 namespaces and 10,000 pods behind the stand-in — API requests made and time to a full tree.
import { benchClusterTree } from "../test/standin/bench.js";
import { emit, fmtSpread, spread, type StepResult } from "./stats.js";

async function main(): Promise<void> {
  const rounds = Number(process.env.BENCH_CLUSTER_ROUNDS ?? 2);
  const runs = [];
  for (let i = 0; i < rounds; i++) runs.push(await benchClusterTree({ namespaces: 500, podsPerNamespace: 20 }, 500));
  const last = runs[runs.length - 1];
  const result: StepResult = {
    step: "cluster",
    goals: [],
    lines: [
      `${last.namespaces} namespaces, ${last.pods} pods, ${last.objects} objects in all, list page size ${last.pageSize}`,
      `API requests per full tree: ${last.requests} (one cluster-wide paginated list per kind; no per-namespace requests)`,
      `fetch (all lists, all pages): ${fmtSpread(spread(runs.map((r) => r.fetchMs)), "ms", 0)}`,
      `analysis (same engine as files, cluster as the index): ${fmtSpread(spread(runs.map((r) => r.analyzeMs)), "ms", 0)}`,
      `tree model: ${fmtSpread(spread(runs.map((r) => r.treeMs)), "ms", 0)}`,
      `time to a full tree: ${fmtSpread(spread(runs.map((r) => r.totalMs)), "ms", 0)} over ${rounds} runs; ${last.findings} findings, ${last.errors} read errors`,
    ],
    data: runs,
  };
  emit(result);
}

main().then(() => process.exit(0), (e) => { console.error(e); process.exit(1); });
