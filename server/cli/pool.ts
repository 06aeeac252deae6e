// NOT WIRED INTO `kubeready lint` YET (2026-12-07): on the shared 2-core machine it measured no faster (1.03-1.11x, 32 %
// more CPU; bench/RESULTS.md, peers) and it does not yet apply the lint path's Helm-test-hook skip (testData.ts
// skippingHelmTests). Kept, with its output-equality test, for a measurement on a quiet machine.
// `kubeready lint` over many files on every core: this thread and worker threads each parse a share of the files,
// trade the shares' objects as plain values, check their own share against an index of the whole run, and the
// findings are put back in file order. The report is the same as the single-threaded path's (`analyzeFiles`), byte for
// byte: server/cli/pool.test.ts compares the two. Any failure of a worker falls back to the single-threaded path.
//
// KUBEREADY_THREADS=N sets how many threads analyse (1: this thread alone). By default: this thread plus one worker per
// idle core (by the 1-minute load average), at most 4 threads, and only when the run holds at least MIN_POOL_BYTES of
// YAML, below which a worker's start-up costs more than it saves.
import { availableParallelism, loadavg } from "node:os";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { Worker } from "node:worker_threads";
import type { KubereadyConfig } from "../../rules/config.js";
import { analyzeFiles, kustomizeDeployments, type FileInput, type Finding } from "../../rules/engine.js";
import { parseForOneShot } from "../../rules/lean.js";
import type { FromWorker, LintWorkerData, ToWorker } from "./lint-worker.js";
import { checkShare, findingsFromWire, parseShare, toWire, type ShardFile, type WireFile } from "./shard.js";

/** Below this much YAML in a run, one thread does it all. */
export const MIN_POOL_BYTES = 2 * 1024 * 1024;
const MAX_THREADS = 4;

/** How the last `analyzeInParallel` ran (for tests: a pool that silently fell back would prove nothing). */
export const lastRun = { threads: 1, fellBack: false };

/** How many threads analyse `files` (1: no pool). */
export function threadsFor(files: readonly FileInput[], env: Readonly<Record<string, string | undefined>>): number {
  const asked = Number(env.KUBEREADY_THREADS);
  if (Number.isInteger(asked) && asked >= 1) return Math.min(asked, 16, Math.max(1, files.length));
  let bytes = 0;
  for (const f of files) bytes += f.text.length;
  if (bytes < MIN_POOL_BYTES) return 1;
  // A worker only pays on a core that would otherwise idle: on a machine already running more than it has cores, the
  // pool's extra work (posting objects, a second cold JIT and heap) made the run slower (bench/RESULTS.md, peers).
  const cores = availableParallelism();
  const idle = Math.floor(cores - loadavg()[0]);
  if (idle < 1) return 1;
  return Math.max(1, Math.min(cores, idle + 1, MAX_THREADS, files.length));
}

/**
 * The findings of `analyzeFiles(files, config, RULES, parseForOneShot)`, computed on `threads` threads. `fixes`: the
 * report reads findings' fixes (the text format does), so workers compute them before posting.
 */
export async function analyzeInParallel(files: readonly FileInput[], config: KubereadyConfig, threads: number, options: { fixes: boolean }): Promise<Finding[]> {
  const single = (fellBack = true) => {
    Object.assign(lastRun, { threads: 1, fellBack });
    return analyzeFiles(files, config, undefined, parseForOneShot).findings;
  };
  if (threads <= 1 || files.length < 2) return single(false);
  const shardFiles = withOptions(files, config);
  const shares = split(shardFiles, threads);
  const workers: Worker[] = [];
  try {
    const entry = workerEntry();
    if (!entry) return single();
    const replies = shares.slice(1).map((share) => {
      const worker = new Worker(entry.code, { eval: true, workerData: { ...entry.data, files: shardFiles, share, config, fixes: options.fixes } satisfies LintWorkerData & Record<string, unknown> });
      workers.push(worker);
      return new Replies(worker);
    });
    // This thread parses its share while the workers start and parse theirs.
    const own = parseShare(shardFiles, shares[0]);
    const mine = toWire(own);
    const theirs = await Promise.all(replies.map((r) => r.next("objects")));
    const all: WireFile[][] = [mine, ...theirs.map((m) => (m as { files: WireFile[] }).files)];
    replies.forEach((r, w) => r.worker.postMessage({ type: "objects", files: all.filter((_, j) => j !== w + 1).flat() } satisfies ToWorker));
    const byFile = new Array<Finding[]>(files.length);
    for (const [k, f] of checkShare(shardFiles, own, theirs.flatMap((m) => (m as { files: WireFile[] }).files), config)) byFile[k] = f;
    for (const r of replies) {
      const m = (await r.next("findings")) as Extract<FromWorker, { type: "findings" }>;
      for (const [k, f] of m.byFile) byFile[k] = findingsFromWire(f);
    }
    if (byFile.some((f) => f === undefined)) return single();
    Object.assign(lastRun, { threads: shares.length, fellBack: false });
    return byFile.flat();
  } catch {
    // A worker that cannot start, dies or cannot post what it found: the same analysis in this thread.
    return single();
  } finally {
    for (const w of workers) void w.terminate();
  }
}

