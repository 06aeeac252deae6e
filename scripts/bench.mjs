// `npm run bench`: builds, runs every benchmark step in its own process, a longer fuzz run, and writes bench/RESULTS.md.
import { spawnSync, execSync } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync, existsSync } from "node:fs";
import { cpus, totalmem, tmpdir } from "node:os";
import { join } from "node:path";

const root = join(import.meta.dirname, "..");
process.chdir(root);
const started = Date.now();
const out = mkdtempSync(join(tmpdir(), "kubeready-bench-"));
const quick = process.argv.includes("--quick");

function run(cmd, args, env = {}) {
  console.log(`\n$ ${cmd === process.execPath ? "node" : cmd} ${args.join(" ")}`);
  const r = spawnSync(cmd, args, { stdio: "inherit", env: { ...process.env, ...env } });
  return r.status ?? 1;
}

if (run(process.execPath, ["esbuild.mjs"]) !== 0) { console.error("build failed"); process.exit(2); }

// Each step is a separate process so one step's heap and JIT state do not colour the next.
const steps = [
  { name: "analysis", file: "bench/analysis.ts", env: quick ? { BENCH_ROUNDS: "1", BENCH_FILE_REPS: "1" } : {} },
  { name: "typing", file: "bench/typing.ts", env: quick ? { BENCH_TYPING_ROUNDS: "1" } : {} },
  { name: "workspace", file: "bench/workspace.ts", env: quick ? { BENCH_SCAN_ROUNDS: "1" } : {} },
  { name: "cluster", file: "bench/cluster.ts", env: quick ? { BENCH_CLUSTER_ROUNDS: "1" } : {} },
  { name: "render", file: "bench/render.ts", env: quick ? { BENCH_RENDER_ROUNDS: "1" } : {} },
  // The Go linters (kube-score, kubeconform) raced as whole processes; builds them into the tools cache when missing.
  { name: "peers", file: "bench/peers.ts", env: quick ? { BENCH_PEER_ROUNDS: "1", BENCH_SCALE_BASE: "100" } : {} },
  { name: "startup", file: "bench/startup.ts", env: quick ? { BENCH_STARTUP_ROUNDS: "5" } : {} },
  { name: "cluster-pods", file: "bench/cluster-pods.ts", env: quick ? { BENCH_CLUSTER_PODS: "10000" } : {} },
  { name: "many-documents", file: "bench/many-documents.ts", env: quick ? { BENCH_MANY_ROUNDS: "1" } : {} },
  // Slicing's own cost: server CPU for one analysis of 20,000 and 100,000 documents, sliced and in one go, no hovers.
  { name: "many-documents-cost", file: "bench/many-documents.ts", env: { BENCH_MANY_COST: "1", BENCH_MANY_PARTS: "cost", BENCH_MANY_LSP_ROUNDS: quick ? "1" : "2" } },
  // The tree against the real kube-apiserver of test/real-cluster (500 namespaces, 20,000 pods created through the API,
  // minutes on 2 cores); skipped with one line where the pinned control plane is not built.
  { name: "cluster-real", file: "bench/cluster-real.ts", env: quick ? { BENCH_REAL_PODS: "2000", BENCH_REAL_ROUNDS: "1" } : {} },
  // Parts of the steps above, run only when named (`npm run bench -- peers-50k`): issue #19's races one at a time.
  { name: "peers-corpus", file: "bench/peers.ts", env: { BENCH_PEER_PARTS: "corpus", BENCH_PEER_ROUNDS: "3" }, named: true },
  { name: "peers-one", file: "bench/peers.ts", env: { BENCH_PEER_PARTS: "one", BENCH_PEER_POOL: "0" }, named: true },
  { name: "peers-50k", file: "bench/peers.ts", env: { BENCH_PEER_PARTS: "big", BENCH_PEER_ROUNDS: "3" }, named: true },
  { name: "monorepo", file: "bench/peers.ts", env: { BENCH_PEER_PARTS: "scale" }, named: true },
  // Keystroke latency at 50,000 lines over real LSP transport, kubeready alone (the typing step without yaml-language-server).
  { name: "keystroke-50k", file: "bench/typing.ts", env: { BENCH_SIZES: "50000", BENCH_TYPING_YLS: "0", BENCH_TYPING_ROUNDS: "5", BENCH_OPEN_TIMEOUT_MS: "600000" }, named: true },
];
// `--only a,b` runs just those steps (and the fuzz run only when named) and writes bench/RESULTS-only.md instead.
// Step names given as plain arguments (`npm run bench -- peers-50k keystroke-50k`) do the same.
const onlyArg = process.argv.find((a) => a.startsWith("--only="))?.slice("--only=".length);
const named = process.argv.slice(2).filter((a) => !a.startsWith("-"));
const only = onlyArg || named.length ? new Set([...(onlyArg ? onlyArg.split(",") : []), ...named]) : undefined;
const unknown = only ? [...only].filter((n) => n !== "fuzz" && !steps.some((s) => s.name === n)) : [];
if (unknown.length) { console.error(`bench: unknown step ${unknown.join(", ")} (steps: ${steps.map((s) => s.name).join(", ")}, fuzz)`); process.exit(2); }
const results = [];
for (const s of steps) {
  if (only ? !only.has(s.name) : s.named) continue;
  const file = join(out, `${s.name}.json`);
  const status = run(process.execPath, ["--expose-gc", "--import", "tsx", s.file, file], s.env);
  if (status === 0 && existsSync(file)) results.push(JSON.parse(readFileSync(file, "utf8")));
  else results.push({ step: s.name, goals: [], lines: [`STEP FAILED (exit ${status})`] });
}

