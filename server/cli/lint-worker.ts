// The worker side of a parallel `kubeready lint` (server/cli/pool.ts): parses its share of the files, posts their
// objects, waits for every other thread's objects, checks its share and posts the findings.
import type { KubereadyConfig } from "../../rules/config.js";
import { checkShare, findingsToWire, parseShare, toWire, type ShardFile, type WireFile } from "./shard.js";

export interface LintWorkerData { files: ShardFile[]; share: number[]; config: KubereadyConfig; fixes: boolean; includeTests: boolean }
export type ToWorker = { type: "objects"; files: WireFile[] };
export type FromWorker =
  | { type: "objects"; files: WireFile[]; hooks: [number, string[]][] }
  | { type: "findings"; byFile: [number, ReturnType<typeof findingsToWire>][] }
  | { type: "error"; message: string };

/** Runs when this module is a worker's entry (from dist/cli.js: `require(bundle).lintWorker()`, or from sources). */
export function lintWorker(): void {
  // Required here, not imported: dist/cli.js exports this function, and a top-level import made every CLI run (a
  // one-file lint included) load worker_threads and its internals (~3 ms CPU) for a pool that lint does not use.
  const { parentPort, workerData } = require("node:worker_threads") as typeof import("node:worker_threads");
  const port = parentPort;
  if (!port) return;
  const data = workerData as LintWorkerData;
  try {
    const own = parseShare(data.files, data.share, data.includeTests);
    port.postMessage({ type: "objects", files: toWire(own.parsed), hooks: own.hooks } satisfies FromWorker);
    port.once("message", (m: ToWorker) => {
      try {
        const found = checkShare(data.files, own.parsed, m.files, data.config);
        port.postMessage({ type: "findings", byFile: [...found].map(([k, f]) => [k, findingsToWire(f, data.fixes)]) } satisfies FromWorker);
      } catch (e) {
        port.postMessage({ type: "error", message: (e as Error).stack ?? String(e) } satisfies FromWorker);
      }
      port.close();
    });
  } catch (e) {
    port.postMessage({ type: "error", message: (e as Error).stack ?? String(e) } satisfies FromWorker);
    port.close();
  }
}