/** Each file with the options `analyzeFiles` would parse it with. */
function withOptions(files: readonly FileInput[], config: KubereadyConfig): ShardFile[] {
  const deployments = files.some((f) => f.contexts !== undefined) ? undefined : kustomizeDeployments(files);
  return files.map((f) => {
    const d = deployments?.get(decodeURI(f.uri));
    return { uri: f.uri, text: f.text, options: { defaultNamespace: f.defaultNamespace ?? config.defaultNamespace, partial: f.partial || d?.partial, contexts: f.contexts ?? d?.contexts, chartTemplate: f.chartTemplate, maxBytes: f.maxBytes } };
  });
}

/**
 * Shares of about equal size in bytes (the parse is most of the work), each file to the share with the fewest bytes
 * so far, largest files first; each share lists its files in the run's order. Deterministic for a given input.
 */
export function split(files: readonly { text: string }[], threads: number): number[][] {
  const shares = Array.from({ length: threads }, () => ({ bytes: 0, files: [] as number[] }));
  const bySize = files.map((f, k) => k).sort((a, b) => files[b].text.length - files[a].text.length || a - b);
  for (const k of bySize) {
    let least = shares[0];
    for (const s of shares) if (s.bytes < least.bytes) least = s;
    least.bytes += files[k].text.length;
    least.files.push(k);
  }
  return shares.map((s) => s.files.sort((a, b) => a - b));
}

/** The worker's code: the CLI bundle itself when running from dist/, else this module's sources through tsx. */
function workerEntry(): { code: string; data: Record<string, unknown> } | undefined {
  const bundled = __filename.endsWith(".js");
  if (bundled) return { code: `require(${JSON.stringify(__filename)}).lintWorker();`, data: {} };
  const source = join(__dirname, "lint-worker.ts");
  if (!existsSync(source)) return undefined;
  let tsx: string;
  try { tsx = require.resolve("tsx/cjs", { paths: [__dirname] }); } catch { return undefined; }
  return { code: `require(${JSON.stringify(tsx)}); require(${JSON.stringify(source)}).lintWorker();`, data: {} };
}

/** A worker's messages in order, each awaited by type; an error reply, a crash or an early exit rejects. */
class Replies {
  private queue: FromWorker[] = [];
  private waiting?: { resolve: (m: FromWorker) => void; reject: (e: Error) => void };
  private failed?: Error;
  constructor(readonly worker: Worker) {
    worker.on("message", (m: FromWorker) => {
      if (m.type === "error") return this.fail(new Error(m.message));
      this.queue.push(m);
      this.flush();
    });
    worker.on("error", (e) => this.fail(e));
    worker.on("exit", (code) => this.fail(new Error(`lint worker exited (${code})`)));
  }
  next(type: FromWorker["type"]): Promise<FromWorker> {
    return new Promise((resolve, reject) => {
      this.waiting = { resolve: (m) => (m.type === type ? resolve(m) : reject(new Error(`lint worker: expected ${type}, got ${m.type}`))), reject };
      this.flush();
    });
  }
  private flush(): void {
    if (!this.waiting) return;
    const w = this.waiting;
    if (this.queue.length) { this.waiting = undefined; w.resolve(this.queue.shift()!); }
    else if (this.failed) { this.waiting = undefined; w.reject(this.failed); }
  }
  private fail(e: Error): void {
    this.failed ??= e;
    this.flush();
  }
}
