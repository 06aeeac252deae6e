// Analyses snapshots for an editor without blocking its main thread: on a worker thread, else here in short slices.
import { existsSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import { MessageChannel, receiveMessageOnPort, Worker } from "node:worker_threads";
import { DEFAULT_CONFIG, type KubereadyConfig } from "../rules/config.js";
import type { Finding } from "../rules/engine.js";
import type { Range } from "../rules/model/position.js";
import { analysisSteps, type ClusterAnalysis, LazyLiveDocument } from "./analyze.js";
import { type AnalysisReply, type AnalysisRequest, type AnalysisResult, fromWire, OBJECTS_PER_MESSAGE, withoutFixes } from "./analysisWire.js";
import type { ClusterSnapshot } from "./snapshot.js";

export interface SnapshotAnalyzerOptions {
  /**
   * The worker's entry: by default cluster-worker.js beside this bundle (dist/). A `.ts` entry runs under tsx (tests,
   * benchmarks). null analyses in this thread, in slices.
   */
  script?: string | null;
  /** In-thread slices give the event loop a turn after this long (default 5 ms). */
  sliceMs?: number;
  /** An idle worker is stopped after this long, returning its memory (default 60 s). */
  idleMs?: number;
}

/**
 * `pageSize` of the editor's lists. JSON.parse of a page runs on the extension host's thread in one piece: ~12 ms of
 * CPU for 500 pods as the API server sends them (~0.9 MB), which a loaded machine stretches to hundreds of
 * milliseconds; 100 items is ~2.5 ms. The pages come over one keep-alive connection per list (cluster/snapshot.ts),
 * so five times the requests cost little. `kubeready cluster` keeps 500: nothing waits on its thread.
 */
export const EDITOR_PAGE_SIZE = 100;

/** Where the last analysis ran: on the worker, or in this thread (no worker could start, or it failed). */
export type AnalysisPlace = "worker" | "in-thread";

interface Running {
  job: number;
  /** Settles the caller's promise with undefined: a newer analysis took over. */
  supersede(): void;
  /** Whether the worker holds this job (it is then stopped rather than left to finish for nothing). */
  onWorker: boolean;
}

/** Yields to the event loop: timers, I/O and other extensions' work run before this continues. */
const turn = () => new Promise<void>((resolve) => setImmediate(resolve));

/**
 * Analyses cluster snapshots one at a time: a newer `analyze` supersedes an older one, whose promise then resolves
 * to undefined (its worker is stopped, or its in-thread slices stop at the next turn). Findings come back without
 * their `fixes` thunks (nothing fixes a live object) and documents write their YAML when read: the analysis holds no
 * syntax trees. Findings from the worker share equal ranges and object references: read them, never change them.
 */
export class SnapshotAnalyzer {
  private worker: Worker | undefined;
  private workerBroken = false;
  private readonly script: string | null;
  private running: Running | undefined;
  private nextJob = 1;
  private idleTimer: NodeJS.Timeout | undefined;
  private disposed = false;
  /** Where the last finished analysis ran. */
  lastPlace: AnalysisPlace | undefined;
  /** Why analyses run in this thread, when a worker was meant to run them (it failed to start, or died). */
  workerError: string | undefined;
  /**
   * The phases of the last analysis on the worker (for benchmarks and the output channel): posting the objects,
   * waiting for the worker after the last one, and reading the results back.
   */
  lastWorkerTimings: { toWorkerMs: number; onWorkerMs: number; fromWorkerMs: number } | undefined;

  constructor(private readonly options: SnapshotAnalyzerOptions = {}) {
    this.script = options.script === undefined ? defaultWorkerScript() : options.script;
  }

  async analyze(snapshot: ClusterSnapshot, config: KubereadyConfig = DEFAULT_CONFIG): Promise<ClusterAnalysis | undefined> {
    if (this.disposed) return undefined;
    this.running?.supersede();
    const job = this.nextJob++;
    let superseded = false;
    const running: Running = { job, onWorker: false, supersede: () => { superseded = true; if (running.onWorker) this.stopWorker(); } };
    this.running = running;
    const current = () => !superseded && !this.disposed;
    try {
      if (this.script && !this.workerBroken) {
        try {
          const analysis = await this.onWorker(snapshot, config, running, current);
          if (analysis) {
            this.lastPlace = "worker";
            return current() ? analysis : undefined;
          }
        } catch (e) {
          // The worker died or could not start: this analysis, and the next ones, run here.
          this.workerError = e instanceof Error ? e.message : String(e);
          this.workerBroken = true;
          this.stopWorker();
        }
        if (!current()) return undefined;
      }
      const analysis = await this.inThread(snapshot, config, current);
      if (analysis) this.lastPlace = "in-thread";
      return analysis;
    } finally {
      if (this.running === running) {
        this.running = undefined;
        this.scheduleIdleStop();
      }
    }
  }

  /**
   * Starts the worker ahead of the first analysis (call it when the cluster is about to be read), so that loading
   * the rules there overlaps the reading. Does nothing when a worker is running or cannot run.
   */
  warmUp(): void {
    if (this.disposed || !this.script || this.workerBroken || this.worker) return;
    try {
      this.worker = this.startWorker(this.script);
      if (!this.running) this.scheduleIdleStop();
    } catch (e) {
      this.workerError = e instanceof Error ? e.message : String(e);
      this.workerBroken = true;
    }
  }

  /** Drops the analysis in flight, which resolves to undefined (a worker busy with it is stopped). */
  cancel(): void {
    this.running?.supersede();
  }

  /** Stops the worker; analyses in flight resolve to undefined. */
  dispose(): void {
    this.disposed = true;
    this.running?.supersede();
    this.stopWorker();
  }

  private async inThread(snapshot: ClusterSnapshot, config: KubereadyConfig, current: () => boolean): Promise<ClusterAnalysis | undefined> {
    const sliceMs = this.options.sliceMs ?? 5;
    const steps = analysisSteps(snapshot, config);
    let sliceStart = performance.now();
    for (;;) {
      const step = steps.next();
      if (step.done) {
        const a = step.value;
        // Without fixes and texts, the analysis no longer holds the 17,000 syntax trees it was made from.
        return { ...a, documents: a.documents.map((d) => new LazyLiveDocument(d.uri, d.object)), findings: a.findings.map(withoutFixes) };
      }
      if (performance.now() - sliceStart >= sliceMs) {
        await turn();
        if (!current()) return undefined;
        sliceStart = performance.now();
      }
    }
  }

  /** Resolves to undefined when superseded; rejects when the worker fails. */
  private onWorker(snapshot: ClusterSnapshot, config: KubereadyConfig, running: Running, current: () => boolean): Promise<ClusterAnalysis | undefined> {
    if (this.idleTimer) clearTimeout(this.idleTimer);
    const worker = (this.worker ??= this.startWorker(this.script!));
    worker.ref();
    running.onWorker = true;
    const job = running.job;
    const uris: string[] = new Array<string>(snapshot.objects.length);
    const findings: Finding[] = [];
    const ranges = new Map<string, Range>();
    const { port1: results, port2: resultsForWorker } = new MessageChannel();
    const started = performance.now();
    let posted = started;
    let done = started;
    return new Promise<ClusterAnalysis | undefined>((resolve, reject) => {
      let settled = false;
      const cleanup = () => {
        settled = true;
        worker.off("message", onMessage);
        worker.off("error", onError);
        worker.off("exit", onExit);
        results.close();
        running.onWorker = false;
      };
      const finish = (value: ClusterAnalysis | undefined) => { if (settled) return; cleanup(); resolve(value); };
      const fail = (error: Error) => { if (settled) return; cleanup(); if (current()) reject(error); else resolve(undefined); };
      /** Reads the results a message at a time, a slice at a time: the worker posted them all at once. */
      const readResults = async () => {
        const sliceMs = this.options.sliceMs ?? 5;
        let sliceStart = performance.now();
        for (let m = receiveMessageOnPort(results); m; m = receiveMessageOnPort(results)) {
          const result = m.message as AnalysisResult;
          if (result.type === "uris") for (let i = 0; i < result.uris.length; i++) uris[result.from + i] = result.uris[i]!;
          else for (const f of fromWire(result.findings, uris, ranges)) findings.push(f);
          if (performance.now() - sliceStart >= sliceMs) {
            await turn();
            if (!current()) return finish(undefined);
            sliceStart = performance.now();
          }
        }
        this.lastWorkerTimings = { toWorkerMs: posted - started, onWorkerMs: done - posted, fromWorkerMs: performance.now() - done };
        finish({
          context: snapshot.context,
          server: snapshot.server,
          documents: snapshot.objects.map((o, i) => new LazyLiveDocument(uris[i]!, o)),
          findings,
          errors: snapshot.errors,
          ...(snapshot.excludedNamespaces ? { excludedNamespaces: snapshot.excludedNamespaces } : {}),
        });
      };
      const onMessage = (reply: AnalysisReply) => {
        if (reply.job !== job) return;
        if (reply.type === "failed") fail(new Error(reply.message));
        else {
          // The worker is free for the next job while this thread reads the results.
          running.onWorker = false;
          done = performance.now();
          readResults().catch((e: unknown) => fail(e instanceof Error ? e : new Error(String(e))));
        }
      };
      const onError = (e: Error) => fail(e);
      // A superseded job's worker is stopped on purpose: that is no failure.
      const onExit = () => (current() ? fail(new Error("the analysis worker stopped")) : finish(undefined));
      worker.on("message", onMessage);
      worker.on("error", onError);
      worker.on("exit", onExit);
      void (async () => {
        try {
          worker.postMessage({ type: "start", job, context: snapshot.context, config, results: resultsForWorker } satisfies AnalysisRequest, [resultsForWorker]);
          // A batch per turn: cloning 17,000 objects in one message would block this thread as long as all batches together.
          for (let from = 0; from < snapshot.objects.length; from += OBJECTS_PER_MESSAGE) {
            worker.postMessage({ type: "objects", job, objects: snapshot.objects.slice(from, from + OBJECTS_PER_MESSAGE) } satisfies AnalysisRequest);
            await turn();
            if (!current()) return;
          }
          worker.postMessage({ type: "run", job } satisfies AnalysisRequest);
          posted = performance.now();
        } catch (e) {
          fail(e instanceof Error ? e : new Error(String(e)));
        }
      })();
    });
  }

  private startWorker(script: string): Worker {
    const worker = spawn(script);
    // Always listened to: an idle worker's error must not become an uncaught exception of the extension host.
    worker.on("error", () => { if (this.worker === worker) this.worker = undefined; });
    worker.on("exit", () => { if (this.worker === worker) this.worker = undefined; });
    return worker;
  }

  private stopWorker(): void {
    const worker = this.worker;
    this.worker = undefined;
    if (this.idleTimer) clearTimeout(this.idleTimer);
    if (worker) void worker.terminate();
  }

  private scheduleIdleStop(): void {
    if (!this.worker) return;
    // Idle, the worker must not keep a process (the CLI, a test) alive.
    this.worker.unref();
    if (this.idleTimer) clearTimeout(this.idleTimer);
    this.idleTimer = setTimeout(() => { if (!this.running) this.stopWorker(); }, this.options.idleMs ?? 60_000);
    this.idleTimer.unref();
  }
}

function spawn(script: string): Worker {
  if (!script.endsWith(".ts")) return new Worker(script);
  // From TypeScript sources (tests, benchmarks under tsx): a worker does not inherit tsx's hooks, so it registers them.
  const tsx = createRequire(__filename).resolve("tsx/cjs");
  return new Worker(`require(${JSON.stringify(tsx)}); require(${JSON.stringify(script)});`, { eval: true });
}

/** dist/client.js and dist/cluster-worker.js sit side by side; from sources (under tsx) there is no worker bundle. */
function defaultWorkerScript(): string | null {
  const p = join(__dirname, "cluster-worker.js");
  return existsSync(p) ? p : null;
}
