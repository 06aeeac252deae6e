// `kubeready lint` over many files on every core: this thread and worker threads each parse a share of the files,
// trade the shares' objects as plain values, check their own share against an index of the whole run, and the
// findings are put back in file order. The report is the same as the single-threaded path's (`analyzeFiles` with
// `lintParser`), byte for byte: server/cli/pool.test.ts compares the two. Every thread parses with the single-threaded
// path's own parser and skips (`lintParser`, testData.ts). Any failure of a worker falls back to the single thread.
//
// How many threads: `--threads N` (1: this thread alone), else KUBEREADY_THREADS=N, else this thread plus one worker
// per idle core (by the 1-minute load average), at most MAX_THREADS, and only when the run holds at least
// MIN_POOL_BYTES of YAML, below which a worker's start-up costs more than it saves (bench/RESULTS.md, peers).
import { availableParallelism, loadavg } from "node:os";
import { existsSync } from "node:fs";
import { join } from "node:path";
import type { Worker } from "node:worker_threads";
import type { KubereadyConfig } from "../../rules/config.js";
import { analyzeFiles, fileOptionsOf, type FileInput, type Finding } from "../../rules/engine.js";
import type { FromWorker, LintWorkerData, ToWorker } from "./lint-worker.js";
import { checkShare, findingsFromWire, parseShare, toWire, type ShardFile, type WireFile } from "./shard.js";
import { lintParser } from "./testData.js";

/** Below this much YAML in a run, one thread does it all. */
export const MIN_POOL_BYTES = 2 * 1024 * 1024;
const MAX_THREADS = 4;

/** How the last `analyzeForLint` ran (for tests: a pool that silently fell back would prove nothing). */
export const lastRun = { threads: 1, fellBack: false };

/** How many threads analyse `files` (1: no pool): `asked` (--threads), else KUBEREADY_THREADS, else by size and idle cores. */
export function threadsFor(files: readonly { text: string }[], env: Readonly<Record<string, string | undefined>>, asked?: number): number {
  const fromEnv = Number(env.KUBEREADY_THREADS);
  const wanted = asked ?? (env.KUBEREADY_THREADS && Number.isInteger(fromEnv) && fromEnv >= 1 ? fromEnv : undefined);
  if (wanted !== undefined) return Math.max(1, Math.min(wanted, 16, files.length));
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

export interface LintAnalysis { findings: Finding[]; hooks: string[] }

export interface LintAnalysisOptions {
  threads: number;
  /** --include-tests: nothing is skipped at parse time (see `lintParser`). */
  includeTests: boolean;
  /** The report reads findings' fixes (the text format does), so workers compute them before posting. */
  fixes: boolean;
  displayOf: (uri: string) => string;
}

/**
 * The findings of `analyzeFiles(files, config, RULES, lintParser(...).parse)`, and the Helm test hooks the parse left
 * out, computed on `options.threads` threads.
 */
export async function analyzeForLint(files: readonly FileInput[], config: KubereadyConfig, options: LintAnalysisOptions): Promise<LintAnalysis> {
  const single = (fellBack = true): LintAnalysis => {
    Object.assign(lastRun, { threads: 1, fellBack });
    const { parse, hooks } = lintParser(options.includeTests, options.displayOf);
    return { findings: analyzeFiles(files, config, undefined, parse).findings, hooks };
  };
  if (options.threads <= 1 || files.length < 2) return single(false);
  const fileOptions = fileOptionsOf(files, config);
  const shardFiles: ShardFile[] = files.map((f, k) => ({ uri: f.uri, text: f.text, options: fileOptions[k], display: options.displayOf(f.uri) }));
  const shares = split(shardFiles, options.threads);
  const workers: Worker[] = [];
  try {
    const entry = workerEntry();
    if (!entry) return single();
    const replies = shares.slice(1).map((share) => {
      // Required here, not imported: a one-file lint (one thread) must not load worker_threads (launcher.test.ts).
      const { Worker: WorkerThread } = require("node:worker_threads") as typeof import("node:worker_threads");
      const worker = new WorkerThread(entry.code, { eval: true, workerData: { ...entry.data, files: shardFiles, share, config, fixes: options.fixes, includeTests: options.includeTests } satisfies LintWorkerData & Record<string, unknown> });
      workers.push(worker);
      return new Replies(worker);
    });
    // This thread parses its share while the workers start and parse theirs.
    const own = parseShare(shardFiles, shares[0], options.includeTests);
    const mine = toWire(own.parsed);
    const theirs = (await Promise.all(replies.map((r) => r.next("objects")))) as Extract<FromWorker, { type: "objects" }>[];
    const all: WireFile[][] = [mine, ...theirs.map((m) => m.files)];
    replies.forEach((r, w) => r.worker.postMessage({ type: "objects", files: all.filter((_, j) => j !== w + 1).flat() } satisfies ToWorker));
    const byFile = new Array<Finding[]>(files.length);
    for (const [k, f] of checkShare(shardFiles, own.parsed, theirs.flatMap((m) => m.files), config)) byFile[k] = f;
    for (const r of replies) {
      const m = (await r.next("findings")) as Extract<FromWorker, { type: "findings" }>;
      for (const [k, f] of m.byFile) byFile[k] = findingsFromWire(f);
    }
    if (byFile.some((f) => f === undefined)) return single();
    // The skipped hooks in file order, as one thread parsing every file in order lists them.
    const hooksByFile = new Map<number, string[]>([...own.hooks, ...theirs.flatMap((m) => m.hooks)]);
    const hooks = [...hooksByFile.keys()].sort((a, b) => a - b).flatMap((k) => hooksByFile.get(k)!);
    Object.assign(lastRun, { threads: shares.length, fellBack: false });
    return { findings: byFile.flat(), hooks };
  } catch {
    // A worker that cannot start, dies or cannot post what it found: the same analysis in this thread.
    return single();
  } finally {
    for (const w of workers) void w.terminate();
  }
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
