// Bench step: kubeready's CLI against the Go linters (kube-score, kubeconform; Polaris and kube-linter when they can be built) as whole processes on the same inputs.
import { spawn, spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { availableParallelism, homedir, tmpdir } from "node:os";
import { join } from "node:path";
import { parseAllDocuments } from "yaml";
import { CORPUS_DIR, loadCorpus, yamlFilesUnder } from "./corpus.js";
import { emit, fmtRatio, fmtSpread, goal, median, spread, type Goal } from "./stats.js";
import { generateManifest } from "./yls/manifest.js";
import { PEERS, ensurePeer, peerVersion, type Peer } from "./peer-tools.js";
import { writeKubeconformSchemas } from "./kubeconform-schemas.js";
import { writeMonorepo } from "./monorepo.js";

const ROOT = join(__dirname, "..");
const CLI = join(ROOT, "bin", "kubeready.js");
const ROUNDS = Number(process.env.BENCH_PEER_ROUNDS ?? 5);
const SCALE_BASE = Number(process.env.BENCH_SCALE_BASE ?? 1250);
const WARMUP = process.env.BENCH_PEER_WARMUP !== "0";
/** Parts to run: `race` (corpus, one file, 50,000 lines) and `scale` (the generated monorepo); both by default. */
const PARTS = new Set((process.env.BENCH_PEER_PARTS ?? "race,scale").split(","));

const lines: string[] = [];
const goals: Goal[] = [];

interface Run { ms: number; peakMiB: number; cpuMs: number; status: number | null }

/** Runs a command to completion; wall time, and peak RSS read from GNU time when present, else sampled from /proc. */
function runOnce(cmd: string, args: readonly string[], input?: string, env?: Record<string, string>): Promise<Run> {
  const gnuTime = existsSync("/usr/bin/time");
  const argv = gnuTime ? ["-f", "__PEAK_KB=%M __CPU_S=%U+%S", cmd, ...args] : [...args];
  return new Promise((resolve) => {
    const t0 = performance.now();
    const child = spawn(gnuTime ? "/usr/bin/time" : cmd, argv, { stdio: [input === undefined ? "ignore" : "pipe", "ignore", "pipe"], env: env ? { ...process.env, ...env } : process.env });
    let stderr = "";
    let sampled = 0;
    const poll = gnuTime ? undefined : setInterval(() => {
      try {
        const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${child.pid}/status`, "utf8"));
        if (m) sampled = Math.max(sampled, Number(m[1]));
      } catch { /* exited */ }
    }, 5);
    child.stderr!.on("data", (d) => { stderr += d; if (stderr.length > 1e6) stderr = stderr.slice(-1e5); });
    if (input !== undefined) child.stdin!.end(input);
    child.on("close", (status) => {
      const ms = performance.now() - t0;
      if (poll) clearInterval(poll);
      const kb = Number(/__PEAK_KB=(\d+)/.exec(stderr)?.[1] ?? sampled);
      const cpu = /__CPU_S=([\d.]+)\+([\d.]+)/.exec(stderr);
      resolve({ ms, peakMiB: kb / 1024, cpuMs: cpu ? (Number(cpu[1]) + Number(cpu[2])) * 1000 : NaN, status });
    });
  });
}

interface Contender { name: string; checks: string; run: () => Promise<Run> }

/** Interleaved rounds (the order rotates each round) so drift on a shared machine hits every contender alike. */
type Times = Map<string, { ms: number[]; peak: number[]; cpu: number[]; status: Set<number | null> }>;
async function race(label: string, contenders: readonly Contender[], rounds: number, docs?: number): Promise<Times> {
  const out: Times = new Map(contenders.map((c) => [c.name, { ms: [] as number[], peak: [] as number[], cpu: [] as number[], status: new Set<number | null>() }]));
  // Warm the page cache and each binary's start (and kubeready's V8 code cache) once, uncounted.
  if (WARMUP) for (const c of contenders) await c.run();
  for (let r = 0; r < rounds; r++) {
    const order = contenders.map((_, i) => contenders[(i + r) % contenders.length]);
    for (const c of order) {
      const res = await c.run();
      const o = out.get(c.name)!;
      o.ms.push(res.ms); o.peak.push(res.peakMiB); o.cpu.push(res.cpuMs); o.status.add(res.status);
      process.stderr.write(`peers: ${label}: round ${r + 1}/${rounds}: ${c.name} ${res.ms.toFixed(0)} ms wall, ${res.cpuMs.toFixed(0)} ms CPU, ${res.peakMiB.toFixed(0)} MiB (load ${readFileSync("/proc/loadavg", "utf8").split(" ")[0]})\n`);
    }
  }
  const first = out.get(contenders[0].name)!;
  lines.push(`### ${label}`, "", `| tool | checks | wall p50 | wall spread (p95 / min / max, n) | ${contenders[0].name} ÷ this (wall p50) | CPU p50 (user+sys) | peak RSS (max) |${docs ? " docs/s (wall p50) |" : ""} exit codes |`, `|---|---|---|---|---|---|---|${docs ? "---|" : ""}---|`);
  for (const c of contenders) {
    const o = out.get(c.name)!;
    const s = spread(o.ms);
    lines.push(`| ${c.name} | ${c.checks} | ${s.p50.toFixed(0)} ms | ${s.p95.toFixed(0)} / ${s.min.toFixed(0)} / ${s.max.toFixed(0)}, n ${s.n} | ${fmtRatio(median(first.ms) / s.p50)} | ${median(o.cpu).toFixed(0)} ms | ${Math.max(...o.peak).toFixed(0)} MiB |${docs ? ` ${(docs / (s.p50 / 1000)).toFixed(0)} |` : ""} ${[...o.status].join(", ")} |`);
  }
  lines.push("");
  return out;
}

function threadsHere(): number {
  return Math.min(availableParallelism(), 4);
}
const POOLED = `kubeready --no-render, --threads ${threadsHere()}`;

/** A Polaris binary in the tools cache with its version stamp (NAME.version), placed there by hand. */
function polarisBinary(): { path: string; version: string } | undefined {
  const dir = process.env.KUBEREADY_TOOLS_DIR || join(homedir(), ".cache", "kubeready", "bin");
  const path = join(dir, "polaris");
  if (!existsSync(path) || !existsSync(`${path}.version`)) return undefined;
  return { path, version: readFileSync(`${path}.version`, "utf8").trim() };
}

function countDocs(paths: readonly string[]): number {
  let n = 0;
  for (const p of paths) for (const d of parseAllDocuments(readFileSync(p, "utf8"))) if (d.contents !== null) n++;
  return n;
}

function kubereadyChecks(): string {
  const r = spawnSync(process.execPath, [CLI, "rules", "--format", "json"], { encoding: "utf8" });
  try {
    const parsed = JSON.parse(r.stdout) as unknown[] | { rules: unknown[] };
    return String(Array.isArray(parsed) ? parsed.length : parsed.rules.length);
  } catch {
    const docs = join(ROOT, "docs", "rules");
    return existsSync(docs) ? `${yamlFilesUnder(docs).length || "see docs/RULES.md"}` : "?";
  }
}

function kubeScoreChecks(bin: string): string {
  const r = spawnSync(bin, ["list"], { encoding: "utf8" });
  const n = r.stdout.split("\n").filter((l) => /\S/.test(l) && !/^check,/i.test(l)).length;
  return n > 0 ? String(n) : "?";
}

async function main(): Promise<void> {
  const corpus = loadCorpus();
  if (corpus.generated) {
    lines.push(`SKIPPED: the peer comparison needs the real corpus (${CORPUS_DIR} not found)`);
    return emit({ step: "peers", goals, lines });
  }
  const tools = new Map<Peer, string>();
  for (const p of PEERS) {
    const r = ensurePeer(p);
    if (r.path) tools.set(p, r.path);
    lines.push(`- ${p.name}: ${r.path ? `${peerVersion(p)} (${r.note})` : `SKIPPED — ${r.note}`}`);
  }
  const polaris = polarisBinary();
  lines.push(polaris ? `- Polaris: ${polaris.version} (${polaris.path}; built by hand outside the repository: its module path is not served by this machine's Go module proxy, so no build of it is scripted here)`
    : "- Polaris: SKIPPED — github.com/fairwindsops/polaris is not served by this machine's Go module proxy (403 for every major version tried); a polaris binary placed in the tools cache (with polaris.version beside it) is raced when present");
  lines.push("- kube-linter: SKIPPED — golang.stackrox.io/kube-linter is not served by this machine's Go module proxy");

  const work = mkdtempSync(join(tmpdir(), "kubeready-peers-"));
  const paths = yamlFilesUnder(CORPUS_DIR);
  const docs = countDocs(paths);
  const schemaDir = join(work, "kubeconform-schemas");
  const schemaCount = writeKubeconformSchemas(join(ROOT, "schemas", "generated", "kubernetes.json"), schemaDir);
  const oneFile = join(work, "one", "deployment.yaml");
  mkdirSync(join(work, "one"), { recursive: true });
  writeFileSync(oneFile, generateManifest(60));
  const big = join(work, "big", "50k.yaml");
  mkdirSync(join(work, "big"), { recursive: true });
  writeFileSync(big, generateManifest(50_000));
  const bareScript = join(work, "bare-parse.cjs");
  writeFileSync(bareScript, `const {readFileSync}=require("fs");const {parseAllDocuments}=require(${JSON.stringify(join(ROOT, "node_modules", "yaml"))});` +
    `for (const p of readFileSync(process.argv[2],"utf8").split("\\n")) if (p) parseAllDocuments(readFileSync(p,"utf8"));`);
  const listOf = (name: string, ps: readonly string[]) => { const f = join(work, `${name}.list`); writeFileSync(f, ps.join("\n")); return f; };

  lines.push(`- inputs: the corpus (${paths.length} files, ${docs} documents, ${(corpus.bytes / 2 ** 20).toFixed(1)} MiB); one 60-line Deployment file (the pre-commit case); one generated 50,000-line file`);
  lines.push(`- kubeconform validates offline against ${schemaCount} per-kind schemas written from kubeready's own bundled schema (\`-ignore-missing-schemas\`, so CRDs are skipped, as they are without a CRD catalogue)`);
  lines.push(`- peak RSS: ${existsSync("/usr/bin/time") ? "GNU time's maximum resident set size" : "sampled from /proc every 5 ms (GNU time absent)"}`);
  lines.push("");

  const ksChecks = tools.has(PEERS[0]) ? kubeScoreChecks(tools.get(PEERS[0])!) : "?";
  const ourChecks = kubereadyChecks();
  const contendersFor = (targets: readonly string[], listFile: string, variants = false): Contender[] => {
    const lint = (extra: string[], env?: Record<string, string>) => () => runOnce(process.execPath, [CLI, "lint", ...targets, "--format", "json", "--fail-on", "never", ...extra], undefined, env);
    const cs: Contender[] = [{ name: "kubeready", checks: ourChecks, run: lint([]) }];
    // Like for like with the peers (none renders kustomize overlays or charts), and the single-threaded path (before the worker pool).
    // The default picks its threads by the run's size and the idle cores (server/cli/pool.ts): on a loaded machine one, so
    // the pool is also raced with its threads forced.
    if (variants) cs.push({ name: "kubeready --no-render", checks: ourChecks, run: lint(["--no-render"]) }, { name: POOLED, checks: ourChecks, run: lint(["--no-render", "--threads", String(threadsHere())]) }, { name: "kubeready --no-render, 1 thread", checks: ourChecks, run: lint(["--no-render", "--threads", "1"]) });
    const ks = [...tools].find(([p]) => p.name === "kube-score")?.[1];
    if (ks) cs.push({ name: "kube-score", checks: ksChecks, run: () => runOnce(ks, ["score", "--output-format", "ci", ...targets.flatMap((t) => t.endsWith(".yaml") || t.endsWith(".yml") ? [t] : yamlFilesUnder(t))]) });
    // Polaris audits one path (a file or a folder) per run; its default configuration (44 checks) and JSON output.
    if (polaris && targets.length === 1) cs.push({ name: "polaris", checks: "44", run: () => runOnce(polaris.path, ["audit", "--audit-path", targets[0], "--format", "json"]) });
    const kc = [...tools].find(([p]) => p.name === "kubeconform")?.[1];
    if (kc) cs.push({ name: "kubeconform", checks: "1 (schema)", run: () => runOnce(kc, ["-summary", "-ignore-missing-schemas", "-schema-location", `${schemaDir}/{{ .ResourceKind }}{{ .KindSuffix }}.json`, ...targets]) });
    cs.push({ name: "bare yaml parse (node, 1 thread)", checks: "0", run: () => runOnce(process.execPath, [bareScript, listFile]) });
    return cs;
  };

  if (PARTS.has("race")) {
    const corpusRace = await race(`whole corpus (${paths.length} files, ${docs} documents)`, contendersFor([CORPUS_DIR], listOf("corpus", paths), true), ROUNDS, docs);
    const p50 = (m: Times, name: string) => (m.has(name) ? median(m.get(name)!.ms) : NaN);
    const ks = p50(corpusRace, "kube-score"), pol = p50(corpusRace, "polaris"), kc = p50(corpusRace, "kubeconform"), bare = p50(corpusRace, "bare yaml parse (node, 1 thread)");
    const fastest = Number.isNaN(pol) || ks <= pol ? { name: "kube-score", ms: ks } : { name: "polaris", ms: pol };
    const before = p50(corpusRace, "kubeready --no-render, 1 thread");
    for (const [name, note] of [["kubeready", "default run: kustomize overlays rendered when kustomize or kubectl is on PATH"], ["kubeready --no-render", "raw files only, like the peers"]] as const) {
      const ours = p50(corpusRace, name);
      goals.push(goal(`${name} over the corpus / fastest of kube-score and Polaris`, "≤ 1.0×", ours / fastest.ms, ours / fastest.ms <= 1.0, `${ours.toFixed(0)} ms vs ${fastest.name} ${fastest.ms.toFixed(0)} ms = ${fmtRatio(ours / fastest.ms)} (kube-score ${ks.toFixed(0)} ms, Polaris ${Number.isNaN(pol) ? "not run" : `${pol.toFixed(0)} ms`}; ${note})`));
      goals.push(goal(`${name} over the corpus / kubeconform (schema validation only)`, "≤ 2.0×", ours / kc, ours / kc <= 2.0, `${ours.toFixed(0)} ms vs ${kc.toFixed(0)} ms = ${fmtRatio(ours / kc)}`));
      goals.push(goal(`${name} process over the corpus / bare single-threaded yaml parse process`, "≤ 1.0×", ours / bare, ours / bare <= 1.0, `${ours.toFixed(0)} ms vs ${bare.toFixed(0)} ms = ${fmtRatio(ours / bare)}`));
    }
    const after = p50(corpusRace, POOLED);
    const cpu = (name: string) => (corpusRace.has(name) ? median(corpusRace.get(name)!.cpu) : NaN);
    lines.push(`- worker pool (same run): --no-render on ${threadsHere()} threads ${after.toFixed(0)} ms vs 1 thread ${before.toFixed(0)} ms = ${fmtRatio(after / before)} wall, CPU ${fmtRatio(cpu(POOLED) / cpu("kubeready --no-render, 1 thread"))}; 1 thread / bare parse = ${fmtRatio(before / bare)} wall, CPU ${fmtRatio(cpu("kubeready --no-render, 1 thread") / cpu("bare yaml parse (node, 1 thread)"))}`, "");

    const oneRace = await race("one file (pre-commit)", contendersFor([oneFile], listOf("one", [oneFile])), ROUNDS * 2);
    const one = p50(oneRace, "kubeready");
    goals.push(goal("one-file CLI run, wall", "≤ 150 ms", one / 150, one <= 150, `${one.toFixed(0)} ms (kube-score ${p50(oneRace, "kube-score").toFixed(0)} ms, kubeconform ${p50(oneRace, "kubeconform").toFixed(0)} ms, bare node parse ${p50(oneRace, "bare yaml parse (node, 1 thread)").toFixed(0)} ms)`));
    await race("one 50,000-line file", contendersFor([big], listOf("big", [big])), Math.max(3, Math.ceil(ROUNDS / 2)));
  }

  // Scale: a generated monorepo (bench/monorepo.ts) at 1×, 4× and 16× (16× ≈ 20,000 manifests, about 110 MB); time
  // and peak memory should grow linearly with the input.
  if (PARTS.has("scale")) {
    lines.push(`### generated monorepo, 1× / 4× / 16× (${SCALE_BASE} to ${SCALE_BASE * 16} service files, 4 objects each, 50 per namespace)`, "", "| size | files | MiB | wall | wall per file | CPU (user+sys) | CPU per file | peak RSS | peak RSS per MiB of input |", "|---|---|---|---|---|---|---|---|---|");
    const scale: { files: number; ms: number; cpu: number; peak: number; mib: number }[] = [];
    for (const k of [1, 4, 16]) {
      const dir = join(work, `mono-${k}`);
      const w = writeMonorepo(dir, SCALE_BASE * k);
      const mib = w.bytes / 2 ** 20;
      const r = await runOnce(process.execPath, ["--max-old-space-size=8192", CLI, "lint", dir, "--format", "json", "--fail-on", "never"]);
      scale.push({ files: w.files, ms: r.ms, cpu: r.cpuMs, peak: r.peakMiB, mib });
      process.stderr.write(`peers: monorepo ${k}×: ${w.files} files, ${mib.toFixed(0)} MiB: ${r.ms.toFixed(0)} ms wall, ${r.cpuMs.toFixed(0)} ms CPU, ${r.peakMiB.toFixed(0)} MiB, exit ${r.status}\n`);
      lines.push(`| ${k}× | ${w.files} | ${mib.toFixed(0)} | ${(r.ms / 1000).toFixed(1)} s | ${(r.ms / w.files).toFixed(2)} ms | ${(r.cpuMs / 1000).toFixed(1)} s | ${(r.cpuMs / w.files).toFixed(2)} ms | ${r.peakMiB.toFixed(0)} MiB | ${(r.peakMiB / mib).toFixed(1)} |`);
      rmSync(dir, { recursive: true, force: true });
    }
    lines.push("");
    const perFileGrowth = (scale[2].ms / scale[2].files) / (scale[0].ms / scale[0].files);
    const cpuGrowth = (scale[2].cpu / scale[2].files) / (scale[0].cpu / scale[0].files);
    const memGrowth = (scale[2].peak / scale[2].mib) / (scale[0].peak / scale[0].mib);
    goals.push(goal("monorepo 16× vs 1×: wall time per file", "≤ 1.3× (linear)", perFileGrowth, perFileGrowth <= 1.3, `${fmtRatio(perFileGrowth)} (CPU per file ${fmtRatio(cpuGrowth)})`));
    goals.push(goal("monorepo 16× vs 1×: peak RSS per MiB of input", "≤ 1.3× (linear or better)", memGrowth, memGrowth <= 1.3, `${fmtRatio(memGrowth)}: ${scale[0].peak.toFixed(0)} → ${scale[2].peak.toFixed(0)} MiB for ${scale[0].mib.toFixed(0)} → ${scale[2].mib.toFixed(0)} MiB of YAML`));
  }
  rmSync(work, { recursive: true, force: true });
  emit({ step: "peers", goals, lines });
}

main().catch((e) => { console.error(e); process.exit(1); });
