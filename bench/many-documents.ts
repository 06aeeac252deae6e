// Bench step: one file of many small documents (issue 14.3): the language server over stdio (hover latency on another
// file while the huge one is analysed, time to its diagnostics, RSS before/after/closed) and the CLI's growth 10k → 100k.
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { startLspServer, type LspClient } from "../test/lsp/client.js";
import { emit, fmtRatio, goal, percentile, rssMiB, type Goal, type StepResult } from "./stats.js";

const ROOT = join(import.meta.dirname, "..");
const CLI = process.env.BENCH_CLI ?? join(ROOT, "dist", "cli.js");
/** The server measured, and optionally another build's (a copy of an earlier commit's dist/server.js) in the same rounds. */
const SERVER = process.env.BENCH_SERVER ?? join(ROOT, "dist", "server.js");
const BASELINE_SERVER = process.env.BENCH_SERVER_BASELINE;
/** Node flags for the server process, e.g. `--cpu-prof --cpu-prof-dir=/tmp/p --require ./bench/loop-stalls.cjs`. */
/**
 * `BENCH_MANY_COST=1`: slicing's own cost instead: server CPU for one analysis of 20,000 and 100,000 documents, sliced
 * and in one go (KUBEREADY_SLICED_FROM past the size), with no hover during the analysis, interleaved in one run.
 */
const COST = process.env.BENCH_MANY_COST === "1";
const SERVER_NODE_ARGS = (process.env.BENCH_SERVER_NODE_ARGS ?? "").split(/\s+/).filter(Boolean);
const SIZES = [10_000, 100_000];
const ROUNDS = Number(process.env.BENCH_MANY_ROUNDS ?? 2);
const LSP_ROUNDS = Number(process.env.BENCH_MANY_LSP_ROUNDS ?? ROUNDS);
/** `BENCH_MANY_PARTS=lsp` or `cli` runs one half. */
const PARTS = new Set((process.env.BENCH_MANY_PARTS ?? "lsp,cli").split(","));
const LSP_DOCUMENTS = Number(process.env.BENCH_MANY_LSP_DOCUMENTS ?? 100_000);
/** Linear means 10× the documents cost at most this many times the time (GC and the machine's noise leave some room). */
const GROWTH_TARGET = 13;
/** The issue's check: hover on another file answered within this while the huge file is analysed. */
const HOVER_TARGET_MS = 100;
const HOVER_EVERY_MS = 20;
/** After the close, how long the server is left alone before its RSS is read (V8 returns freed pages when idle). */
const SETTLE_MS = Number(process.env.BENCH_MANY_SETTLE_MS ?? 5000);

/** The issue's shape: tiny ConfigMaps, 73 bytes each, one file. */
function manyDocuments(n: number): string {
  let s = "";
  for (let i = 0; i < n; i++) s += `---\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c${i}\ndata: {k: v}\n`;
  return s;
}

/** The other file: a Pod with findings, so its hover carries a rule's text. */
const POD = "apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers:\n    - name: c\n      image: c:1\n";

interface Run { wallMs: number; cpuMs: number; maxRssMiB: number; code: number }

/** One CLI run in its own process; the child reports its own CPU time and peak RSS. */
function runCli(file: string): Run {
  const probe = `const { main } = require(${JSON.stringify(CLI)});
const io = { stdout: { write() {} }, stderr: process.stderr, stdin: process.stdin, cwd: ${JSON.stringify(ROOT)}, env: {} };
main(["lint", "--fail-on", "never", ${JSON.stringify(file)}], io).then((code) => {
  const u = process.resourceUsage();
  process.stdout.write(JSON.stringify({ code, cpuMs: (u.userCPUTime + u.systemCPUTime) / 1000, maxRssMiB: u.maxRSS / 1024 }));
});`;
  const started = performance.now();
  const r = spawnSync(process.execPath, ["-e", probe], { encoding: "utf8", maxBuffer: 1 << 26 });
  const wallMs = performance.now() - started;
  if (r.status !== 0) throw new Error(`CLI run failed: ${r.stderr}`);
  return { wallMs, ...(JSON.parse(r.stdout) as Omit<Run, "wallMs">) };
}

