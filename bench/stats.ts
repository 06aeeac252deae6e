// Small statistics and formatting helpers shared by the benchmark steps (medians, percentiles, spread).
import { readFileSync, writeFileSync } from "node:fs";

export interface Spread { n: number; p50: number; p95: number; min: number; max: number }

export function percentile(xs: readonly number[], p: number): number {
  if (xs.length === 0) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  const i = Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1));
  return s[i];
}

export function spread(xs: readonly number[]): Spread {
  return { n: xs.length, p50: percentile(xs, 50), p95: percentile(xs, 95), min: Math.min(...xs), max: Math.max(...xs) };
}

export function median(xs: readonly number[]): number {
  return percentile(xs, 50);
}

/** "12.3 ms (p95 14.0, min 11.9, max 20.1, n 5)" */
export function fmtSpread(s: Spread, unit = "ms", digits = 1): string {
  const f = (x: number) => x.toFixed(digits);
  return `${f(s.p50)} ${unit} (p95 ${f(s.p95)}, min ${f(s.min)}, max ${f(s.max)}, n ${s.n})`;
}

export function fmtRatio(r: number): string {
  return Number.isFinite(r) ? (r >= 10 ? `${r.toFixed(0)}×` : `${r.toFixed(2)}×`) : "n/a";
}

export function forceGc(): void {
  (globalThis as { gc?: () => void }).gc?.();
}

export function now(): number {
  return performance.now();
}

/** Resident set size (current and peak) of a Linux process, in MiB. */
export function rssMiB(pid: number): { rss: number; peak: number } {
  const status = readFileSync(`/proc/${pid}/status`, "utf8");
  const kb = (name: string) => Number(new RegExp(`${name}:\\s+(\\d+) kB`).exec(status)?.[1] ?? NaN);
  return { rss: kb("VmRSS") / 1024, peak: kb("VmHWM") / 1024 };
}

/** A step's result: goals with verdicts plus free-form lines for RESULTS.md. */
export interface Goal { name: string; target: string; measured: string; ratio: number; pass: boolean | null; note?: string }
export interface StepResult { step: string; goals: Goal[]; lines: string[]; data?: unknown }

export function goal(name: string, target: string, ratio: number, pass: boolean | null, measured: string, note?: string): Goal {
  return { name, target, ratio, pass: Number.isNaN(ratio) ? null : pass, measured, note };
}

/** Writes a step's result where scripts/bench.mjs asked for it (argv[2]), and prints it for a standalone run. */
export function emit(result: StepResult): void {
  const out = process.argv[2];
  if (out) writeFileSync(out, JSON.stringify(result, null, 2));
  for (const l of result.lines) console.log(l);
  for (const g of result.goals) console.log(`GOAL ${g.name}: ${g.measured} -> ${g.pass === null ? "N/A" : g.pass ? "PASS" : "MISS"} (target ${g.target})`);
}
