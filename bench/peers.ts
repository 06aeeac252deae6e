// Bench step: kubeready's CLI against the Go linters (kube-score, kubeconform; Polaris and kube-linter when they can be built) as whole processes on the same inputs.
import { spawn, spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseAllDocuments } from "yaml";
import { CORPUS_DIR, loadCorpus, yamlFilesUnder } from "./corpus.js";
import { emit, fmtRatio, fmtSpread, goal, median, spread, type Goal } from "./stats.js";
import { generateManifest } from "./yls/manifest.js";
import { PEERS, ensurePeer, peerVersion, type Peer } from "./peer-tools.js";
import { writeKubeconformSchemas } from "./kubeconform-schemas.js";

const ROOT = join(__dirname, "..");
const CLI = join(ROOT, "bin", "kubeready.js");
const ROUNDS = Number(process.env.BENCH_PEER_ROUNDS ?? 5);
const SCALE_BASE = Number(process.env.BENCH_SCALE_BASE ?? 1250);

const lines: string[] = [];
const goals: Goal[] = [];

interface Run { ms: number; peakMiB: number; status: number | null }

/** Runs a command to completion; wall time, and peak RSS read from GNU time when present, else sampled from /proc. */
function runOnce(cmd: string, args: readonly string[], input?: string): Promise<Run> {
  const gnuTime = existsSync("/usr/bin/time");
  const argv = gnuTime ? ["-f", "__PEAK_KB=%M", cmd, ...args] : [...args];
  return new Promise((resolve) => {
    const t0 = performance.now();
    const child = spawn(gnuTime ? "/usr/bin/time" : cmd, argv, { stdio: [input === undefined ? "ignore" : "pipe", "ignore", "pipe"] });
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
      resolve({ ms, peakMiB: kb / 1024, status });
    });
  });
}

interface Contender { name: string; checks: string; run: () => Promise<Run> }

