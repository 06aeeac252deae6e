// Bench step: workspace scan of the corpus vs a single-threaded bare parse, server start to first diagnostics, and resident memory vs yaml-language-server.
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { parseAllDocuments } from "yaml";
import { clearParseCache } from "../rules/engine.js";
import { Workspace } from "../server/lsp/workspace.js";
import { startLspServer, type LspClient } from "../test/lsp/client.js";
import { loadCorpus, yamlFilesUnder } from "./corpus.js";
import { emit, fmtRatio, fmtSpread, forceGc, goal, median, now, rssMiB, spread, type Goal } from "./stats.js";
import { generateManifest } from "./yls/manifest.js";
import { startYamlLanguageServer } from "./yls/yamlLanguageServer.js";

const SERVER = join(__dirname, "..", "dist", "server.js");
const ROUNDS = Number(process.env.BENCH_SCAN_ROUNDS ?? 3);
const YLS_OPEN_TIMEOUT_MS = Number(process.env.BENCH_YLS_OPEN_TIMEOUT_MS ?? 240_000);

const lines: string[] = [];
const goals: Goal[] = [];
const data: Record<string, unknown> = {};

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
/** The losing side of a race: a wait that does not keep the process alive once the race is decided. */
const deadline = (ms: number) => new Promise<undefined>((r) => setTimeout(() => r(undefined), ms).unref());

async function startOurs(root: string): Promise<{ client: LspClient; spawnedAt: number; indexed: Promise<{ at: number; files: number; ms: number }> }> {
  const spawnedAt = now();
  const client = await startLspServer({ command: process.execPath, args: [SERVER, "--stdio"], rootUri: pathToFileURL(root).toString() });
  // The scan starts on `initialized`, which startLspServer has just sent; its log line arrives later.
  const indexed = new Promise<{ at: number; files: number; ms: number }>((resolve) => {
    client.connection.onNotification("window/logMessage", (p: { message: string }) => {
      const m = /indexed (\d+) YAML files in (\d+) ms/.exec(p.message);
      if (m) resolve({ at: now(), files: Number(m[1]), ms: Number(m[2]) });
    });
  });
  return { client, spawnedAt, indexed };
}

/** Spawn → publishDiagnostics of one opened file (the server does not wait for the scan to publish it). */
async function startToFirstDiagnostics(root: string, text: string): Promise<{ firstDiagnostics: number; indexedAt?: number; rss: number }> {
  const { client, spawnedAt, indexed } = await startOurs(root);
  const uri = pathToFileURL(join(root, "opened-by-bench.yaml")).toString();
  const wait = client.waitForDiagnostics(uri, () => true, 120_000);
  client.open(uri, text);
  await wait;
  const firstDiagnostics = now() - spawnedAt;
  const ix = await Promise.race([indexed, deadline(120_000)]);
  const rss = rssMiB(client.process.pid!).rss;
  await client.shutdown();
  return { firstDiagnostics, indexedAt: ix ? ix.at - spawnedAt : undefined, rss };
}

