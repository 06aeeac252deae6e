// Bench step (issue 17, item 6): the readiness tree against the real kube-apiserver of test/real-cluster with 500
// namespaces and 20,000 pods — time to the first complete tree, longest main-thread stall, memory. Skipped with one line
// where the pinned control plane is not built (it is never built here: a cold build takes hours on 2 cores).
import { spawn } from "node:child_process";
import { copyFileSync, existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { monitorEventLoopDelay } from "node:perf_hooks";
import { Worker } from "node:worker_threads";
import { loadKubeconfig, useContext } from "../cluster/kubeconfig.js";
import { fetchSnapshot } from "../cluster/snapshot.js";
import * as analyzerModule from "../cluster/snapshotAnalyzer.js";
import { SnapshotAnalyzer } from "../cluster/snapshotAnalyzer.js";
import { buildReadinessTreeSliced } from "../cluster/tree.js";
import { DEFAULT_CONFIG } from "../rules/config.js";
import { generateLargeCluster } from "../test/standin/fixtures.js";
import { startStandin } from "../test/standin/server.js";
import { AdminApi, asManifest, bindReader, collectionPath } from "../test/real-cluster/api.js";
import type { KubeObject } from "../test/standin/store.js";
import { emit, fmtSpread, forceGc, goal, spread, type StepResult } from "./stats.js";

const NAMESPACES = Number(process.env.BENCH_REAL_NAMESPACES ?? 500);
const PODS = Number(process.env.BENCH_REAL_PODS ?? 20_000);
/** Refreshes per measuring process: the first is the cold one (new process, new worker, no JIT), the rest warm. */
const ROUNDS = Number(process.env.BENCH_REAL_ROUNDS ?? 2);
/** Measuring processes per server, alternating real and stand-in (so the machine's load falls on both alike). */
const REPEATS = Number(process.env.BENCH_REAL_REPEATS ?? 1);
const WORKER = join(__dirname, "..", "dist", "cluster-worker.js");
/** The same budget as the stand-in step (bench/cluster.ts): no block of the main thread longer than 100 ms. */
const STALL_TARGET_MS = 100;
/** A turn of the event loop later than this is a stall, whose main-thread CPU time is counted (mainThreadCpuStalls). */
const LATE_TURN_MS = 20;

type Phase = "fetch" | "analysis" | "tree";
interface TreeRun {
  cpuStallMs?: number; cpuStallPhase?: Phase; cpuStallsOver100?: number; mainCpuMs?: number;
  fetchStallMs: number; analysisStallMs: number; treeStallMs: number;
  fetchMs: number; analysisMs: number; treeMs: number; totalMs: number; stallMs: number;
  objects: number; findings: number; errors: number; rssMiB: number; heapMiB: number; restRssMiB?: number; place?: string;
  worker?: SnapshotAnalyzer["lastWorkerTimings"];
}
interface ChildResult { runs: TreeRun[]; maxRssMiB: number; noiseMs: number; load: number[] }

/**
 * The measured side, in a process of its own (`--measure KUBECONFIG ROUNDS [CONTEXT]`), so the seeding's memory is
 * not counted: what the extension does on Refresh (client/src/tree/register.ts) — read every kind (paginated lists),
 * analyse on the worker thread, build the tree in slices — timed from the first request to the finished tree, with
 * the event loop's longest stall over all of it, in wall time and in the main thread's CPU time.
 */
async function measure(kubeconfigPath: string, rounds: number, contextName?: string): Promise<void> {
  const load = loadKubeconfig({ path: kubeconfigPath });
  if (!load.ok) throw new Error(load.error.message);
  const kc = contextName ? useContext(load.kc, contextName)! : load.kc;
  const runs: TreeRun[] = [];
  for (let i = 0; i < rounds; i++) {
    forceGc();
    const analyzer = new SnapshotAnalyzer({ script: existsSync(WORKER) ? WORKER : null });
    const whole = monitorEventLoopDelay({ resolution: 1 });
    const phase = monitorEventLoopDelay({ resolution: 1 });
    whole.enable();
    phase.enable();
    await new Promise((r) => setTimeout(r, 5));
    const cpuStalls = mainThreadCpuStalls();
    const t0 = performance.now();
    analyzer.warmUp();
    // As the extension reads (client/src/tree/register.ts); a checkout without EDITOR_PAGE_SIZE (a baseline) reads 500.
    cpuStalls.phase("fetch");
    const snapshot = await fetchSnapshot(kc, { timeoutMs: 600_000, namespaces: {}, ...(analyzerModule.EDITOR_PAGE_SIZE ? { pageSize: analyzerModule.EDITOR_PAGE_SIZE } : {}) });
    const t1 = performance.now();
    const fetchStallMs = phase.max / 1e6;
    phase.reset();
    cpuStalls.phase("analysis");
    const analysis = await analyzer.analyze(snapshot, DEFAULT_CONFIG);
    if (!analysis) throw new Error("no analysis");
    const t2 = performance.now();
    const analysisStallMs = phase.max / 1e6;
    phase.reset();
    cpuStalls.phase("tree");
    const tree = await buildReadinessTreeSliced(analysis);
    const t3 = performance.now();
    await new Promise((r) => setTimeout(r, 5));
    whole.disable();
    phase.disable();
    const cpu = cpuStalls.stop();
    const m = process.memoryUsage();
    runs.push({
      ...(cpu ? { cpuStallMs: cpu.worstMs, ...(cpu.worstPhase ? { cpuStallPhase: cpu.worstPhase } : {}), cpuStallsOver100: cpu.over100, mainCpuMs: cpu.totalMs } : {}),
      fetchStallMs, analysisStallMs, treeStallMs: phase.max / 1e6, fetchMs: t1 - t0, analysisMs: t2 - t1, treeMs: t3 - t2, totalMs: t3 - t0, stallMs: whole.max / 1e6,
      objects: snapshot.objects.length, findings: tree.findingCount, errors: snapshot.errors.length,
      rssMiB: m.rss / 2 ** 20, heapMiB: m.heapUsed / 2 ** 20, ...(analyzer.lastPlace ? { place: analyzer.lastPlace } : {}),
      ...(analyzer.lastWorkerTimings ? { worker: analyzer.lastWorkerTimings } : {}),
    });
    // At rest: the worker stopped (the extension stops it after 60 s idle), its heap returned; the tree and analysis kept.
    analyzer.dispose();
    await new Promise((r) => setTimeout(r, 500));
    forceGc();
    runs[runs.length - 1]!.restRssMiB = process.memoryUsage().rss / 2 ** 20;
    void tree;
  }
  // The machine's own noise, for reference: the same measure with the main thread idle while another thread spins.
  const spinner = new Worker("const end = Date.now() + 1500; while (Date.now() < end);", { eval: true });
  const idle = monitorEventLoopDelay({ resolution: 1 });
  idle.enable();
  await new Promise((r) => spinner.once("exit", r));
  idle.disable();
  process.stdout.write(`RUNS ${JSON.stringify({ runs, maxRssMiB: process.resourceUsage().maxRSS / 1024, noiseMs: idle.max / 1e6, load: loadavg() } satisfies ChildResult)}\n`);
}

/**
 * Event-loop stalls counted in the main thread's own CPU time (Linux: /proc/self/task/<pid>/stat, utime + stime in
 * 10 ms ticks): on a machine shared with thirty runnable processes a stall's wall time is mostly waiting for a core, so
 * this is what the same work would block on a quiet machine (to within a tick). A 1 ms interval timer notes the
 * thread's CPU time at every turn; a turn later than LATE_TURN_MS is a stall, and its CPU is the difference. The
 * worker thread's and V8's helper threads' CPU is not counted (other tasks); garbage collection on the main thread is.
 */
function mainThreadCpuStalls(): { phase(p: Phase): void; stop(): { worstMs: number; worstPhase?: Phase; over100: number; totalMs: number } | undefined } {
  const stat = `/proc/self/task/${process.pid}/stat`;
  const ticks = (): number | undefined => {
    try {
      const fields = readFileSync(stat, "utf8").split(") ")[1]!.split(" ");
      return Number(fields[11]) + Number(fields[12]); // utime + stime, after the command name
    } catch {
      return undefined;
    }
  };
  if (ticks() === undefined) return { phase: () => undefined, stop: () => undefined };
  let last = performance.now();
  const firstTicks = ticks()!;
  let lastTicks = firstTicks;
  let worst = 0;
  let worstPhase: Phase | undefined;
  let current: Phase | undefined;
  let over100 = 0;
  const timer = setInterval(() => {
    const now = performance.now();
    const t = ticks()!;
    if (now - last > LATE_TURN_MS) {
      const cpu = (t - lastTicks) * 10;
      if (cpu > worst) (worst = cpu), (worstPhase = current);
      if (cpu > STALL_TARGET_MS) over100++;
    }
    last = now;
    lastTicks = t;
  }, 1);
  return {
    phase: (p) => void (current = p),
    stop: () => {
      clearInterval(timer);
      return { worstMs: worst, ...(worstPhase ? { worstPhase } : {}), over100, totalMs: (ticks()! - firstTicks) * 10 };
    },
  };
}

/** The object as the bench creates it through the API, and as the stand-in serves it: pods keep no owner (no controller runs to own them). */
function seedable(o: KubeObject): KubeObject {
  const manifest = asManifest(o) as KubeObject & { metadata: Record<string, unknown> };
  delete manifest.metadata.ownerReferences;
  // The control plane's service range is a /24: thousands of Services must be headless (the same to every rule).
  if (o.kind === "Service") (manifest as unknown as { spec: Record<string, unknown> }).spec.clusterIP = "None";
  return manifest;
}

/** Creates the objects through the API, `inFlight` at a time; pods keep no owner (no controller runs here to own them). */
async function seed(api: AdminApi, objects: readonly KubeObject[], inFlight: number): Promise<number> {
  const namespaces = objects.filter((o) => o.kind === "Namespace");
  const rest = objects.filter((o) => o.kind !== "Namespace");
  let created = 0;
  const post = async (o: KubeObject) => {
    const path = collectionPath(o as never);
    if (!path) return;
    const r = await api.request("POST", path, seedable(o));
    if (r.status === 201) created++;
    else if (r.status !== 409) throw new Error(`creating ${o.kind} ${(o.metadata as { name: string }).name} answered ${r.status}: ${JSON.stringify(r.body).slice(0, 300)}`);
  };
  for (const list of [namespaces, rest]) {
    let next = 0;
    await Promise.all(Array.from({ length: inFlight }, async () => {
      while (next < list.length) await post(list[next++]!);
    }));
  }
  return created;
}

function child(kubeconfigPath: string, contextName?: string): Promise<ChildResult> {
  return new Promise((resolve, reject) => {
    const args = ["--expose-gc", "--import", "tsx", ...(process.env.BENCH_REAL_CPU_PROF ? ["--cpu-prof", `--cpu-prof-dir=${process.env.BENCH_REAL_CPU_PROF}`] : []), __filename, "--measure", kubeconfigPath, String(ROUNDS), ...(contextName ? [contextName] : [])];
    const p = spawn(process.execPath, args, { stdio: ["ignore", "pipe", "inherit"] });
    let out = "";
    p.stdout.on("data", (d: Buffer) => (out += d.toString()));
    p.once("close", (code) => {
      const line = out.split("\n").find((l) => l.startsWith("RUNS "));
      if (code !== 0 || !line) reject(new Error(`the measuring process failed (exit ${code}): ${out.slice(-1000)}`));
      else resolve(JSON.parse(line.slice(5)));
    });
  });
}

/**
 * The stand-in (test/standin) serving the objects the bench creates through the API, in a process of its own (as the
 * real API server is), over TLS; resolves once its kubeconfig is written.
 */
function startStandinProcess(kubeconfigPath: string): Promise<{ stop(): Promise<void> }> {
  return new Promise((resolve, reject) => {
    const p = spawn(process.execPath, ["--import", "tsx", __filename, "--standin", kubeconfigPath], { stdio: ["ignore", "pipe", "inherit"] });
    let out = "";
    const stop = () => new Promise<void>((done) => {
      if (p.exitCode !== null || p.signalCode !== null) return done();
      p.once("exit", () => done());
      p.kill("SIGTERM");
    });
    p.stdout.on("data", (d: Buffer) => {
      out += d.toString();
      if (out.includes("READY")) resolve({ stop });
    });
    p.once("exit", (code) => reject(new Error(`the stand-in exited (${code}) before it was ready: ${out.slice(-500)}`)));
  });
}

/** `--standin KUBECONFIG`: serves the bench's objects (seedable) until SIGTERM. */
async function standinServe(kubeconfigPath: string): Promise<void> {
  const objects = generateLargeCluster({ namespaces: NAMESPACES, podsPerNamespace: PODS / NAMESPACES }).filter((o) => collectionPath(o as never)).map(seedable);
  const standin = await startStandin({ objects, tls: true, contextName: "standin-reader" });
  copyFileSync(standin.kubeconfigPath, kubeconfigPath);
  process.stdout.write("READY\n");
  await new Promise<void>((resolve) => { process.once("SIGINT", resolve); process.once("SIGTERM", resolve); });
  await standin.close();
}

const f0 = (x: number) => x.toFixed(0);

/** One server's refreshes as bench lines, and its row of the summary table. */
function describeServer(name: string, results: ChildResult[]): { lines: string[]; row: string; worstCpu: number | undefined; worstWall: number } {
  const runs = results.flatMap((r) => r.runs);
  const cold = results.map((r) => r.runs[0]!);
  const ms = (xs: TreeRun[], pick: (r: TreeRun) => number) => fmtSpread(spread(xs.map(pick)), "ms", 0);
  const mib = (xs: number[]) => fmtSpread(spread(xs), "MiB", 0);
  const cpus = runs.map((r) => r.cpuStallMs).filter((x): x is number => x !== undefined);
  const worstCpu = cpus.length ? Math.max(...cpus) : undefined;
  const worstCpuRun = runs.find((r) => r.cpuStallMs === worstCpu);
  const worstWall = Math.max(...runs.map((r) => r.stallMs));
  const loads = results.map((r) => r.load[0]!.toFixed(1)).join(", ");
  const first = cold[0]!;
  const w = first.worker;
  const lines = [
    `**${name}**: ${first.objects} objects read, ${first.errors} read errors, ${first.findings} findings in the tree; analysis ${first.place === "worker" ? "on the worker thread" : `in the main thread (${first.place ?? "?"})`}${w ? ` (objects posted in ${f0(w.toWorkerMs)} ms, ${f0(w.onWorkerMs)} ms on the worker after the last, findings read in ${f0(w.fromWorkerMs)} ms)` : ""}`,
    `${name}: time to the first complete tree (a new process's first Refresh, cold worker): ${ms(cold, (r) => r.totalMs)} — first: fetch ${f0(first.fetchMs)} + analysis ${f0(first.analysisMs)} + tree ${f0(first.treeMs)}; load average ${loads} at the end of each process`,
    `${name}: every Refresh (${runs.length}): total ${ms(runs, (r) => r.totalMs)}; fetch ${ms(runs, (r) => r.fetchMs)}; analysis ${ms(runs, (r) => r.analysisMs)}; tree ${ms(runs, (r) => r.treeMs)}`,
    `${name}: longest main-thread stall in CPU time ${cpus.length ? `${ms(runs, (r) => r.cpuStallMs ?? NaN)}, worst ${worstCpu} ms while ${worstCpuRun?.cpuStallPhase === "fetch" ? "fetching" : worstCpuRun?.cpuStallPhase === "analysis" ? "analysing" : "building the tree"}; turns that blocked over ${STALL_TARGET_MS} ms of CPU: ${runs.map((r) => r.cpuStallsOver100 ?? 0).join(", ")}; main-thread CPU per Refresh ${ms(runs, (r) => r.mainCpuMs ?? NaN)}` : "not measured (no /proc)"}`,
    `${name}: longest stall in wall time ${ms(runs, (r) => r.stallMs)}; by phase: fetch ${ms(runs, (r) => r.fetchStallMs)}, analysis ${ms(runs, (r) => r.analysisStallMs)}, tree ${ms(runs, (r) => r.treeStallMs)}; idle main thread beside a spinning thread (the machine's own noise) ${results.map((r) => f0(r.noiseMs)).join(", ")} ms`,
    `${name}: memory of the measuring process (the extension host's share: snapshot, analysis on its worker thread, tree kept): RSS after the tree ${mib(runs.map((r) => r.rssMiB))}, and at rest once the worker has stopped (as after the extension's 60 s idle stop) ${mib(runs.map((r) => r.restRssMiB ?? NaN))}; JS heap of the main thread ${mib(runs.map((r) => r.heapMiB))}; peak RSS ${results.map((r) => f0(r.maxRssMiB)).join(", ")} MiB`,
  ];
  const row = `| ${name} | ${f0(first.objects)} | ${cold.map((r) => f0(r.totalMs)).join(", ")} ms | ${worstCpu ?? "n/a"} ms | ${f0(worstWall)} ms | ${Math.max(...results.map((r) => r.maxRssMiB)).toFixed(0)} MiB | ${f0(Math.max(...runs.map((r) => r.restRssMiB ?? NaN)))} MiB | ${loads} |`;
  return { lines, row, worstCpu, worstWall };
}

async function main(): Promise<void> {
  // @ts-expect-error: a plain ES module without types
  const controlplane = await import("../test/real-cluster/controlplane.mjs") as { BINARY: string; startControlPlane: (o: object) => Promise<{ server: string; version: { gitVersion?: string }; stop(): Promise<void> }> };
  if (!existsSync(controlplane.BINARY)) {
    emit({ step: "cluster-real", goals: [], lines: [`skipped: the pinned control plane is not built here (${controlplane.BINARY} is missing; \`.ci/run\` or \`npm run cluster:real\` builds it; a cold build is 23 CPU-minutes, 12-14 min on 2 idle cores: test/real-cluster/README.md, "Build time")`] });
    return;
  }
  const dir = mkdtempSync(join(tmpdir(), "kubeready-bench-real-"));
  const kubeconfigPath = join(dir, "kubeconfig");
  const standinKubeconfig = join(dir, "standin-kubeconfig");
  const loadAtStart = loadavg();
  const started = performance.now();
  // No controllers: the pods stay as created (bare, Pending), as on a cluster whose controllers are idle.
  const cp = await controlplane.startControlPlane({ kubeconfigPath, controllers: false });
  let standin: { stop(): Promise<void> } | undefined;
  try {
    const readyS = (performance.now() - started) / 1000;
    const load = loadKubeconfig({ path: kubeconfigPath });
    if (!load.ok) throw new Error(load.error.message);
    const api = await AdminApi.forContext(load.kc, "kubeready-real-admin");
    await bindReader(api);
    const objects = generateLargeCluster({ namespaces: NAMESPACES, podsPerNamespace: PODS / NAMESPACES });
    const t0 = performance.now();
    const created = await seed(api, objects, 16);
    const seedS = (performance.now() - t0) / 1000;
    const loadAfterSeed = loadavg();
    api.close();
    standin = await startStandinProcess(standinKubeconfig);
    const real: ChildResult[] = [];
    const stand: ChildResult[] = [];
    // Alternating, real first in even repeats and the stand-in first in odd ones.
    for (let i = 0; i < REPEATS; i++) {
      const order = i % 2 === 0 ? ["real", "standin"] : ["standin", "real"];
      for (const which of order) {
        if (which === "real") real.push(await child(kubeconfigPath, "kubeready-real-reader"));
        else stand.push(await child(standinKubeconfig));
      }
    }
    await standin.stop();
    standin = undefined;
    const pods = objects.filter((o) => o.kind === "Pod").length;
    const r = describeServer(`real kube-apiserver ${cp.version.gitVersion}`, real);
    const s = describeServer("stand-in (test/standin, same objects)", stand);
    const cpuWorst = r.worstCpu;
    const la = (l: number[]) => l.map((x) => x.toFixed(1)).join(" / ");
    const result: StepResult = {
      step: "cluster-real",
      goals: [
        goal(`real kube-apiserver, ${NAMESPACES} namespaces / ${pods} pods: longest main-thread stall in CPU time, first request to finished tree`, `≤ ${STALL_TARGET_MS} ms`, (cpuWorst ?? NaN) / STALL_TARGET_MS, cpuWorst !== undefined && cpuWorst <= STALL_TARGET_MS, `${cpuWorst ?? "n/a"} ms (worst of ${real.reduce((n, c) => n + c.runs.length, 0)} Refreshes; wall ${f0(r.worstWall)} ms at load ${real.map((c) => c.load[0]!.toFixed(0)).join(", ")})`),
        goal(`real kube-apiserver, ${NAMESPACES} namespaces / ${pods} pods: longest main-thread stall in wall time`, `≤ ${STALL_TARGET_MS} ms`, r.worstWall / STALL_TARGET_MS, r.worstWall <= STALL_TARGET_MS, `${f0(r.worstWall)} ms at load ${real.map((c) => c.load[0]!.toFixed(0)).join(", ")}`),
      ],
      lines: [
        `kube-apiserver ${cp.version.gitVersion} (test/real-cluster, no controllers running), ready after ${readyS.toFixed(1)} s; ${created} objects created through the API in ${seedS.toFixed(0)} s (16 in flight): ${NAMESPACES} namespaces, ${pods} pods, their Deployments, Services, PDBs and policies; the stand-in serves the same objects from a process of its own, over TLS`,
        `method: each measuring process (${REPEATS} per server, alternating) does ${ROUNDS} Refreshes as the extension does (page size ${analyzerModule.EDITOR_PAGE_SIZE ?? 500}, the user kubeready-reader, analysis on dist/cluster-worker.js, tree in slices); stall = the longest a turn of the main thread's event loop came late, from the first request to the finished tree — in wall time (perf_hooks.monitorEventLoopDelay, 1 ms resolution) and in the main thread's own CPU time over that late turn (a 1 ms interval timer reading /proc/self/task/<pid>/stat utime+stime, 10 ms ticks; a turn later than ${LATE_TURN_MS} ms counts) — on a loaded machine wall time is mostly waiting for a core, CPU time is what a quiet machine would block`,
        `load average (1 / 5 / 15 min): ${la(loadAtStart)} at start, ${la(loadAfterSeed)} after seeding, ${la(loadavg())} at the end`,
        ...r.lines,
        ...s.lines,
        "",
        "| server | objects read | first complete tree (cold) | longest stall, main-thread CPU | longest stall, wall | peak RSS | RSS at rest | load (1 min) |",
        "|---|---:|---:|---:|---:|---:|---:|---|",
        r.row,
        s.row,
      ],
      data: { readyS, seedS, created, real, standin: stand },
    };
    emit(result);
  } finally {
    await standin?.stop();
    await cp.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * `--serve KUBECONFIG`: starts the control plane, seeds it as the bench does, writes the reader's kubeconfig to
 * KUBECONFIG and stays up until SIGINT/SIGTERM — for profiling `--measure KUBECONFIG 1 kubeready-real-reader` again
 * and again (with `--cpu-prof`, or from another checkout) without seeding 20,000 pods each time.
 */
async function serve(kubeconfigPath: string): Promise<void> {
  // @ts-expect-error: a plain ES module without types
  const controlplane = await import("../test/real-cluster/controlplane.mjs") as { startControlPlane: (o: object) => Promise<{ stop(): Promise<void> }> };
  const cp = await controlplane.startControlPlane({ kubeconfigPath, controllers: false });
  const load = loadKubeconfig({ path: kubeconfigPath });
  if (!load.ok) throw new Error(load.error.message);
  const api = await AdminApi.forContext(load.kc, "kubeready-real-admin");
  await bindReader(api);
  const t0 = performance.now();
  const created = await seed(api, generateLargeCluster({ namespaces: NAMESPACES, podsPerNamespace: PODS / NAMESPACES }), 16);
  api.close();
  console.log(`serving ${kubeconfigPath}: ${created} objects created in ${((performance.now() - t0) / 1000).toFixed(0)} s; Ctrl-C stops it`);
  await new Promise<void>((resolve) => { process.once("SIGINT", resolve); process.once("SIGTERM", resolve); });
  await cp.stop();
}

const mode = process.argv[2];
const done = (p: Promise<void>) => p.then(() => process.exit(0), (e) => { console.error(e); process.exit(1); });
if (mode === "--serve") done(serve(process.argv[3]!));
else if (mode === "--standin") done(standinServe(process.argv[3]!));
else if (mode === "--measure") done(measure(process.argv[3]!, Number(process.argv[4] ?? 1), process.argv[5]));
else done(main());
