// Parses the files of a workspace scan on worker threads, and in this thread when no worker can start.
import { existsSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { availableParallelism } from "node:os";
import { join } from "node:path";
import { Worker } from "node:worker_threads";
import { lightEntriesOf, type LightEntry } from "../../rules/model/light.js";
import { isChartTemplatePath } from "../chartTemplate.js";
import type { ScanReply, ScanRequest } from "./scan-worker.js";

export interface ScanThreads {
  /**
   * The worker's entry: by default scan-worker.js beside the bundle (dist/), or scan-worker.ts beside this file when
   * running from sources under tsx. null parses every file in this thread.
   */
  script?: string | null;
  /** Worker threads to start; by default one per core besides this thread's, at most two. */
  count?: number;
  /** Below this many files everything is parsed in this thread: a worker's start-up would cost more than it saves. */
  minFiles?: number;
  /**
   * Whether this thread parses too (default true), smallest files first while the workers take the biggest: it is
   * otherwise idle, it starts at once while the workers are still starting, and it is already warm (a worker's first
   * files run on cold, unoptimised code: a fresh thread costs about a third more than a warm one on this corpus).
   */
  mainThreadParses?: boolean;
}

export interface ScanFile { path: string; size: number }

/** A file this big is a batch of its own; smaller ones are grouped up to this many bytes. */
const BATCH_BYTES = 64 * 1024;
const BATCH_FILES = 16;
/**
 * Batches a worker holds: the one it parses and the next, so that it never waits for this thread (busy with a batch
 * of its own) to answer. This thread takes the next one back if it runs out of work first.
 */
const AHEAD = 2;
export const MIN_FILES_FOR_WORKERS = 24;

export type OnParsed = (path: string, entries: LightEntry[] | null) => void;

/** Where the files of a scan were parsed. */
export interface ScanStats {
  /** Worker threads started. */
  workers: number;
  /** Files parsed by workers. */
  byWorkers: number;
  /** Files parsed in this thread. */
  here: number;
  /** Batches this thread took back from a worker it expected to be slower. */
  takenOver: number;
}

/**
 * The threads of one scan. Workers start when the pool is made, so they load while the files are being listed; then
 * `parse` calls `onFile` once per file with its light entries (null when unreadable), in no particular order.
 * Workers read and parse, biggest files first; this thread turns their replies into objects and parses from the other
 * end, smallest first. When the queue runs dry, this thread takes over a batch a worker has not finished if it expects
 * to parse it sooner itself (a worker on a loaded machine, or still cold). A worker that fails to start or dies hands
 * its batches back, and whatever no worker could do is parsed here.
 */
export class ScanPool {
  private readonly workers: ScanWorker[] = [];
  private readonly stats: ScanStats = { workers: 0, byWorkers: 0, here: 0, takenOver: 0 };
  private readonly hereRate = { bytes: 0, ms: 0 };
  private queue: Batch[] = [];
  private readonly leftover: string[] = [];
  /** Until `parse` is called, the workers' results wait here. */
  private early: [string, LightEntry[] | null][] = [];
  private onFile: OnParsed = (path, entries) => { this.early.push([path, entries]); };
  private nextId = 0;
  private replied: () => void = () => undefined;
  private allDone!: () => void;
  private readonly done = new Promise<void>((r) => (this.allDone = r));

  /** `files`: how many files there are to parse, at least (below `minFiles`, no worker starts). */
  constructor(private readonly threads: ScanThreads, files: number) {
    const script = threads.script === undefined ? defaultWorkerScript() : threads.script;
    // This thread parses too, so one worker per other core; on one core a worker would only add its start-up.
    const count = threads.count ?? Math.min(2, availableParallelism() - 1);
    if (script && files >= (threads.minFiles ?? MIN_FILES_FOR_WORKERS)) {
      for (let i = 0; i < count; i++) {
        try { this.workers.push(this.start(spawn(script))); } catch { /* cannot start: this thread parses */ }
      }
    }
    this.stats.workers = this.workers.length;
    if (this.workers.length === 0) this.allDone();
  }

  /** Hands the files to the workers at once; their results are kept for `parse`. */
  dispatch(files: readonly ScanFile[]): void {
    this.queue = batches(files);
    for (const w of [...this.workers]) this.feed(w);
  }

  /** Parses what the workers have not taken, and calls `onFile` for every file dispatched. */
  async parse(onFile: OnParsed): Promise<ScanStats> {
    this.onFile = onFile;
    for (const [path, entries] of this.early.splice(0)) onFile(path, entries);
    if (this.threads.mainThreadParses !== false) {
      // One batch at a time, yielding after each so that the workers' replies keep flowing.
      while (this.workers.length > 0) {
        let batch = this.queue.pop();
        if (!batch && (batch = takeOver(this.workers, this.hereRate))) this.stats.takenOver++;
        if (batch) {
          await this.here(batch);
          await new Promise((r) => setImmediate(r));
        } else {
          // Until a reply, or a while: a worker that stops answering is taken over once it is overdue.
          await new Promise<void>((r) => { this.replied = r; setTimeout(r, 25); });
        }
      }
    }
    await this.done;
    // What no worker did: all of it without workers, or the batches of workers that failed.
    const rest = [...this.queue.splice(0).flatMap((b) => b.paths), ...this.leftover.splice(0)];
    if (rest.length > 0) await this.here({ paths: rest, bytes: 0 });
    return this.stats;
  }

  /** Stops the workers of a pool whose `parse` is not called (a scan that failed before it). */
  close(): void {
    for (const w of this.workers) void w.worker.terminate();
  }

  private async here(batch: Batch): Promise<void> {
    const t0 = performance.now();
    this.stats.here += batch.paths.length;
    await parseHere(batch.paths, this.onFile);
    this.hereRate.bytes += batch.bytes;
    this.hereRate.ms += performance.now() - t0;
  }

  private start(worker: Worker): ScanWorker {
    const w: ScanWorker = { worker, pending: new Map(), since: performance.now(), rate: { bytes: 0, ms: 0 } };
    worker.on("message", (reply: ScanReply) => {
      const batch = w.pending.get(reply.id);
      const now = performance.now();
      if (batch) {
        w.pending.delete(reply.id);
        w.rate.bytes += batch.bytes;
        w.rate.ms += now - w.since;
        reply.results.forEach((r, k) => {
          if (r === "retry") { this.leftover.push(batch.paths[k]); return; }
          this.stats.byWorkers++;
          this.onFile(batch.paths[k], r);
        });
      }
      w.since = now;
      this.feed(w);
      this.replied();
    });
    worker.on("error", () => { /* the exit that follows hands the batches back */ });
    worker.on("exit", () => {
      for (const batch of w.pending.values()) this.leftover.push(...batch.paths);
      w.pending.clear();
      this.workers.splice(this.workers.indexOf(w), 1);
      if (this.workers.length === 0) {
        for (const batch of this.queue.splice(0)) this.leftover.push(...batch.paths);
        this.allDone();
      }
      this.replied();
    });
    return w;
  }

  private feed(w: ScanWorker): void {
    const { queue } = this;
    while (queue.length > 0 && w.pending.size < AHEAD) {
      const batch = queue.shift()!;
      const id = this.nextId++;
      w.pending.set(id, batch);
      w.worker.postMessage({ id, paths: batch.paths } satisfies ScanRequest);
    }
    if (w.pending.size === 0) void w.worker.terminate();
  }
}

interface ScanWorker {
  worker: Worker;
  /** Batches sent, in the order the worker parses them: the first is in progress. */
  pending: Map<number, Batch>;
  /** When the batch in progress was started (the previous reply, or the start). */
  since: number;
  /** Bytes parsed and time spent, for how long the batch in progress should still take. */
  rate: { bytes: number; ms: number };
}

/**
 * A batch a worker has been sent but this thread should parse instead: one it has not started, or the one in progress
 * when this thread would finish it before the worker is expected to (a worker that has not replied yet is expected to
 * take forever, one late by more than this thread needs is given up on). The worker's reply to it is ignored; a
 * worker left with nothing is stopped.
 */
function takeOver(workers: readonly ScanWorker[], hereRate: { bytes: number; ms: number }): Batch | undefined {
  const now = performance.now();
  for (const w of workers) {
    const ids = [...w.pending.keys()];
    let id: number | undefined;
    if (ids.length > 1) id = ids[ids.length - 1];
    else if (ids.length === 1) {
      const batch = w.pending.get(ids[0])!;
      // Without a measure of its own, this thread does not wait: a worker that never answers must not hang the scan.
      const mine = hereRate.bytes > 0 ? (batch.bytes * hereRate.ms) / hereRate.bytes : 0;
      // What the worker should still need; past its expected time, the longer it is late the less it is trusted.
      const theirs = w.rate.bytes > 0 ? Math.abs((batch.bytes * w.rate.ms) / w.rate.bytes - (now - w.since)) : Infinity;
      if (mine < theirs) id = ids[0];
    }
    if (id === undefined) continue;
    const batch = w.pending.get(id)!;
    w.pending.delete(id);
    if (w.pending.size === 0) void w.worker.terminate();
    return batch;
  }
  return undefined;
}

/** Biggest first: large files alone, small ones grouped so that a message carries a useful amount of work. */
function batches(files: readonly ScanFile[]): Batch[] {
  const sorted = [...files].sort((a, b) => b.size - a.size);
  const out: Batch[] = [];
  let batch: Batch = { paths: [], bytes: 0 };
  for (const f of sorted) {
    batch.paths.push(f.path);
    batch.bytes += f.size;
    if (batch.bytes >= BATCH_BYTES || batch.paths.length >= BATCH_FILES) { out.push(batch); batch = { paths: [], bytes: 0 }; }
  }
  if (batch.paths.length > 0) out.push(batch);
  return out;
}

interface Batch { paths: string[]; bytes: number }

/**
 * Reads and parses in this thread: a batch of small files between worker replies, or everything when no worker
 * runs. Synchronous reads of files that were just listed cost less than the event-loop round trips of async ones;
 * the caller yields between batches.
 */
async function parseHere(paths: readonly string[], onFile: OnParsed): Promise<void> {
  for (let i = 0; i < paths.length; i++) {
    let entries: LightEntry[] | null = null;
    // Copied at once, as a worker's message copies them: the values end up packed together rather than scattered
    // among the pages the parse's garbage leaves behind (about 10 MiB of resident memory after a scan of the corpus).
    try { entries = structuredClone(lightEntriesOf(readFileSync(paths[i], "utf8"), isChartTemplatePath(paths[i]))); } catch { /* vanished or unreadable: skipped */ }
    onFile(paths[i], entries);
    if (i % BATCH_FILES === BATCH_FILES - 1) await new Promise((r) => setImmediate(r));
  }
}

function spawn(script: string): Worker {
  if (!script.endsWith(".ts")) return new Worker(script);
  // From TypeScript sources (tests, benchmarks under tsx): a worker does not inherit tsx's hooks, so it registers them.
  const tsx = createRequire(__filename).resolve("tsx/cjs");
  return new Worker(`require(${JSON.stringify(tsx)}); require(${JSON.stringify(script)});`, { eval: true });
}

function defaultWorkerScript(): string | null {
  // dist/server.js and dist/scan-worker.js sit side by side; under tsx this file is server/lsp/scan-pool.ts.
  for (const name of ["scan-worker.js", "scan-worker.ts"]) {
    const p = join(__dirname, name);
    if (existsSync(p)) return p;
  }
  return null;
}
