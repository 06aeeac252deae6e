// Bench step: one file of many small documents (10,000 and 100,000, about 7 MB) through the CLI: time, CPU and peak RSS, and their growth.
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { emit, goal, type StepResult } from "./stats.js";

const ROOT = join(import.meta.dirname, "..");
const CLI = process.env.BENCH_CLI ?? join(ROOT, "dist", "cli.js");
const SIZES = [10_000, 100_000];
const ROUNDS = Number(process.env.BENCH_MANY_ROUNDS ?? 2);
/** Linear means 10× the documents cost at most this many times the time (GC and the machine's noise leave some room). */
const GROWTH_TARGET = 13;

/** The shape: tiny ConfigMaps, 73 bytes each, one file. */
function manyDocuments(n: number): string {
  let s = "";
  for (let i = 0; i < n; i++) s += `---\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c${i}\ndata: {k: v}\n`;
  return s;
}

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

function main(): void {
  const dir = mkdtempSync(join(tmpdir(), "kubeready-many-"));
  try {
    const files = SIZES.map((n) => { const f = join(dir, `docs-${n}.yaml`); writeFileSync(f, manyDocuments(n)); return f; });
    const runs: Run[][] = SIZES.map(() => []);
    // Interleaved rounds, so the machine's load affects both sizes alike.
    for (let r = 0; r < ROUNDS; r++) files.forEach((f, i) => runs[i].push(runCli(f)));
    const best = runs.map((rs) => ({ wallMs: Math.min(...rs.map((x) => x.wallMs)), cpuMs: Math.min(...rs.map((x) => x.cpuMs)), maxRssMiB: Math.max(...rs.map((x) => x.maxRssMiB)) }));
    const lines = SIZES.map((n, i) => `${n.toLocaleString("en")} documents: ${(best[i].wallMs / 1000).toFixed(2)} s wall, ${(best[i].cpuMs / 1000).toFixed(2)} s CPU, peak RSS ${best[i].maxRssMiB.toFixed(0)} MiB (best of ${ROUNDS})`);
    const growth = best[1].cpuMs / best[0].cpuMs;
    const rssGrowth = best[1].maxRssMiB / best[0].maxRssMiB;
    lines.push(`growth 10× documents: CPU ${growth.toFixed(1)}×, peak RSS ${rssGrowth.toFixed(1)}×`);
    const result: StepResult = {
      step: "many-documents",
      goals: [goal("CLI CPU time, 100,000 vs 10,000 small documents in one file (linear)", `≤ ${GROWTH_TARGET}×`, growth / GROWTH_TARGET, growth <= GROWTH_TARGET, `${growth.toFixed(1)}× (${(best[0].cpuMs / 1000).toFixed(2)} s → ${(best[1].cpuMs / 1000).toFixed(2)} s CPU; RSS ${best[0].maxRssMiB.toFixed(0)} → ${best[1].maxRssMiB.toFixed(0)} MiB)`)],
      lines,
      data: runs,
    };
    emit(result);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

main();