/** Interleaved rounds (the order rotates each round) so drift on a shared machine hits every contender alike. */
async function race(label: string, contenders: readonly Contender[], rounds: number): Promise<Map<string, { ms: number[]; peak: number[]; status: Set<number | null> }>> {
  const out = new Map(contenders.map((c) => [c.name, { ms: [] as number[], peak: [] as number[], status: new Set<number | null>() }]));
  for (const c of contenders) await c.run(); // warm the page cache and the JIT-less start of each binary once
  for (let r = 0; r < rounds; r++) {
    const order = contenders.map((_, i) => contenders[(i + r) % contenders.length]);
    for (const c of order) {
      const res = await c.run();
      const o = out.get(c.name)!;
      o.ms.push(res.ms); o.peak.push(res.peakMiB); o.status.add(res.status);
    }
  }
  lines.push(`### ${label}`, "", "| tool | checks | wall p50 | spread (p95 / min / max, n) | peak RSS (max) | exit codes |", "|---|---|---|---|---|---|");
  for (const c of contenders) {
    const o = out.get(c.name)!;
    const s = spread(o.ms);
    lines.push(`| ${c.name} | ${c.checks} | ${s.p50.toFixed(0)} ms | ${s.p95.toFixed(0)} / ${s.min.toFixed(0)} / ${s.max.toFixed(0)}, n ${s.n} | ${Math.max(...o.peak).toFixed(0)} MiB | ${[...o.status].join(", ")} |`);
  }
  lines.push("");
  return out;
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
  lines.push("- Polaris: SKIPPED — github.com/fairwindsops/polaris is not served by this machine's Go module proxy (403 for every major version tried)");
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
  const contendersFor = (targets: readonly string[], listFile: string): Contender[] => {
    const cs: Contender[] = [
      { name: "kubeready", checks: ourChecks, run: () => runOnce(process.execPath, [CLI, "lint", ...targets, "--format", "json", "--fail-on", "never"]) },
    ];
    const ks = [...tools].find(([p]) => p.name === "kube-score")?.[1];
    if (ks) cs.push({ name: "kube-score", checks: ksChecks, run: () => runOnce(ks, ["score", "--output-format", "ci", ...targets.flatMap((t) => t.endsWith(".yaml") || t.endsWith(".yml") ? [t] : yamlFilesUnder(t))]) });
    const kc = [...tools].find(([p]) => p.name === "kubeconform")?.[1];
    if (kc) cs.push({ name: "kubeconform", checks: "1 (schema)", run: () => runOnce(kc, ["-summary", "-ignore-missing-schemas", "-schema-location", `${schemaDir}/{{ .ResourceKind }}{{ .KindSuffix }}.json`, ...targets]) });
    cs.push({ name: "bare yaml parse (node, 1 thread)", checks: "0", run: () => runOnce(process.execPath, [bareScript, listFile]) });
    return cs;
  };

  const corpusRace = await race(`whole corpus (${paths.length} files)`, contendersFor([CORPUS_DIR], listOf("corpus", paths)), ROUNDS);
  const p50 = (m: typeof corpusRace, name: string) => (m.has(name) ? median(m.get(name)!.ms) : NaN);
  const ours = p50(corpusRace, "kubeready");
  lines.push(`- documents per second over the corpus: ${[...corpusRace.keys()].map((k) => `${k} ${(docs / (p50(corpusRace, k) / 1000)).toFixed(0)}`).join("; ")}`, "");
  const ks = p50(corpusRace, "kube-score"), kc = p50(corpusRace, "kubeconform"), bare = p50(corpusRace, "bare yaml parse (node, 1 thread)");
  goals.push(goal("CLI over the corpus / fastest of kube-score and Polaris", "≤ 1.0×", ours / ks, ours / ks <= 1.0, `${ours.toFixed(0)} ms vs kube-score ${ks.toFixed(0)} ms = ${fmtRatio(ours / ks)} (Polaris not buildable here)`));
  goals.push(goal("CLI over the corpus / kubeconform (schema validation only)", "≤ 2.0×", ours / kc, ours / kc <= 2.0, `${ours.toFixed(0)} ms vs ${kc.toFixed(0)} ms = ${fmtRatio(ours / kc)}`));
  goals.push(goal("CLI process over the corpus / bare single-threaded yaml parse process", "≤ 1.0×", ours / bare, ours / bare <= 1.0, `${ours.toFixed(0)} ms vs ${bare.toFixed(0)} ms = ${fmtRatio(ours / bare)}`));

  const oneRace = await race("one file (pre-commit)", contendersFor([oneFile], listOf("one", [oneFile])), ROUNDS * 2);
  const one = p50(oneRace, "kubeready");
  goals.push(goal("one-file CLI run, wall", "≤ 150 ms", one / 150, one <= 150, `${one.toFixed(0)} ms (kube-score ${p50(oneRace, "kube-score").toFixed(0)} ms, kubeconform ${p50(oneRace, "kubeconform").toFixed(0)} ms, bare node parse ${p50(oneRace, "bare yaml parse (node, 1 thread)").toFixed(0)} ms)`));
  await race("one 50,000-line file", contendersFor([big], listOf("big", [big])), Math.max(3, Math.ceil(ROUNDS / 2)));

  // Scale: a generated monorepo at 1×, 4× and 16× (16× ≈ 20,000 manifests); time and peak memory should grow linearly.
  lines.push(`### generated monorepo, 1× / 4× / 16× (${SCALE_BASE} to ${SCALE_BASE * 16} manifest files)`, "", "| size | files | MiB | wall | per file | peak RSS |", "|---|---|---|---|---|---|");
  const scale: { files: number; ms: number; peak: number }[] = [];
  for (const k of [1, 4, 16]) {
    const dir = join(work, `mono-${k}`);
    const n = SCALE_BASE * k;
    let bytes = 0;
    for (let i = 0; i < n; i++) {
      const team = join(dir, `team-${i % 50}`, `svc-${Math.floor(i / 50)}`);
      mkdirSync(team, { recursive: true });
      const text = generateManifest(100).replace(/app-(\d+)/g, `app-${i}-$1`);
      bytes += text.length;
      writeFileSync(join(team, "deploy.yaml"), text);
    }
    const r = await runOnce(process.execPath, ["--max-old-space-size=8192", CLI, "lint", dir, "--format", "json", "--fail-on", "never"]);
    scale.push({ files: n, ms: r.ms, peak: r.peakMiB });
    lines.push(`| ${k}× | ${n} | ${(bytes / 2 ** 20).toFixed(0)} | ${(r.ms / 1000).toFixed(1)} s | ${(r.ms / n).toFixed(2)} ms | ${r.peakMiB.toFixed(0)} MiB |`);
    rmSync(dir, { recursive: true, force: true });
  }
  lines.push("");
  const perFileGrowth = (scale[2].ms / scale[2].files) / (scale[0].ms / scale[0].files);
  const memGrowth = scale[2].peak / scale[0].peak;
  goals.push(goal("monorepo 16× vs 1×: time per file", "≤ 1.3× (linear)", perFileGrowth, perFileGrowth <= 1.3, `${fmtRatio(perFileGrowth)}; peak memory grows ${fmtRatio(memGrowth)} for 16× the input`));
  lines.push(`- spread note: ${fmtSpread(spread(corpusRace.get("kubeready")!.ms))} for kubeready over the corpus`);
  rmSync(work, { recursive: true, force: true });
  emit({ step: "peers", goals, lines });
}

main().catch((e) => { console.error(e); process.exit(1); });
