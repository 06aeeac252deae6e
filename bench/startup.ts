// Bench step: CLI startup — wall time of linting one file (the pre-commit case) against a bare `node -e 0`, and what
// each library bundled into dist/cli.js costs to load (picomatch, ignore, diff, yaml), measured as bundles of their own.
import { spawnSync } from "node:child_process";
import { mkdtempSync, statSync, writeFileSync } from "node:fs";
import { cpus, loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { buildSync } from "esbuild";
import { emit, fmtSpread, goal, spread, type Goal } from "./stats.js";

const ROOT = join(__dirname, "..");
const ROUNDS = Number(process.env.BENCH_STARTUP_ROUNDS ?? 15);
const TARGET_MS = 150;
const dir = mkdtempSync(join(tmpdir(), "kubeready-startup-"));
const pod = join(dir, "pod.yaml");
writeFileSync(pod, "apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\nspec:\n  containers:\n    - name: app\n      image: registry.example.com/app:1.0.0\n      securityContext:\n        privileged: true\n");

/**
 * CPU time of each child (user + system, all its threads), written by a preload at exit: on a shared, loaded machine
 * wall time measures the queue for the cores as much as kubeready; CPU time is what the process itself costs.
 */
const cpuPreload = join(dir, "cpu-at-exit.js");
writeFileSync(cpuPreload, 'process.on("exit", () => { const u = process.cpuUsage(); require("fs").writeSync(2, `\\nkubeready-bench-cpu ${(u.user + u.system) / 1000}\\n`); });\n');

/** One bundle per library, each just loading it (what dist/cli.js pays for it at startup). */
const LIBS = ["picomatch", "ignore", "diff", "yaml"];
const libBundles = LIBS.map((lib) => {
  const outfile = join(dir, `lib-${lib}.js`);
  buildSync({ stdin: { contents: `const m = require(${JSON.stringify(lib)}); if (!m) process.exit(3);`, resolveDir: ROOT }, bundle: true, platform: "node", format: "cjs", target: "node20", outfile, logLevel: "error" });
  return { lib, outfile };
});

const commands: { name: string; args: string[]; env?: Record<string, string> }[] = [
  { name: "node -e 0", args: ["-e", "0"] },
  { name: "kubeready --version", args: [join(ROOT, "bin", "kubeready.js"), "--version"] },
  { name: "kubeready lint one file", args: [join(ROOT, "bin", "kubeready.js"), "lint", "--fail-on", "never", pod], env: { KUBEREADY_CACHE_DIR: join(dir, "compile-cache") } },
  // The launcher's V8 code cache off: every function of the bundle compiled again (the first run after an install).
  { name: "kubeready lint one file, no code cache", args: [join(ROOT, "bin", "kubeready.js"), "lint", "--fail-on", "never", pod], env: { KUBEREADY_NO_COMPILE_CACHE: "1" } },
  ...libBundles.map((b) => ({ name: `load ${b.lib} (bundled)`, args: [b.outfile] })),
];

const cpuSamples = new Map<string, number[]>(commands.map((c) => [c.name, []]));

function time(name: string, args: string[], env?: Record<string, string>): number {
  const t0 = process.hrtime.bigint();
  const r = spawnSync(process.execPath, ["-r", cpuPreload, ...args], { stdio: ["ignore", "ignore", "pipe"], encoding: "utf8", env: { ...process.env, ...env } });
  const ms = Number(process.hrtime.bigint() - t0) / 1e6;
  if (r.status !== 0) throw new Error(`${args.join(" ")} exited ${r.status}`);
  const cpu = /kubeready-bench-cpu ([\d.]+)/.exec(r.stderr ?? "");
  if (cpu) cpuSamples.get(name)!.push(Number(cpu[1]));
  return ms;
}

const samples = new Map<string, number[]>(commands.map((c) => [c.name, []]));
for (let round = 0; round < ROUNDS; round++) {
  // Interleaved, alternating order: a noisy moment hits every command alike.
  const order = round % 2 ? [...commands].reverse() : commands;
  for (const c of order) samples.get(c.name)!.push(time(c.name, c.args, c.env));
}

const s = (name: string) => spread(samples.get(name)!);
const node = s("node -e 0");
const lint = s("kubeready lint one file");
const lines = [
  `dist/cli.js ${(statSync(join(ROOT, "dist", "cli.js")).size / 1024).toFixed(0)} KiB (kubeready cluster lives in dist/cli-cluster.js, loaded only by that command)`,
  ...commands.map((c) => `${c.name}: ${fmtSpread(s(c.name))}`),
  ...["node -e 0", "kubeready --version", "kubeready lint one file", "kubeready lint one file, no code cache"].map((n) => `${n}: CPU ${fmtSpread(spread(cpuSamples.get(n)!))}`),
  `load average at the end: ${loadavg().map((l) => l.toFixed(1)).join(" ")} on ${cpus().length} cores (wall times are not comparable across loads; CPU times are closer)`,
  ...LIBS.map((lib) => `  ${lib}: +${(s(`load ${lib} (bundled)`).p50 - node.p50).toFixed(1)} ms over node -e 0 (p50)`),
];
const lintCpu = spread(cpuSamples.get("kubeready lint one file")!), nodeCpu = spread(cpuSamples.get("node -e 0")!);
const goals: Goal[] = [
  goal("kubeready lint of one file, wall (p50)", `≤ ${TARGET_MS} ms`, lint.p50 / TARGET_MS, lint.p50 <= TARGET_MS, `${lint.p50.toFixed(0)} ms (node -e 0: ${node.p50.toFixed(0)} ms; kubeready's own share ${(lint.p50 - node.p50).toFixed(0)} ms; CPU ${lintCpu.p50.toFixed(0)} ms, node's ${nodeCpu.p50.toFixed(0)} ms)`),
];
emit({ step: "startup", goals, lines });
