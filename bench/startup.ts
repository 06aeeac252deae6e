// Bench step: CLI startup — wall and CPU time of linting one file (the pre-commit case) against a bare `node -e 0` in
// the same interleaved run, in an empty folder and inside a repository (what a pre-commit hook sees: the CLI looks
// around the repository for configuration), and what each library bundled into dist/cli.js costs to load (picomatch,
// ignore, diff, yaml), measured as bundles of their own.
//
// BENCH_STARTUP_BASELINE=/path/to/another/checkout (built with `npm run build`) runs that checkout's launcher in the
// same loop: before and after a change, measured under the same load.
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, statSync, writeFileSync } from "node:fs";
import { cpus, loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { buildSync } from "esbuild";
import { emit, fmtSpread, goal, spread, type Goal } from "./stats.js";

const ROOT = join(__dirname, "..");
const ROUNDS = Number(process.env.BENCH_STARTUP_ROUNDS ?? 15);
const BASELINE = process.env.BENCH_STARTUP_BASELINE;
const TARGET_MS = 150;
const dir = mkdtempSync(join(tmpdir(), "kubeready-startup-"));
const POD = "apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\nspec:\n  containers:\n    - name: app\n      image: registry.example.com/app:1.0.0\n      securityContext:\n        privileged: true\n";

/** One file in a folder of its own. */
const empty = join(dir, "empty");
mkdirSync(empty);
writeFileSync(join(empty, "pod.yaml"), POD);

/**
 * A GitOps repository of modest size (48 apps of 2 manifests and a README, namespaces, cluster overlays, a kustomize
 * base, docs, scripts; about 80 folders and 200 files), written here (no third-party data): the hook runs at its root
 * on one staged file. The staged app file has no kustomization beside it (a plain run); the base's file has one, and
 * linting it renders the base with kustomize when kustomize or kubectl is installed (its child processes' CPU is not
 * counted below, their wall time is).
 */
const repo = join(dir, "repo");
const deployment = (name: string, tag: string) => `apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: ${name}\nspec:\n  replicas: 2\n  selector:\n    matchLabels: {app: ${name}}\n  template:\n    metadata:\n      labels: {app: ${name}}\n    spec:\n      containers:\n        - name: app\n          image: registry.example.com/${name}:${tag}\n          resources:\n            requests: {cpu: 100m, memory: 128Mi}\n            limits: {memory: 128Mi}\n`;
const service = (name: string) => `apiVersion: v1\nkind: Service\nmetadata:\n  name: ${name}\nspec:\n  selector: {app: ${name}}\n  ports:\n    - port: 80\n      targetPort: 8080\n`;
function writeRepo(): { staged: string; overlay: string } {
  const w = (rel: string, text: string) => { mkdirSync(join(repo, rel, ".."), { recursive: true }); writeFileSync(join(repo, rel), text); };
  mkdirSync(join(repo, ".git"), { recursive: true });
  w(".gitignore", "*.tmp\n/out/\n");
  w("README.md", "# platform\n");
  for (let t = 0; t < 8; t++) {
    for (let a = 0; a < 6; a++) {
      const name = `app-${t}-${a}`, base = `apps/team-${t}/${name}`;
      w(`${base}/deployment.yaml`, deployment(name, `1.${a}.0`));
      w(`${base}/service.yaml`, service(name));
      w(`${base}/README.md`, `# ${name}\n`);
    }
    w(`namespaces/team-${t}.yaml`, `apiVersion: v1\nkind: Namespace\nmetadata:\n  name: team-${t}\n`);
  }
  for (const c of ["staging", "production"]) {
    w(`clusters/${c}/kustomization.yaml`, "apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nresources:\n  - ../../namespaces/team-0.yaml\n");
    w(`clusters/${c}/flux-system/gotk-sync.yaml`, "apiVersion: source.toolkit.fluxcd.io/v1\nkind: GitRepository\nmetadata:\n  name: flux-system\n  namespace: flux-system\nspec:\n  interval: 1m\n  url: https://example.com/platform.git\n");
  }
  w("base/kustomization.yaml", "apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nnamespace: shared\nresources:\n  - deployment.yaml\n  - service.yaml\n");
  w("base/deployment.yaml", deployment("shared", "2.0.0"));
  w("base/service.yaml", service("shared"));
  for (let i = 0; i < 10; i++) w(`docs/runbook-${i}.md`, `# runbook ${i}\n`);
  for (let i = 0; i < 5; i++) w(`scripts/task-${i}.sh`, "#!/bin/sh\n");
  return { staged: "apps/team-3/app-3-2/deployment.yaml", overlay: "base/deployment.yaml" };
}
const { staged, overlay } = writeRepo();

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

/**
 * NODE_EXTRA_CA_CERTS makes Node 20 load every bundled root certificate and the extra file when the process starts,
 * before any JavaScript runs (nodejs/node#40524; later Node versions load them lazily): on this machine that is most of
 * `node -e 0` (~90 ms of every Node process). It is the environment's cost, not kubeready's, and a developer's machine
 * usually has it unset, so when it is set every one-file run is measured both ways and shown side by side.
 */
const EXTRA_CA = process.env.NODE_EXTRA_CA_CERTS;
const withoutCa = { NODE_EXTRA_CA_CERTS: undefined };

interface Command { name: string; args: string[]; cwd?: string; env?: Record<string, string | undefined> }
const cache = (name: string) => ({ KUBEREADY_CACHE_DIR: join(dir, "compile-cache", name) });
const lintCommands = (label: string, root: string, key: string): Command[] => {
  const bin = join(root, "bin", "kubeready.js");
  return [
    { name: `${label}lint one file`, args: [bin, "lint", "--fail-on", "never", "pod.yaml"], cwd: empty, env: cache(`${key}-empty`) },
    ...(EXTRA_CA ? [{ name: `${label}lint one file, no NODE_EXTRA_CA_CERTS`, args: [bin, "lint", "--fail-on", "never", "pod.yaml"], cwd: empty, env: { ...cache(`${key}-empty`), ...withoutCa } }] : []),
    { name: `${label}lint one file in a repository`, args: [bin, "lint", "--fail-on", "never", staged], cwd: repo, env: cache(`${key}-repo`) },
    ...(EXTRA_CA ? [{ name: `${label}lint one file in a repository, no NODE_EXTRA_CA_CERTS`, args: [bin, "lint", "--fail-on", "never", staged], cwd: repo, env: { ...cache(`${key}-repo`), ...withoutCa } }] : []),
    { name: `${label}lint one file of a kustomize base (rendered)`, args: [bin, "lint", "--fail-on", "never", overlay], cwd: repo, env: cache(`${key}-repo`) },
  ];
};
const commands: Command[] = [
  { name: "node -e 0", args: ["-e", "0"] },
  ...(EXTRA_CA ? [{ name: "node -e 0, no NODE_EXTRA_CA_CERTS", args: ["-e", "0"], env: withoutCa }] : []),
  { name: "kubeready --version", args: [join(ROOT, "bin", "kubeready.js"), "--version"], env: cache("version") },
  ...lintCommands("", ROOT, "this"),
  // The launcher's V8 code cache off: every function of the bundle compiled again (the first run after an install).
  { name: "lint one file, no code cache", args: [join(ROOT, "bin", "kubeready.js"), "lint", "--fail-on", "never", "pod.yaml"], cwd: empty, env: { KUBEREADY_NO_COMPILE_CACHE: "1" } },
  ...(BASELINE ? lintCommands("baseline: ", BASELINE, "baseline") : []),
  ...libBundles.map((b) => ({ name: `load ${b.lib} (bundled)`, args: [b.outfile] })),
];

const cpuSamples = new Map<string, number[]>(commands.map((c) => [c.name, []]));

function time(c: Command, record: boolean): number {
  const env: Record<string, string | undefined> = { ...process.env, ...c.env };
  for (const [k, v] of Object.entries(env)) if (v === undefined) delete env[k];
  const t0 = process.hrtime.bigint();
  const r = spawnSync(process.execPath, ["-r", cpuPreload, ...c.args], { cwd: c.cwd ?? dir, stdio: ["ignore", "ignore", "pipe"], encoding: "utf8", env });
  const ms = Number(process.hrtime.bigint() - t0) / 1e6;
  if (r.status !== 0) throw new Error(`${c.args.join(" ")} exited ${r.status}: ${r.stderr}`);
  const cpu = /kubeready-bench-cpu ([\d.]+)/.exec(r.stderr ?? "");
  if (record && cpu) cpuSamples.get(c.name)!.push(Number(cpu[1]));
  return ms;
}

// One unmeasured run each: it writes each launcher's code cache, as the first run after an install does.
for (const c of commands) time(c, false);
const samples = new Map<string, number[]>(commands.map((c) => [c.name, []]));
for (let round = 0; round < ROUNDS; round++) {
  // Interleaved, alternating order: a noisy moment hits every command alike.
  const order = round % 2 ? [...commands].reverse() : commands;
  for (const c of order) samples.get(c.name)!.push(time(c, true));
}

const s = (name: string) => spread(samples.get(name)!);
const cpu = (name: string) => spread(cpuSamples.get(name)!);
const node = s("node -e 0");
const share = (name: string, base = "node -e 0") => `${name}: ${(s(name).p50 - s(base).p50).toFixed(0)} ms wall, ${(cpu(name).p50 - cpu(base).p50).toFixed(0)} ms CPU over ${base} (p50s)`;
const kubereadyRuns = commands.filter((c) => !c.name.startsWith("load ")).map((c) => c.name);
const lines = [
  `dist/cli.js ${(statSync(join(ROOT, "dist", "cli.js")).size / 1024).toFixed(0)} KiB (kubeready cluster lives in dist/cli-cluster.js, loaded only by that command)`,
  `the repository: 48 apps of 2 manifests and a README, about 80 folders and 200 files, written by the bench; the staged file is ${staged}; the kustomize base's file is ${overlay}`,
  ...(EXTRA_CA ? [`NODE_EXTRA_CA_CERTS is set (${EXTRA_CA}): Node 20 loads every root certificate at startup with it, so the runs marked "no NODE_EXTRA_CA_CERTS" leave it out`] : []),
  ...(BASELINE ? [`baseline: ${BASELINE} (its own dist/), interleaved with this checkout`] : []),
  "wall:",
  ...commands.map((c) => `  ${c.name}: ${fmtSpread(s(c.name))}`),
  "CPU (user + system, all threads):",
  ...kubereadyRuns.map((n) => `  ${n}: ${fmtSpread(cpu(n))}`),
  "kubeready's own share:",
  ...kubereadyRuns.filter((n) => n.includes("lint") && !n.includes("NODE_EXTRA_CA_CERTS") && !n.includes("rendered")).map((n) => `  ${share(n)}`),
  ...(EXTRA_CA ? kubereadyRuns.filter((n) => n.includes("no NODE_EXTRA_CA_CERTS") && n !== "node -e 0, no NODE_EXTRA_CA_CERTS").map((n) => `  ${share(n, "node -e 0, no NODE_EXTRA_CA_CERTS")}`) : []),
  ...(BASELINE ? ["lint one file", "lint one file in a repository", ...(EXTRA_CA ? ["lint one file, no NODE_EXTRA_CA_CERTS", "lint one file in a repository, no NODE_EXTRA_CA_CERTS"] : [])].map((n) => `  after / baseline, ${n}: wall ${(s(n).p50 / s(`baseline: ${n}`).p50).toFixed(2)}×, CPU ${(cpu(n).p50 / cpu(`baseline: ${n}`).p50).toFixed(2)}×`) : []),
  ...sideBySide(),
  `load average at the end: ${loadavg().map((l) => l.toFixed(1)).join(" ")} on ${cpus().length} cores (wall times are not comparable across loads; CPU times are closer)`,
  ...LIBS.map((lib) => `  ${lib}: +${(s(`load ${lib} (bundled)`).p50 - node.p50).toFixed(1)} ms over node -e 0 (p50)`),
];
/** The one-file runs with the environment as it is and with NODE_EXTRA_CA_CERTS unset, one row each (p50 wall / CPU). */
function sideBySide(): string[] {
  if (!EXTRA_CA) return [`NODE_EXTRA_CA_CERTS is not set: the runs above are the "unset" condition`];
  const cell = (n: string) => `${s(n).p50.toFixed(0)} ms wall / ${cpu(n).p50.toFixed(0)} ms CPU`;
  const cellNode = (n: string) => `${s(n).p50.toFixed(0)} ms wall`;
  const rows: [string, string, string][] = [["node -e 0", cellNode("node -e 0"), cellNode("node -e 0, no NODE_EXTRA_CA_CERTS")]];
  for (const prefix of ["", ...(BASELINE ? ["baseline: "] : [])]) {
    for (const n of ["lint one file", "lint one file in a repository"]) rows.push([`${prefix}${n}`, cell(`${prefix}${n}`), cell(`${prefix}${n}, no NODE_EXTRA_CA_CERTS`)]);
  }
  const w = Math.max(...rows.map((r) => r[0].length));
  return [
    `side by side (p50): NODE_EXTRA_CA_CERTS as set here (${EXTRA_CA}) | unset — it costs every Node process its certificate load, kubeready's share is the difference to node -e 0 in the same column`,
    ...rows.map(([n, a, b]) => `  ${n.padEnd(w)}  ${a.padEnd(28)} | ${b}`),
  ];
}

const measured = (name: string, base: string) => {
  const w = s(name), c = cpu(name);
  return `${w.p50.toFixed(0)} ms (${base}: ${s(base).p50.toFixed(0)} ms; kubeready's own share ${(w.p50 - s(base).p50).toFixed(0)} ms; CPU ${c.p50.toFixed(0)} ms, node's ${cpu(base).p50.toFixed(0)} ms)`;
};
const inRepo = s("lint one file in a repository");
const oneFile = s("lint one file");
const goals: Goal[] = [
  goal("kubeready lint of one file, wall (p50)", `≤ ${TARGET_MS} ms`, oneFile.p50 / TARGET_MS, oneFile.p50 <= TARGET_MS, measured("lint one file", "node -e 0")),
  goal("kubeready lint of one file in a repository, wall (p50)", `≤ ${TARGET_MS} ms`, inRepo.p50 / TARGET_MS, inRepo.p50 <= TARGET_MS, measured("lint one file in a repository", "node -e 0")),
];
if (EXTRA_CA) {
  const one = s("lint one file, no NODE_EXTRA_CA_CERTS");
  goals.push(goal("kubeready lint of one file, wall (p50), without NODE_EXTRA_CA_CERTS", `≤ ${TARGET_MS} ms`, one.p50 / TARGET_MS, one.p50 <= TARGET_MS, measured("lint one file, no NODE_EXTRA_CA_CERTS", "node -e 0, no NODE_EXTRA_CA_CERTS")));
  const bare = s("lint one file in a repository, no NODE_EXTRA_CA_CERTS");
  goals.push(goal("kubeready lint of one file in a repository, wall (p50), without NODE_EXTRA_CA_CERTS", `≤ ${TARGET_MS} ms`, bare.p50 / TARGET_MS, bare.p50 <= TARGET_MS, measured("lint one file in a repository, no NODE_EXTRA_CA_CERTS", "node -e 0, no NODE_EXTRA_CA_CERTS")));
}
emit({ step: "startup", goals, lines });