// A longer fuzz run than the test suite's: same properties, more inputs.
if (!only || only.has("fuzz")) {
const fuzzRuns = process.env.FUZZ_RUNS ?? (quick ? "200" : "1000");
const fuzzStart = Date.now();
const fuzz = spawnSync(process.execPath, ["--import", "tsx", "--test", "--test-reporter=spec", "test/fuzz/engine.fuzz.test.ts", "test/fuzz/lsp.fuzz.test.ts"],
  { encoding: "utf8", env: { ...process.env, FUZZ_RUNS: fuzzRuns } });
const fuzzOut = `${fuzz.stdout}\n${fuzz.stderr}`;
process.stdout.write(fuzzOut);
const fuzzLines = fuzzOut.split("\n")
  .filter((l) => /fuzz:|^not ok|^\s*not ok|Counterexample|Got (AssertionError|error)|^# (tests|pass|fail) /.test(l))
  .map((l) => l.trim().replace(/^# /, "").slice(0, 400));
results.push({ step: "fuzz", goals: [], lines: [`FUZZ_RUNS=${fuzzRuns}: ${fuzz.status === 0 ? "all properties held" : `FAILED (exit ${fuzz.status})`} in ${((Date.now() - fuzzStart) / 1000).toFixed(0)} s`, ...fuzzLines] });
}

// ---- RESULTS.md -------------------------------------------------------------------------------------
const sh = (c) => { try { return execSync(c, { encoding: "utf8" }).trim(); } catch { return "?"; } };
const goals = results.flatMap((r) => r.goals.map((g) => ({ ...g, step: r.step })));
const verdict = (g) => (g.pass === null ? "N/A" : g.pass ? "PASS" : "**MISS**");
const md = [
  "# kubeready benchmark results",
  "",
  `- date: ${new Date().toISOString()}`,
  `- machine: ${sh("nproc")} CPUs (${cpus()[0]?.model ?? "?"}), ${(totalmem() / 2 ** 30).toFixed(1)} GiB memory, load average at start ${sh("cut -d' ' -f1-3 /proc/loadavg")}`,
  `- node ${process.version}; yaml ${JSON.parse(readFileSync("node_modules/yaml/package.json", "utf8")).version}; yaml-language-server ${JSON.parse(readFileSync("node_modules/yaml-language-server/package.json", "utf8")).version}`,
  `- command: \`npm run bench\` (\`node scripts/bench.mjs${quick ? " --quick" : ""}\`), total ${((Date.now() - started) / 1000).toFixed(0)} s`,
  "- method: ratios are measured in the same run, with runs interleaved (alternating order) and medians reported; spread is p95/min/max over the runs. The machine is shared and noisy: read ratios, not absolute times.",
  "",
  "## Goals",
  "",
  "| goal | target | measured | verdict |",
  "|---|---|---|---|",
  ...goals.map((g) => `| ${g.name} | ${g.target} | ${g.measured} | ${verdict(g)} |`),
  "",
  `Misses: ${goals.filter((g) => g.pass === false).map((g) => g.name).join("; ") || "none"}.`,
  "",
  ...results.flatMap((r) => [`## ${r.step}`, "", ...r.lines.map((l) => (l === "" || /^[#|-]/.test(l) ? l : `- ${l}`)), ""]),
];
const resultsFile = only ? "bench/RESULTS-only.md" : "bench/RESULTS.md";
writeFileSync(resultsFile, md.join("\n"));
console.log(`\nwrote ${resultsFile} (${goals.filter((g) => g.pass).length} PASS, ${goals.filter((g) => g.pass === false).length} MISS) in ${((Date.now() - started) / 1000).toFixed(0)} s`);
