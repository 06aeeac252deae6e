// Bench step: kubeready's CLI against the Go linters (kube-score, Polaris, kube-linter, kubeconform) as whole processes on the same inputs.
import { spawn, spawnSync } from "node:child_process";
import { closeSync, existsSync, mkdirSync, mkdtempSync, openSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { availableParallelism, tmpdir } from "node:os";
import { join } from "node:path";
import { parseAllDocuments } from "yaml";
import { CORPUS_DIR, yamlFilesUnder } from "./corpus.js";
import { emit, fmtRatio, goal, median, spread, type Goal } from "./stats.js";
import { generateManifest } from "./yls/manifest.js";
import { PEERS, ensurePeer, peerVersion, type Peer } from "./peer-tools.js";
import { writeKubeconformSchemas } from "./kubeconform-schemas.js";
import { writeMonorepo } from "./monorepo.js";
import { acceptedSubset, judgedByKubeconform, judgedByKubeLinter, judgedByKubeScore, judgedByPolaris, perUnitGrowth, type Judged } from "./peer-logic.js";

const ROOT = join(__dirname, "..");
const CLI = join(ROOT, "bin", "kubeready.js");
const ROUNDS = Number(process.env.BENCH_PEER_ROUNDS ?? 5);
const SCALE_BASE = Number(process.env.BENCH_SCALE_BASE ?? 1250);
const SCALE_FACTORS = (process.env.BENCH_SCALE_FACTORS ?? "1,4,16").split(",").map(Number);
const BIG_LINES = Number(process.env.BENCH_PEER_BIG_LINES ?? 50_000);
/** Also race kubeready's --threads 1 and --threads N over the corpus (the worker pool, before and after). */
const POOL_VARIANTS = process.env.BENCH_PEER_POOL !== "0";
/** Also race kubeready's default run (renders kustomize overlays and charts, which no peer does); BENCH_PEER_DEFAULT=0 leaves it out. */
const DEFAULT_VARIANT = process.env.BENCH_PEER_DEFAULT !== "0";
/**
 * NODE_EXTRA_CA_CERTS makes every Node process parse the bundled roots and the extra file before any JavaScript runs
 * (~90 ms here, nodejs/node#40524); a pre-commit hook or CI step rarely has it. Unset for every contender unless
 * BENCH_KEEP_EXTRA_CA=1.
 */
const EXTRA_CA = process.env.NODE_EXTRA_CA_CERTS;
if (EXTRA_CA && process.env.BENCH_KEEP_EXTRA_CA !== "1") delete process.env.NODE_EXTRA_CA_CERTS;
/**
 * Parts to run: `corpus` (the whole corpus), `one` (one file, the pre-commit case), `big` (one 50,000-line file) and
 * `scale` (the generated monorepo at 1×, 4×, 16×); `race` means the first three. All by default.
 */
const PARTS = new Set((process.env.BENCH_PEER_PARTS ?? "race,scale").split(",").flatMap((p) => (p === "race" ? ["corpus", "one", "big"] : [p])));

const lines: string[] = [];
const goals: Goal[] = [];
const load = () => readFileSync("/proc/loadavg", "utf8").split(" ").slice(0, 3).join(" ");

interface Run { ms: number; peakMiB: number; cpuMs: number; status: number | null }

/** Runs a command to completion; wall time, and peak RSS and CPU from GNU time when present, else peak RSS sampled from /proc. */
function runOnce(cmd: string, args: readonly string[], opts: { stdoutFile?: string; env?: Record<string, string> } = {}): Promise<Run> {
  const gnuTime = existsSync("/usr/bin/time");
  const argv = gnuTime ? ["-f", "__PEAK_KB=%M __CPU_S=%U+%S", cmd, ...args] : [...args];
  const out = opts.stdoutFile ? openSync(opts.stdoutFile, "w") : "ignore";
  return new Promise((resolve) => {
    const t0 = performance.now();
    const child = spawn(gnuTime ? "/usr/bin/time" : cmd, argv, { stdio: ["ignore", out, "pipe"], env: opts.env ? { ...process.env, ...opts.env } : process.env });
    let stderr = "";
    let sampled = 0;
    const poll = gnuTime ? undefined : setInterval(() => {
      try {
        const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${child.pid}/status`, "utf8"));
        if (m) sampled = Math.max(sampled, Number(m[1]));
      } catch { /* exited */ }
    }, 5);
    child.stderr!.on("data", (d) => { stderr += d; if (stderr.length > 1e6) stderr = stderr.slice(-1e5); });
    child.on("close", (status) => {
      const ms = performance.now() - t0;
      if (poll) clearInterval(poll);
      if (typeof out === "number") closeSync(out);
      const kb = Number(/__PEAK_KB=(\d+)/.exec(stderr)?.[1] ?? sampled);
      const cpu = /__CPU_S=([\d.]+)\+([\d.]+)/.exec(stderr);
      resolve({ ms, peakMiB: kb / 1024, cpuMs: cpu ? (Number(cpu[1]) + Number(cpu[2])) * 1000 : NaN, status });
    });
  });
}

/**
 * A contender: `run` times one whole process; `judge` (optional) reads what it judged from the output of the
 * uncounted first run, which writes its stdout to a file.
 */
interface Contender { name: string; checks: string; input: string; run: (stdoutFile?: string) => Promise<Run>; judge?: (stdout: string) => Judged }

type Times = Map<string, { ms: number[]; peak: number[]; cpu: number[]; status: Set<number | null>; judged?: Judged | string }>;

/** Interleaved rounds (the order rotates each round) so drift on a shared machine hits every contender alike. */
async function race(label: string, contenders: readonly Contender[], rounds: number, docs: number, work: string): Promise<Times> {
  const out: Times = new Map(contenders.map((c) => [c.name, { ms: [] as number[], peak: [] as number[], cpu: [] as number[], status: new Set<number | null>() }]));
  const started = new Date().toISOString().slice(0, 16).replace("T", " ");
  const loadBefore = load();
  // One uncounted run each first: warms the page cache and kubeready's V8 code cache, and its output says what each judged.
  for (const c of contenders) {
    const file = join(work, "judge.out");
    const r = await c.run(file);
    const o = out.get(c.name)!;
    try { o.judged = c.judge ? c.judge(readFileSync(file, "utf8")) : undefined; } catch (e) { o.judged = `output not read: ${(e as Error).message.slice(0, 120)}`; }
    process.stderr.write(`peers: ${label}: warm-up ${c.name} ${r.ms.toFixed(0)} ms (exit ${r.status})\n`);
    rmSync(file, { force: true });
  }
  const loads: number[] = [];
  for (let r = 0; r < rounds; r++) {
    const order = contenders.map((_, i) => contenders[(i + r) % contenders.length]);
    for (const c of order) {
      const res = await c.run();
      const o = out.get(c.name)!;
      o.ms.push(res.ms); o.peak.push(res.peakMiB); o.cpu.push(res.cpuMs); o.status.add(res.status);
      loads.push(Number(load().split(" ")[0]));
      process.stderr.write(`peers: ${label}: round ${r + 1}/${rounds}: ${c.name} ${res.ms.toFixed(0)} ms wall, ${res.cpuMs.toFixed(0)} ms CPU, ${res.peakMiB.toFixed(0)} MiB (load ${load()})\n`);
    }
  }
  const ref = out.get(contenders[0].name)!;
  lines.push(`### ${label}`, "",
    `- ${started} UTC; load average ${loadBefore} at the start, 1-minute load ${Math.min(...loads).toFixed(1)}–${Math.max(...loads).toFixed(1)} during the ${rounds} counted rounds`,
    "",
    `| tool | input | checks | judged | wall p50 | wall p95 / min / max (n) | ${contenders[0].name} ÷ this (wall p50) | CPU p50 (user+sys) | ${contenders[0].name} ÷ this (CPU p50) | peak RSS (max) | docs/s (wall p50) | exit codes |`,
    "|---|---|---|---|---|---|---|---|---|---|---|---|");
  for (const c of contenders) {
    const o = out.get(c.name)!;
    const s = spread(o.ms);
    const j = o.judged;
    const judged = j === undefined ? "—" : typeof j === "string" ? j : `${j.objects} objects, ${j.checks} check results${j.skipped ? ` (+${j.skipped} skipped)` : ""}, ${j.distinctChecks} distinct checks`;
    lines.push(`| ${c.name} | ${c.input} | ${c.checks} | ${judged} | ${s.p50.toFixed(0)} ms | ${s.p95.toFixed(0)} / ${s.min.toFixed(0)} / ${s.max.toFixed(0)} (${s.n}) | ${fmtRatio(median(ref.ms) / s.p50)} | ${median(o.cpu).toFixed(0)} ms | ${fmtRatio(median(ref.cpu) / median(o.cpu))} | ${Math.max(...o.peak).toFixed(0)} MiB | ${(docs / (s.p50 / 1000)).toFixed(0)} | ${[...o.status].join(", ")} |`);
  }
  lines.push("");
  return out;
}

function threadsHere(): number {
  return Math.min(availableParallelism(), 4);
}
const POOLED = `kubeready --no-render, --threads ${threadsHere()}`;
const BARE = "bare yaml parse (node, 1 thread)";

/** Documents in the files, and of them the Kubernetes objects (a map with apiVersion and kind). */
function countDocs(paths: readonly string[]): { docs: number; objects: number } {
  let docs = 0, objects = 0;
  for (const p of paths) for (const d of parseAllDocuments(readFileSync(p, "utf8"))) {
    if (d.contents === null) continue;
    docs++;
    const v = d.toJS({ maxAliasCount: -1 }) as unknown;
    if (v && typeof v === "object" && "apiVersion" in v && "kind" in v) objects++;
  }
  return { docs, objects };
}

function kubereadyChecks(): { all: number; on: number } {
  const r = spawnSync(process.execPath, [CLI, "rules", "--format", "json"], { encoding: "utf8" });
  const rules = JSON.parse(r.stdout) as { enabledByDefault?: boolean }[];
  return { all: rules.length, on: rules.filter((x) => x.enabledByDefault !== false).length };
}

function kubeScoreChecks(bin: string): string {
  const r = spawnSync(bin, ["list"], { encoding: "utf8" });
  const rows = r.stdout.split("\n").filter((l) => /\S/.test(l) && !/^check,/i.test(l));
  const on = rows.filter((l) => /,default$/.test(l.trim())).length;
  return rows.length ? `${rows.length} (${on} default)` : "?";
}

function kubeLinterChecks(bin: string): string {
  const r = spawnSync(bin, ["checks", "list", "--format", "json"], { encoding: "utf8", maxBuffer: 1 << 26 });
  try { return `${(JSON.parse(r.stdout) as unknown[]).length} built in (defaults below)`; } catch { return "?"; }
}

/** kubeready's JSON report: files and findings. */
function judgedByKubeready(objects: number) {
  return (stdout: string): Judged => {
    const j = JSON.parse(stdout) as { findings: { rule: string }[] };
    return { objects, checks: j.findings.length, skipped: 0, distinctChecks: new Set(j.findings.map((f) => f.rule)).size };
  };
}

async function main(): Promise<void> {
  const haveCorpus = existsSync(CORPUS_DIR);
  lines.push(`- command: \`npm run bench -- NAME\` for one part (peers-corpus, peers-one, peers-50k, monorepo) or \`npm run bench -- peers\` for all, i.e. \`BENCH_PEER_PARTS=${[...PARTS].join(",")} BENCH_PEER_ROUNDS=${ROUNDS} node --expose-gc --import tsx bench/peers.ts OUT.json\``);
  lines.push(`- machine: ${availableParallelism()} CPUs, node ${process.version}; load average at the start ${load()}`);
  lines.push(`- NODE_EXTRA_CA_CERTS: ${!EXTRA_CA ? "not set" : process.env.NODE_EXTRA_CA_CERTS ? "set, and kept (BENCH_KEEP_EXTRA_CA=1)" : "set in this shell, unset for every contender (as in a pre-commit hook; BENCH_KEEP_EXTRA_CA=1 keeps it)"}`);
  const tools = new Map<string, string>();
  for (const p of PEERS) {
    const r = ensurePeer(p);
    if (r.path) tools.set(p.name, r.path);
    lines.push(`- ${p.name}: ${r.path ? `${peerVersion(p)} (${r.note})` : `SKIPPED — ${r.note}`}`);
  }

  const work = mkdtempSync(join(tmpdir(), "kubeready-peers-"));
  const schemaDir = join(work, "kubeconform-schemas");
  const schemaCount = writeKubeconformSchemas(join(ROOT, "schemas", "generated", "kubernetes.json"), schemaDir);
  const oneFile = join(work, "one", "deployment.yaml");
  mkdirSync(join(work, "one"), { recursive: true });
  writeFileSync(oneFile, generateManifest(60));
  const big = join(work, "big", "50k.yaml");
  mkdirSync(join(work, "big"), { recursive: true });
  writeFileSync(big, generateManifest(BIG_LINES));
  const bareScript = join(work, "bare-parse.cjs");
  writeFileSync(bareScript, `const {readFileSync}=require("fs");const {parseAllDocuments}=require(${JSON.stringify(join(ROOT, "node_modules", "yaml"))});` +
    `for (const p of readFileSync(process.argv[2],"utf8").split("\\n")) if (p) parseAllDocuments(readFileSync(p,"utf8"));`);
  const listOf = (name: string, ps: readonly string[]) => { const f = join(work, `${name}.list`); writeFileSync(f, ps.join("\n")); return f; };
  lines.push(`- kubeconform validates offline against ${schemaCount} per-kind schemas written from kubeready's own bundled schema (\`-ignore-missing-schemas\`, so CRDs are skipped, as they are without a CRD catalogue)`);
  lines.push(`- peak RSS and CPU: ${existsSync("/usr/bin/time") ? "GNU time (`/usr/bin/time -f %M %U %S`) around each whole process" : "RSS sampled from /proc every 5 ms (GNU time absent; no CPU figure)"}`);
  lines.push("- every tool writes its full report (JSON where it has one; kubeconform its text summary) to /dev/null; the uncounted warm-up run's report is read for the *judged* column");

  const ours = kubereadyChecks();
  const ourChecks = `${ours.all} rules (${ours.on} on by default)`;
  const ksChecks = tools.has("kube-score") ? kubeScoreChecks(tools.get("kube-score")!) : "?";
  const klChecks = tools.has("kube-linter") ? kubeLinterChecks(tools.get("kube-linter")!) : "?";

  /** kube-score refuses the whole run when one document does not decode: race it on the files it accepts, and say which it refused. */
  const kubeScoreFiles = async (files: readonly string[]): Promise<{ accepted: string[]; rejected: string[]; runs: number }> => {
    const ks = tools.get("kube-score")!;
    return acceptedSubset(files, async (part) => spawnSync(ks, ["score", "--output-format", "ci", ...part], { stdio: ["ignore", "ignore", "pipe"], encoding: "utf8", maxBuffer: 1 << 26 }).stderr.includes("Failed to score files") === false);
  };

  const contendersFor = async (label: string, targets: string[], files: string[], counts: { docs: number; objects: number }, variants: boolean): Promise<Contender[]> => {
    const inputAll = `${files.length} files`;
    const lint = (extra: string[]) => (stdoutFile?: string) => runOnce(process.execPath, [CLI, "lint", ...targets, "--format", "json", "--fail-on", "never", ...extra], { stdoutFile });
    const judgeOurs = judgedByKubeready(counts.objects);
    const cs: Contender[] = [{ name: "kubeready --no-render", checks: ourChecks, input: inputAll, run: lint(["--no-render"]), judge: judgeOurs }];
    // The default run renders kustomize overlays and charts with the real tools, which none of the peers does.
    if (DEFAULT_VARIANT) cs.push({ name: "kubeready (default: renders kustomize)", checks: ourChecks, input: inputAll, run: lint([]), judge: judgeOurs });
    if (variants && POOL_VARIANTS) cs.push(
      { name: POOLED, checks: ourChecks, input: inputAll, run: lint(["--no-render", "--threads", String(threadsHere())]), judge: judgeOurs },
      { name: "kubeready --no-render, 1 thread", checks: ourChecks, input: inputAll, run: lint(["--no-render", "--threads", "1"]), judge: judgeOurs });
    const ks = tools.get("kube-score");
    if (ks) {
      const subset = await kubeScoreFiles(files);
      const input = subset.rejected.length ? `${subset.accepted.length} of ${files.length} files (refuses ${subset.rejected.length})` : inputAll;
      if (subset.rejected.length) lines.push(`- ${label}: kube-score stops the whole run ("Failed to score files: failed to parse files: …") at the first document it cannot decode; found by halving the file list (${subset.runs} runs), it refuses ${subset.rejected.length} file(s), raced on the other ${subset.accepted.length}: ${subset.rejected.map((f) => `\`${f.replace(`${CORPUS_DIR}/`, "")}\``).join(", ")}`);
      const listFile = listOf(`kube-score-${label.replace(/\W+/g, "-")}`, subset.accepted);
      // Passed as arguments, which is how kube-score takes files (no folder walk of its own); the list fits ARG_MAX here.
      const args = ["score", "--output-format", "json", ...readFileSync(listFile, "utf8").split("\n").filter(Boolean)];
      cs.push({ name: "kube-score", checks: ksChecks, input, run: (stdoutFile) => runOnce(ks, args, { stdoutFile }), judge: judgedByKubeScore });
    }
    const pol = tools.get("polaris");
    // Polaris audits one path (a file or a folder); its default configuration and JSON output. It skips (and logs) files it cannot decode.
    if (pol && targets.length === 1) cs.push({ name: "polaris", checks: "44 (default configuration)", input: inputAll, run: (stdoutFile) => runOnce(pol, ["audit", "--audit-path", targets[0], "--format", "json"], { stdoutFile }), judge: judgedByPolaris });
    const kl = tools.get("kube-linter");
    if (kl) cs.push({ name: "kube-linter", checks: klChecks, input: inputAll, run: (stdoutFile) => runOnce(kl, ["lint", "--format", "json", "--fail-on-invalid-resource=false", ...targets], { stdoutFile }), judge: judgedByKubeLinter });
    const kc = tools.get("kubeconform");
    if (kc) cs.push({ name: "kubeconform", checks: "1 (schema)", input: inputAll, run: (stdoutFile) => runOnce(kc, ["-summary", "-ignore-missing-schemas", "-schema-location", `${schemaDir}/{{ .ResourceKind }}{{ .KindSuffix }}.json`, ...targets], { stdoutFile }), judge: judgedByKubeconform });
    const list = listOf(label.replace(/\W+/g, "-"), files);
    cs.push({ name: BARE, checks: "0", input: inputAll, run: (stdoutFile) => runOnce(process.execPath, [bareScript, list], { stdoutFile }) });
    return cs;
  };
  const p50 = (m: Times, name: string) => (m.has(name) ? median(m.get(name)!.ms) : NaN);
  const cpu50 = (m: Times, name: string) => (m.has(name) ? median(m.get(name)!.cpu) : NaN);
  const fmt = (ms: number) => (Number.isNaN(ms) ? "not run" : `${ms.toFixed(0)} ms`);

  if (PARTS.has("corpus")) {
    if (!haveCorpus) lines.push(`- whole corpus: SKIPPED — ${CORPUS_DIR} not found (the shared corpus of real manifests sits beside the checkout)`);
    else {
      const paths = yamlFilesUnder(CORPUS_DIR);
      const counts = countDocs(paths);
      const bytes = paths.reduce((n, p) => n + statSync(p).size, 0);
      const m = await race(`whole corpus (${paths.length} files, ${counts.docs} documents, ${counts.objects} objects, ${(bytes / 2 ** 20).toFixed(1)} MiB)`,
        await contendersFor("corpus", [CORPUS_DIR], paths, counts, true), ROUNDS, counts.docs, work);
      const ks = p50(m, "kube-score"), pol = p50(m, "polaris"), kc = p50(m, "kubeconform"), bare = p50(m, BARE);
      const linters = [["kube-score", ks], ["polaris", pol]].filter(([, ms]) => !Number.isNaN(ms as number)) as [string, number][];
      const fastest = linters.sort((a, b) => a[1] - b[1])[0];
      for (const name of ["kubeready --no-render", "kubeready (default: renders kustomize)"].filter((n) => m.has(n))) {
        const t = p50(m, name);
        goals.push(goal(`${name} over the corpus / fastest of kube-score and Polaris`, "≤ 1.0×", fastest ? t / fastest[1] : NaN, fastest ? t / fastest[1] <= 1.0 : null,
          fastest ? `${t.toFixed(0)} ms vs ${fastest[0]} ${fastest[1].toFixed(0)} ms = ${fmtRatio(t / fastest[1])} (kube-score ${fmt(ks)} on the files it accepts, Polaris ${fmt(pol)}; CPU ${fmtRatio(cpu50(m, name) / cpu50(m, fastest[0]))})` : "neither peer ran"));
        goals.push(goal(`${name} over the corpus / kubeconform (schema validation only)`, "≤ 2.0×", t / kc, t / kc <= 2.0, `${t.toFixed(0)} ms vs ${fmt(kc)} = ${fmtRatio(t / kc)} (CPU ${fmtRatio(cpu50(m, name) / cpu50(m, "kubeconform"))})`));
        goals.push(goal(`${name} process over the corpus / bare single-threaded yaml parse process`, "≤ 1.0×", t / bare, t / bare <= 1.0, `${t.toFixed(0)} ms vs ${bare.toFixed(0)} ms = ${fmtRatio(t / bare)} (CPU ${fmtRatio(cpu50(m, name) / cpu50(m, BARE))})`));
      }
      if (m.has(POOLED)) {
        const before = p50(m, "kubeready --no-render, 1 thread"), after = p50(m, POOLED);
        lines.push(`- worker pool (same run): --no-render on ${threadsHere()} threads ${after.toFixed(0)} ms vs 1 thread ${before.toFixed(0)} ms = ${fmtRatio(after / before)} wall, CPU ${fmtRatio(cpu50(m, POOLED) / cpu50(m, "kubeready --no-render, 1 thread"))}`, "");
      }
    }
  }

  if (PARTS.has("one")) {
    const counts = countDocs([oneFile]);
    const m = await race("one file (the pre-commit case: a 60-line Deployment)", await contendersFor("one", [oneFile], [oneFile], counts, false), ROUNDS * 2, counts.docs, work);
    const one = p50(m, "kubeready --no-render"), def = p50(m, "kubeready (default: renders kustomize)");
    goals.push(goal("one-file CLI run, wall", "≤ 150 ms", one / 150, one <= 150, `--no-render ${one.toFixed(0)} ms, default ${def.toFixed(0)} ms (kube-score ${fmt(p50(m, "kube-score"))}, Polaris ${fmt(p50(m, "polaris"))}, kube-linter ${fmt(p50(m, "kube-linter"))}, kubeconform ${fmt(p50(m, "kubeconform"))}, bare node parse ${fmt(p50(m, BARE))}; NODE_EXTRA_CA_CERTS ${process.env.NODE_EXTRA_CA_CERTS ? "set" : "unset"}; load ${load().split(" ")[0]})`));
  }

  if (PARTS.has("big")) {
    const counts = countDocs([big]);
    const text = readFileSync(big, "utf8");
    const m = await race(`one ${BIG_LINES.toLocaleString("en")}-line file (generated Deployments, ${counts.docs} documents, ${(text.length / 2 ** 20).toFixed(1)} MiB)`,
      await contendersFor("big", [big], [big], counts, false), Math.max(3, ROUNDS), counts.docs, work);
    const t = p50(m, "kubeready --no-render");
    const others = ["kube-score", "polaris", "kube-linter", "kubeconform"].filter((n) => m.has(n));
    lines.push(`- ${BIG_LINES.toLocaleString("en")} lines: kubeready --no-render ${t.toFixed(0)} ms wall p50; ${others.map((n) => `${n} ${fmt(p50(m, n))} (kubeready ${fmtRatio(t / p50(m, n))} its wall, ${fmtRatio(cpu50(m, "kubeready --no-render") / cpu50(m, n))} its CPU)`).join("; ")}`, "");
  }

  // Scale: a generated monorepo (bench/monorepo.ts) at 1×, 4× and 16× (16× = 20,000 service files, about 110 MB);
  // time and peak memory should grow linearly with the input.
  if (PARTS.has("scale")) {
    const lo = SCALE_BASE * SCALE_FACTORS[0], hi = SCALE_BASE * SCALE_FACTORS[SCALE_FACTORS.length - 1];
    lines.push(`### generated monorepo, ${SCALE_FACTORS.map((k) => `${k}×`).join(" / ")} (${lo} to ${hi} service files of 4 objects each, 50 per namespace)`, "",
      `- ${new Date().toISOString().slice(0, 16).replace("T", " ")} UTC; \`kubeready lint DIR --format json --fail-on never\` (default run, one process per size, node --max-old-space-size=8192)`, "",
      "| size | files | MiB | wall | wall per file | CPU (user+sys) | CPU per file | peak RSS | peak RSS per MiB of input | load (1 min) | exit |", "|---|---|---|---|---|---|---|---|---|---|---|");
    const scale: { files: number; ms: number; cpu: number; peak: number; mib: number }[] = [];
    for (const k of SCALE_FACTORS) {
      const dir = join(work, `mono-${k}`);
      const w = writeMonorepo(dir, SCALE_BASE * k);
      const mib = w.bytes / 2 ** 20;
      const r = await runOnce(process.execPath, ["--max-old-space-size=8192", CLI, "lint", dir, "--format", "json", "--fail-on", "never"]);
      scale.push({ files: w.files, ms: r.ms, cpu: r.cpuMs, peak: r.peakMiB, mib });
      process.stderr.write(`peers: monorepo ${k}×: ${w.files} files, ${mib.toFixed(0)} MiB: ${r.ms.toFixed(0)} ms wall, ${r.cpuMs.toFixed(0)} ms CPU, ${r.peakMiB.toFixed(0)} MiB, exit ${r.status}\n`);
      lines.push(`| ${k}× | ${w.files} | ${mib.toFixed(0)} | ${(r.ms / 1000).toFixed(1)} s | ${(r.ms / w.files).toFixed(2)} ms | ${(r.cpuMs / 1000).toFixed(1)} s | ${(r.cpuMs / w.files).toFixed(2)} ms | ${r.peakMiB.toFixed(0)} MiB | ${(r.peakMiB / mib).toFixed(1)} | ${load().split(" ")[0]} | ${r.status} |`);
      rmSync(dir, { recursive: true, force: true });
    }
    lines.push("");
    const wallGrowth = perUnitGrowth(scale.map((s) => ({ units: s.files, cost: s.ms })));
    const cpuGrowth = perUnitGrowth(scale.map((s) => ({ units: s.files, cost: s.cpu })));
    const memGrowth = perUnitGrowth(scale.map((s) => ({ units: s.mib, cost: s.peak })));
    goals.push(goal(`monorepo ${SCALE_FACTORS[SCALE_FACTORS.length - 1]}× vs ${SCALE_FACTORS[0]}×: CPU time per file`, "≤ 1.3× (linear)", cpuGrowth, cpuGrowth <= 1.3, `${fmtRatio(cpuGrowth)} (wall per file ${fmtRatio(wallGrowth)}, which carries the machine's load)`));
    goals.push(goal(`monorepo ${SCALE_FACTORS[SCALE_FACTORS.length - 1]}× vs ${SCALE_FACTORS[0]}×: peak RSS per MiB of input`, "≤ 1.3× (linear or better)", memGrowth, memGrowth <= 1.3, `${fmtRatio(memGrowth)}: ${scale[0].peak.toFixed(0)} → ${scale[scale.length - 1].peak.toFixed(0)} MiB for ${scale[0].mib.toFixed(0)} → ${scale[scale.length - 1].mib.toFixed(0)} MiB of YAML`));
  }
  rmSync(work, { recursive: true, force: true });
  emit({ step: "peers", goals, lines });
}

main().catch((e) => { console.error(e); process.exit(1); });