interface LspRun {
  server: string;
  /** Hover round trips on the small file, sent every HOVER_EVERY_MS from the huge file's didOpen to its diagnostics. */
  hoversMs: number[];
  /** The same hover on the idle server before the open (the machine's noise). */
  idleMs: number[];
  /** Hovers answered wrongly (null or without the rule's text). */
  badHovers: number;
  openToDiagnosticsMs: number;
  diagnostics: number;
  rssBeforeOpen: number;
  rssAfterAnalysis: number;
  rssAfterClose: number;
  /** The server's V8 heap in use (MiB) before the open, after the analysis and after the close (kubeready/memoryUsage). */
  heapBeforeOpen: number;
  heapAfterAnalysis: number;
  heapAfterClose: number;
  peakRss: number;
  serverCpuMs: number;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Server CPU time (user + system) from /proc, in ms. */
function cpuMs(pid: number): number {
  const f = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1].split(" ");
  return ((Number(f[11]) + Number(f[12])) * 1000) / 100;
}

/** The issue's check over real LSP transport: open the huge file, hover on the small one every 20 ms until its diagnostics arrive. */
async function runLsp(server: string, text: string, dir: string, hovers = true): Promise<LspRun> {
  const client: LspClient = await startLspServer({ command: process.execPath, args: [...SERVER_NODE_ARGS, server, "--stdio"], rootUri: pathToFileURL(dir).toString() });
  try {
    const pid = client.process.pid!;
    const small = pathToFileURL(join(dir, "pod.yaml")).toString();
    const smallDiagnostics = client.waitForDiagnostics(small, (p) => p.diagnostics.length > 0, 60_000);
    client.open(small, POD);
    const position = (await smallDiagnostics).diagnostics[0]!.range.start;
    const hover = async (): Promise<{ ms: number; ok: boolean }> => {
      const t0 = performance.now();
      const h = (await client.connection.sendRequest("textDocument/hover", { textDocument: { uri: small }, position })) as { contents?: { value?: string } } | null;
      return { ms: performance.now() - t0, ok: !!h && /kubeready|hardening|pss\//.test(h.contents?.value ?? "") };
    };
    for (let i = 0; i < 20; i++) await hover(); // warm the hover path (JIT, schema) before it is timed
    // The same hovers on an idle server: what the machine's load alone does to an answer.
    const idleMs: number[] = [];
    for (let i = 0; i < 50; i++) { idleMs.push((await hover()).ms); await sleep(HOVER_EVERY_MS); }
    // The server's own heap figure (absent from servers older than this request: NaN).
    const heap = async () => { try { return ((await client.connection.sendRequest("kubeready/memoryUsage")) as { heapUsed: number }).heapUsed / 2 ** 20; } catch { return NaN; } };
    await sleep(500);
    const heapBeforeOpen = await heap();
    const rssBeforeOpen = rssMiB(pid).rss;
    const cpuBefore = cpuMs(pid);

    const huge = pathToFileURL(join(dir, "huge.yaml")).toString();
    const published = client.waitForDiagnostics(huge, () => true, 600_000);
    const pending: Promise<{ ms: number; ok: boolean }>[] = [];
    let done = false;
    const t0 = performance.now();
    client.open(huge, text);
    const openToDiagnostics = published.then((p) => { done = true; return { ms: performance.now() - t0, n: p.diagnostics.length }; });
    // A hover every 20 ms until the diagnostics arrive; a tick while one is still unanswered is skipped (as a person
    // waits for a hover), so an overloaded machine shows long answers instead of a queue of requests it created.
    let outstanding = false;
    while (hovers && !done) {
      if (!outstanding) {
        outstanding = true;
        pending.push(hover().finally(() => { outstanding = false; }));
      }
      await Promise.race([sleep(HOVER_EVERY_MS), openToDiagnostics]);
    }
    const { ms: openToDiagnosticsMs, n } = await openToDiagnostics;
    // The CPU of the analysis (and of the hovers answered meanwhile), read before anything else runs.
    const serverCpuMs = cpuMs(pid) - cpuBefore;
    const answers = await Promise.all(pending);
    await sleep(500);
    const rssAfterAnalysis = rssMiB(pid).rss;
    const heapAfterAnalysis = await heap();

    const cleared = client.waitForDiagnostics(huge, (p) => p.diagnostics.length === 0, 600_000);
    client.close(huge);
    await cleared;
    await sleep(SETTLE_MS);
    await hover(); // the server is answering again, not in the middle of a collection
    const { rss: rssAfterClose, peak: peakRss } = rssMiB(pid);
    const heapAfterClose = await heap();
    return {
      server, idleMs, hoversMs: answers.map((a) => a.ms), badHovers: answers.filter((a) => !a.ok).length,
      openToDiagnosticsMs, diagnostics: n, rssBeforeOpen, rssAfterAnalysis, rssAfterClose, peakRss, serverCpuMs, heapBeforeOpen, heapAfterAnalysis, heapAfterClose,
    };
  } finally {
    await client.shutdown();
  }
}

function describeLsp(runs: LspRun[]): { line: string; p50: number; p99: number; max: number; worst: LspRun } {
  const all = runs.flatMap((r) => r.hoversMs);
  const p50 = percentile(all, 50);
  const p99 = percentile(all, 99);
  const max = Math.max(...all);
  const worst = runs.reduce((a, b) => (b.openToDiagnosticsMs > a.openToDiagnosticsMs ? b : a));
  const f = (x: number) => x.toFixed(0);
  const idle = runs.flatMap((r) => r.idleMs);
  const line = `${runs[0]!.server}: hover on another file every ${HOVER_EVERY_MS} ms while the huge file is analysed: p50 ${p50.toFixed(1)} ms, p99 ${f(p99)} ms, max ${f(max)} ms (n ${all.length}, ${runs.reduce((s, r) => s + r.badHovers, 0)} wrong answers; the same hover on the idle server before: p50 ${percentile(idle, 50).toFixed(1)}, p99 ${f(percentile(idle, 99))}, max ${f(Math.max(...idle))} ms); ` +
    `open → diagnostics ${runs.map((r) => `${(r.openToDiagnosticsMs / 1000).toFixed(1)} s`).join(", ")} (${runs[0]!.diagnostics} diagnostics; server CPU ${runs.map((r) => `${(r.serverCpuMs / 1000).toFixed(1)} s`).join(", ")}); ` +
    `RSS before open ${runs.map((r) => f(r.rssBeforeOpen)).join("/")} MiB, after analysis ${runs.map((r) => f(r.rssAfterAnalysis)).join("/")} MiB, ${SETTLE_MS / 1000} s after close ${runs.map((r) => f(r.rssAfterClose)).join("/")} MiB, peak ${runs.map((r) => f(r.peakRss)).join("/")} MiB; V8 heap in use before open ${runs.map((r) => f(r.heapBeforeOpen)).join("/")} MiB, after analysis ${runs.map((r) => f(r.heapAfterAnalysis)).join("/")} MiB, after close ${runs.map((r) => f(r.heapAfterClose)).join("/")} MiB`;
  return { line, p50, p99, max, worst };
}

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), "kubeready-many-"));
  const lines: string[] = [];
  const goals: Goal[] = [];
  const data: Record<string, unknown> = {};
  try {
    if (COST) {
      // Same server, same text, no hovers: what slicing itself costs (yields, per-slice checkFile calls, the pacer).
      lines.push("slicing's cost: server CPU for one analysis opened over stdio, no hover during it, sliced vs one go (KUBEREADY_SLICED_FROM=1e9), interleaved:");
      for (const n of (process.env.BENCH_MANY_COST_SIZES ?? "20000,100000").split(",").map(Number)) {
        const text = manyDocuments(n);
        const cpu: Record<string, number[]> = { sliced: [], oneGo: [] };
        for (let r = 0; r < LSP_ROUNDS; r++) {
          for (const mode of r % 2 === 0 ? ["sliced", "oneGo"] : ["oneGo", "sliced"]) {
            if (mode === "oneGo") process.env.KUBEREADY_SLICED_FROM = "1000000000"; else delete process.env.KUBEREADY_SLICED_FROM;
            const run = await runLsp(SERVER, text, dir, false);
            delete process.env.KUBEREADY_SLICED_FROM;
            cpu[mode]!.push(run.serverCpuMs);
            console.error(`many-documents cost ${n} ${mode}: server CPU ${(run.serverCpuMs / 1000).toFixed(2)} s, open → diagnostics ${(run.openToDiagnosticsMs / 1000).toFixed(1)} s`);
          }
        }
        const med = (xs: number[]) => percentile(xs, 50);
        lines.push(`- ${n.toLocaleString("en")} documents: sliced ${(med(cpu.sliced!) / 1000).toFixed(2)} s CPU, one go ${(med(cpu.oneGo!) / 1000).toFixed(2)} s CPU (medians of ${LSP_ROUNDS}): sliced / one go ${fmtRatio(med(cpu.sliced!) / med(cpu.oneGo!))}`);
        data[`cost${n}`] = cpu;
      }
    }
    if (PARTS.has("lsp")) {
      const text = manyDocuments(LSP_DOCUMENTS);
      const servers = BASELINE_SERVER ? [BASELINE_SERVER, SERVER] : [SERVER];
      const runs: LspRun[][] = servers.map(() => []);
      for (let r = 0; r < LSP_ROUNDS; r++) {
        for (const i of r % 2 === 0 ? servers.keys() : [...servers.keys()].reverse()) {
          const run = await runLsp(servers[i]!, text, dir);
          console.error(`many-documents lsp round ${r + 1} ${servers[i]}: ${describeLsp([run]).line}`);
          runs[i]!.push(run);
        }
      }
      data.lsp = runs;
      lines.push(`language server over stdio, ${LSP_DOCUMENTS.toLocaleString("en")} documents (${(text.length / 2 ** 20).toFixed(1)} MiB) opened in one file, default settings (schema validation on), ${LSP_ROUNDS} round(s)${BASELINE_SERVER ? ", builds interleaved" : ""}:`);
      const described = runs.map(describeLsp);
      for (const d of described) lines.push(`- ${d.line}`);
      const ours = described[described.length - 1]!;
      const oursRuns = runs[runs.length - 1]!;
      const worstClose = Math.max(...oursRuns.map((r) => r.rssAfterClose - r.rssBeforeOpen));
      goals.push(goal(`hover on another file while ${LSP_DOCUMENTS.toLocaleString("en")} documents are analysed (LSP, every ${HOVER_EVERY_MS} ms): slowest answer`, `≤ ${HOVER_TARGET_MS} ms`, ours.max / HOVER_TARGET_MS, ours.max <= HOVER_TARGET_MS,
        `max ${ours.max.toFixed(0)} ms, p99 ${ours.p99.toFixed(0)} ms, p50 ${ours.p50.toFixed(1)} ms; open → diagnostics ${(ours.worst.openToDiagnosticsMs / 1000).toFixed(1)} s${BASELINE_SERVER ? ` (baseline in this run: max ${described[0]!.max.toFixed(0)} ms, p99 ${described[0]!.p99.toFixed(0)} ms, open → diagnostics ${(described[0]!.worst.openToDiagnosticsMs / 1000).toFixed(1)} s)` : ""}`));
      // Released on close: the server's RSS comes back to within 50 MiB of where it was before the open.
      goals.push(goal(`server memory released after closing the ${LSP_DOCUMENTS.toLocaleString("en")}-document file (RSS after close − before open)`, "≤ 50 MiB", worstClose / 50, worstClose <= 50,
        `${worstClose.toFixed(0)} MiB (before ${oursRuns.map((r) => r.rssBeforeOpen.toFixed(0)).join("/")}, analysed ${oursRuns.map((r) => r.rssAfterAnalysis.toFixed(0)).join("/")}, closed ${oursRuns.map((r) => r.rssAfterClose.toFixed(0)).join("/")} MiB)`));
    }
    if (PARTS.has("cli")) {
      const files = SIZES.map((n) => { const f = join(dir, `docs-${n}.yaml`); writeFileSync(f, manyDocuments(n)); return f; });
      const runs: Run[][] = SIZES.map(() => []);
      // Interleaved rounds, so the machine's load affects both sizes alike.
      for (let r = 0; r < ROUNDS; r++) files.forEach((f, i) => runs[i].push(runCli(f)));
      const best = runs.map((rs) => ({ wallMs: Math.min(...rs.map((x) => x.wallMs)), cpuMs: Math.min(...rs.map((x) => x.cpuMs)), maxRssMiB: Math.max(...rs.map((x) => x.maxRssMiB)) }));
      lines.push(...SIZES.map((n, i) => `CLI, ${n.toLocaleString("en")} documents: ${(best[i].wallMs / 1000).toFixed(2)} s wall, ${(best[i].cpuMs / 1000).toFixed(2)} s CPU, peak RSS ${best[i].maxRssMiB.toFixed(0)} MiB (best of ${ROUNDS})`));
      const growth = best[1].cpuMs / best[0].cpuMs;
      const rssGrowth = best[1].maxRssMiB / best[0].maxRssMiB;
      lines.push(`CLI growth 10× documents: CPU ${fmtRatio(growth)}, wall ${fmtRatio(best[1].wallMs / best[0].wallMs)}, peak RSS ${fmtRatio(rssGrowth)}`);
      goals.push(goal("CLI CPU time, 100,000 vs 10,000 small documents in one file (linear)", `≤ ${GROWTH_TARGET}×`, growth / GROWTH_TARGET, growth <= GROWTH_TARGET, `${growth.toFixed(1)}× (${(best[0].cpuMs / 1000).toFixed(2)} s → ${(best[1].cpuMs / 1000).toFixed(2)} s CPU; RSS ${best[0].maxRssMiB.toFixed(0)} → ${best[1].maxRssMiB.toFixed(0)} MiB)`));
      data.cli = runs;
    }
    lines.push(`load average at the end: ${loadavg().map((x: number) => x.toFixed(1)).join(", ")}`);
    const result: StepResult = { step: COST && !PARTS.has("lsp") ? "many-documents-cost" : "many-documents", goals, lines, data };
    emit(result);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

main().then(() => process.exit(0), (e) => { console.error(e); process.exit(1); });
