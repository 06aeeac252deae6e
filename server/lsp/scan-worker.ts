// Worker thread of the workspace scan: reads and parses batches of files, posts back their objects' plain values.
import { readFileSync } from "node:fs";
import { parentPort } from "node:worker_threads";
import { lightEntriesOf, type LightEntry } from "../../rules/model/light.js";
import { isChartTemplatePath } from "../chartTemplate.js";

export interface ScanRequest { id: number; paths: string[] }
/**
 * Per path: its entries; null when unreadable or vanished; "retry" when its values cannot be posted (a
 * structured-clone failure) and the main thread should parse it itself.
 */
export type ScanResult = LightEntry[] | null | "retry";
export interface ScanReply { id: number; results: ScanResult[] }

function parseForScan(path: string): LightEntry[] | null {
  try { return lightEntriesOf(readFileSync(path, "utf8"), isChartTemplatePath(path)); } catch { return null; }
}

parentPort?.on("message", (req: ScanRequest) => {
  const results = req.paths.map(parseForScan);
  try {
    parentPort!.postMessage({ id: req.id, results } satisfies ScanReply);
  } catch {
    // One value that cannot be cloned must not lose the batch: post what can be, leave the rest to the main thread.
    parentPort!.postMessage({ id: req.id, results: results.map((r) => (cloneable(r) ? r : "retry")) } satisfies ScanReply);
  }
});

function cloneable(v: unknown): boolean {
  try { structuredClone(v); return true; } catch { return false; }
}