async function main(): Promise<void> {
  const corpus = loadCorpus();
  lines.push(corpus.note);
  let root = corpus.dir;
  let tmpRoot: string | undefined;
  if (!root) {
    // A generated corpus must exist on disk to be scanned.
    tmpRoot = root = mkdtempSync(join(tmpdir(), "kubeready-bench-corpus-"));
    const { writeFileSync } = await import("node:fs");
    corpus.files.forEach((f, i) => writeFileSync(join(root!, `app-${i}.yaml`), f.text));
  }
  const paths = yamlFilesUnder(root);

  // 1. In-process scan (Workspace.scan: walk, read, parse, index) vs read + bare parse on one thread, interleaved.
  const bareRead = () => { const t0 = now(); for (const p of paths) parseAllDocuments(readFileSync(p, "utf8")); return now() - t0; };
  let scanned = 0;
  let lastWs: Workspace | undefined;
  const scan = async () => {
    clearParseCache();
    lastWs = undefined;
    const ws = new Workspace();
    const t0 = now();
    scanned = await ws.scan([root!], () => false);
    const ms = now() - t0;
    lastWs = ws;
    return ms;
  };
  bareRead(); await scan(); // warm the page cache and the JIT
  const bare: number[] = [], scans: number[] = [], ratios: number[] = [];
  for (let r = 0; r < ROUNDS; r++) {
    let b = 0, s = 0;
    if (r % 2 === 0) { forceGc(); b = bareRead(); forceGc(); s = await scan(); }
    else { forceGc(); s = await scan(); forceGc(); b = bareRead(); }
    bare.push(b); scans.push(s); ratios.push(s / b);
  }
  // What the scanned index itself holds: the heap after a forced GC, with and without the last scan's Workspace.
  forceGc();
  const heapWith = process.memoryUsage().heapUsed;
  const where = lastWs?.lastScan;
  lastWs = undefined;
  clearParseCache(); forceGc();
  const heapIndex = (heapWith - process.memoryUsage().heapUsed) / 1048576;
  const scanRatio = median(ratios);
  const threads = where ? ` (${where.byWorkers} files parsed on ${where.workers} worker threads, ${where.here} in the main thread)` : "";
  lines.push(`in-process Workspace.scan of ${scanned} files (walk + read + parse + index): ${fmtSpread(spread(scans), "ms", 0)}${threads}`);
  lines.push(`in-process heap held by the scanned workspace (after a forced GC): ${heapIndex.toFixed(1)} MiB`);
  lines.push(`single-threaded read + bare parseAllDocuments of ${paths.length} files: ${fmtSpread(spread(bare), "ms", 0)}`);
  if (scanned !== paths.length) lines.push(`note: the scan saw ${scanned} files, the bare parse ${paths.length} (the scan skips dot-folders, vendor/, dist/ …)`);
  goals.push(goal("workspace scan / single-threaded bare parse", "≤ 1.0×", scanRatio, scanRatio <= 1.0, `${fmtRatio(scanRatio)} (median of ${ROUNDS} interleaved rounds)`));

  // 2. Through the LSP: the server's own "indexed N files in X ms", and resident memory holding the workspace.
  const ours = await startOurs(root);
  const ix = await Promise.race([ours.indexed, deadline(300_000)]);
  await sleep(1000);
  const ourMem = rssMiB(ours.client.process.pid!);
  if (ix) lines.push(`LSP server rooted at the corpus: "indexed ${ix.files} YAML files in ${ix.ms} ms" (spawn → that log line ${(ix.at - ours.spawnedAt).toFixed(0)} ms)`);
  else lines.push("LSP server rooted at the corpus: no 'indexed' log line within 300 s");
  lines.push(`kubeready server RSS holding the workspace (scanned, 1 s after): ${ourMem.rss.toFixed(0)} MiB (peak ${ourMem.peak.toFixed(0)} MiB)`);
  await ours.client.shutdown();
  data.scan = { scans, bare, ratios, lsp: ix, ourMem, where, heapIndexMiB: heapIndex };

  // yaml-language-server has no workspace scan: it holds what the editor opens, so every corpus file is opened in it.
  let ylsMem: { rss: number; peak: number } | undefined;
  try {
    const yls = await startYamlLanguageServer({ rootPath: root });
    try {
      const t0 = now();
      let published = 0;
      const waits = paths.map((p) => yls.waitForDiagnostics(pathToFileURL(p).toString(), { timeoutMs: YLS_OPEN_TIMEOUT_MS }).then(() => { published++; }, () => undefined));
      for (const p of paths) await yls.open(pathToFileURL(p).toString(), readFileSync(p, "utf8"));
      await Promise.all(waits);
      await sleep(1000);
      const st = readFileSync(`/proc/${yls.pid}/status`, "utf8");
      const kb = (n: string) => Number(new RegExp(`${n}:\\s+(\\d+) kB`).exec(st)?.[1] ?? NaN) / 1024;
      ylsMem = { rss: kb("VmRSS"), peak: kb("VmHWM") };
      lines.push(`${yls.serverInfo} with all ${paths.length} files opened (${published} validated in ${((now() - t0) / 1000).toFixed(1)} s): RSS ${ylsMem.rss.toFixed(0)} MiB (peak ${ylsMem.peak.toFixed(0)} MiB)`);
    } finally { await yls.shutdown(); }
  } catch (e) {
    lines.push(`yaml-language-server NOT RUN: ${(e as Error).message}`);
  }
  const memRatio = ylsMem ? ourMem.rss / ylsMem.rss : NaN;
  goals.push(goal("server RSS / yaml-language-server RSS, same workspace", "≤ 0.3×", memRatio, memRatio <= 0.3,
    ylsMem ? `${ourMem.rss.toFixed(0)} MiB vs ${ylsMem.rss.toFixed(0)} MiB = ${fmtRatio(memRatio)}` : "yaml-language-server not run"));
  data.memory = { ours: ourMem, yls: ylsMem };

  // 3. Server start → first diagnostics of an opened 1,000-line file: empty workspace, and rooted at the corpus.
  const empty = mkdtempSync(join(tmpdir(), "kubeready-bench-empty-"));
  const text = generateManifest(1000);
  const startEmpty: number[] = [], startCorpus: number[] = [];
  let idleRss = NaN;
  for (let r = 0; r < 3; r++) {
    const e = await startToFirstDiagnostics(empty, text);
    startEmpty.push(e.firstDiagnostics);
    idleRss = e.rss;
    startCorpus.push((await startToFirstDiagnostics(root, text)).firstDiagnostics);
  }
  rmSync(empty, { recursive: true, force: true });
  lines.push(`server spawn → first diagnostics of an opened 1,000-line file, empty workspace: ${fmtSpread(spread(startEmpty), "ms", 0)}`);
  lines.push(`server spawn → first diagnostics of an opened 1,000-line file, rooted at the corpus (scan running): ${fmtSpread(spread(startCorpus), "ms", 0)}`);
  lines.push(`for scale: kubeready server RSS with only that 1,000-line file (empty workspace): ${idleRss.toFixed(0)} MiB`);
  data.start = { startEmpty, startCorpus };
  if (tmpRoot) rmSync(tmpRoot, { recursive: true, force: true });
  emit({ step: "workspace", goals, lines, data });
}

// Exit explicitly: a bounded wait (timer) or a child pipe must not keep the step alive after its result is written.
main().then(() => process.exit(0), (e) => { console.error(e); process.exit(1); });
