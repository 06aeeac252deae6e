// Prints kubeready's whole-process time over the corpus as a ratio to a bare single-threaded `yaml` parse of the same files, in one interleaved run (#19).
//
//   node --import tsx bench/bare-ratio.ts
//
// Each round runs every contender once as a whole process under GNU time, the order rotating each round, so drift on a
// shared machine hits every contender alike; medians of wall and CPU (user + system) per contender and each one's ratio
// to the bare parse of the same round are printed with the load average before and after. Contenders:
//   - bare: `parseAllDocuments` over every *.yaml/*.yml file of the corpus (the script bench/peers.ts races);
//   - kubeready: `kubeready lint . --no-render --format json --fail-on never` in the corpus folder (its own default
//     threads), and the same with `--threads 1`;
//   - kubeconform (when built in the tools cache: `node scripts/tools.mjs` or the peers step), schema validation only;
//   - BENCH_BASELINE=/path/to/other/checkout (built): that checkout's CLI with the same flags, for before/after.
// BENCH_RATIO_ROUNDS (default 5), BENCH_RATIO_THREADS (a list like "1,2": the `--threads` variants; default "1"),
// KUBEREADY_CORPUS (default ../shared/corpus). The runs' JSON outputs are compared: a difference is printed and the exit
// code is 1 (the timing of a build that says something else is no comparison).
import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { homedir, loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { CORPUS_DIR, yamlFilesUnder } from "./corpus.js";
import { writeKubeconformSchemas } from "./kubeconform-schemas.js";
import { median } from "./stats.js";

const ROOT = join(__dirname, "..");
const ROUNDS = Number(process.env.BENCH_RATIO_ROUNDS ?? 5);
const THREADS = (process.env.BENCH_RATIO_THREADS ?? "1").split(",").filter(Boolean);
const BASELINE = process.env.BENCH_BASELINE;

interface Run { wallMs: number; cpuMs: number; peakMiB: number; status: number | null; out: string }
interface Contender { name: string; cmd: string; args: string[]; cwd: string; json?: boolean }

function runOnce(c: Contender, outFile: string): Promise<Run> {
  return new Promise((resolve) => {
    const t0 = process.hrtime.bigint();
    const child = spawn("/usr/bin/time", ["-f", "__PEAK_KB=%M __CPU_S=%U+%S", "-o", `${outFile}.time`, c.cmd, ...c.args], { cwd: c.cwd, stdio: ["ignore", "pipe", "ignore"] });
    const chunks: Buffer[] = [];
    child.stdout!.on("data", (d: Buffer) => { if (c.json) chunks.push(d); });
    child.on("close", (status) => {
      const wallMs = Number(process.hrtime.bigint() - t0) / 1e6;
      const t = readFileSync(`${outFile}.time`, "utf8");
      const cpu = /__CPU_S=([\d.]+)\+([\d.]+)/.exec(t);
      resolve({ wallMs, cpuMs: cpu ? (Number(cpu[1]) + Number(cpu[2])) * 1000 : NaN, peakMiB: Number(/__PEAK_KB=(\d+)/.exec(t)?.[1] ?? 0) / 1024, status, out: Buffer.concat(chunks).toString("utf8") });
    });
  });
}

async function main(): Promise<void> {
  if (!existsSync(CORPUS_DIR)) { console.log(`SKIPPED: no corpus at ${CORPUS_DIR}`); return; }
  if (!existsSync("/usr/bin/time")) { console.log("SKIPPED: needs GNU time (/usr/bin/time)"); return; }
  const work = mkdtempSync(join(tmpdir(), "kubeready-ratio-"));
  const paths = yamlFilesUnder(CORPUS_DIR);
  const list = join(work, "files.list");
  writeFileSync(list, paths.join("\n"));
  const bare = join(work, "bare-parse.cjs");
  writeFileSync(bare, `const {readFileSync}=require("fs");const {parseAllDocuments}=require(${JSON.stringify(join(ROOT, "node_modules", "yaml"))});` +
    `for (const p of readFileSync(process.argv[2],"utf8").split("\\n")) if (p) parseAllDocuments(readFileSync(p,"utf8"));`);
  const lint = (name: string, checkout: string, extra: string[]): Contender => ({ name, cmd: process.execPath, args: [join(checkout, "bin", "kubeready.js"), "lint", ".", "--no-render", "--format", "json", "--fail-on", "never", ...extra], cwd: CORPUS_DIR, json: true });
  const contenders: Contender[] = [{ name: "bare yaml parse", cmd: process.execPath, args: [bare, list], cwd: work }];
  contenders.push(lint("kubeready", ROOT, []));
  for (const t of THREADS) contenders.push(lint(`kubeready --threads ${t}`, ROOT, ["--threads", t]));
  if (BASELINE) {
    contenders.push(lint("baseline", BASELINE, []));
    for (const t of THREADS) contenders.push(lint(`baseline --threads ${t}`, BASELINE, ["--threads", t]));
  }
  const kc = join(process.env.KUBEREADY_TOOLS_DIR || join(homedir(), ".cache", "kubeready", "bin"), "kubeconform");
  if (existsSync(kc)) {
    const schemas = join(work, "schemas");
    writeKubeconformSchemas(join(ROOT, "schemas", "generated", "kubernetes.json"), schemas);
    contenders.push({ name: "kubeconform", cmd: kc, args: ["-summary", "-ignore-missing-schemas", "-schema-location", `${schemas}/{{ .ResourceKind }}{{ .KindSuffix }}.json`, CORPUS_DIR], cwd: work });
  }

  const load0 = loadavg();
  const runs = new Map(contenders.map((c) => [c.name, [] as Run[]]));
  const ratios = new Map(contenders.map((c) => [c.name, [] as number[]]));
  const outputs = new Map<string, string>();
  let differs = false;
  // One uncounted warm-up of each (page cache, V8 code cache), then the rounds.
  for (const c of contenders) await runOnce(c, join(work, "warm"));
  for (let r = 0; r < ROUNDS; r++) {
    const order = contenders.map((_, i) => contenders[(i + r) % contenders.length]);
    const round = new Map<string, Run>();
    for (const c of order) {
      const run = await runOnce(c, join(work, "run"));
      round.set(c.name, run);
      runs.get(c.name)!.push(run);
      if (c.json) {
        // Each checkout's runs must agree with each other (thread counts, rounds); the baseline may differ from this one.
        const key = c.name.startsWith("baseline") ? "baseline" : "kubeready";
        const first = outputs.get(key);
        if (first === undefined) outputs.set(key, run.out);
        else if (first !== run.out) { differs = true; writeFileSync(join(work, `${c.name.replace(/\W+/g, "-")}-${r}.json`), run.out); }
      }
      process.stderr.write(`round ${r + 1}/${ROUNDS} ${c.name}: ${(run.wallMs / 1000).toFixed(2)} s wall, ${(run.cpuMs / 1000).toFixed(2)} s CPU, ${run.peakMiB.toFixed(0)} MiB, load ${loadavg()[0].toFixed(1)}\n`);
    }
    for (const c of contenders) ratios.get(c.name)!.push(round.get(c.name)!.wallMs / round.get("bare yaml parse")!.wallMs);
  }
  const load1 = loadavg();
  const bareWall = median(runs.get("bare yaml parse")!.map((x) => x.wallMs)), bareCpu = median(runs.get("bare yaml parse")!.map((x) => x.cpuMs));
  console.log(`corpus ${CORPUS_DIR}: ${paths.length} files; ${ROUNDS} interleaved rounds; load average ${load0.map((l) => l.toFixed(1)).join(" ")} before, ${load1.map((l) => l.toFixed(1)).join(" ")} after; node ${process.version}`);
  console.log("| process | wall p50 | CPU p50 | peak RSS | wall ÷ bare (p50 of per-round ratios) | CPU ÷ bare |");
  console.log("|---|---:|---:|---:|---:|---:|");
  for (const c of contenders) {
    const rs = runs.get(c.name)!;
    const wall = median(rs.map((x) => x.wallMs)), cpu = median(rs.map((x) => x.cpuMs));
    console.log(`| ${c.name} | ${(wall / 1000).toFixed(2)} s | ${(cpu / 1000).toFixed(2)} s | ${Math.max(...rs.map((x) => x.peakMiB)).toFixed(0)} MiB | ${median(ratios.get(c.name)!).toFixed(2)}× | ${(cpu / bareCpu).toFixed(2)}× |`);
  }
  if (runs.has("kubeconform")) {
    const kcWall = median(runs.get("kubeconform")!.map((x) => x.wallMs));
    console.log(`kubeready ÷ kubeconform (wall p50): ${(median(runs.get("kubeready")!.map((x) => x.wallMs)) / kcWall).toFixed(2)}× (goal ≤ 2×)`);
  }
  console.log(`kubeready ÷ bare parse (wall p50): ${(median(runs.get("kubeready")!.map((x) => x.wallMs)) / bareWall).toFixed(2)}× (goal ≤ 1.0×)`);
  if (differs) { console.log(`OUTPUTS DIFFER between kubeready runs: kept in ${work}`); process.exitCode = 1; }
  else rmSync(work, { recursive: true, force: true });
}

void main();
