// Bench step: `kubeready cluster` on 50,000 pods (issue 14.5) — wall time, CPU time and peak memory of the CLI process,
// with objects as a real API server sends them (managedFields, the last-applied annotation), served by the stand-in.
import { spawn } from "node:child_process";
import { createHash } from "node:crypto";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { generateLargeCluster } from "../test/standin/fixtures.js";
import { startStandin } from "../test/standin/server.js";
import type { KubeObject } from "../test/standin/store.js";
import { emit, fmtRatio, goal, type StepResult } from "./stats.js";

const PODS = Number(process.env.BENCH_CLUSTER_PODS ?? 50_000);
const NAMESPACES = 100;
/** The issue's figures for 50,000 pods before the fix. */
const BEFORE = { seconds: 27, mib: 1.74 * 1024 };
/** The launcher measured: this checkout's, or a copy of a build (BENCH_CLUSTER_CLI) that stays put while the checkout is rebuilt. */
const CLI = process.env.BENCH_CLUSTER_CLI ?? join(__dirname, "..", "bin", "kubeready.js");
/** Another build's launcher (bin/kubeready.js of a checkout or copy of an earlier commit) to compare with, in the same run. */
const BASELINE = process.env.BENCH_CLUSTER_BASELINE;
const ROUNDS = Number(process.env.BENCH_CLUSTER_POD_ROUNDS ?? 1);

/** What kubectl apply and the controllers leave on a real object: managedFields and the last-applied annotation. */
function asServed(o: KubeObject): KubeObject {
  const copy = structuredClone(o) as KubeObject & { metadata: Record<string, unknown> };
  const { metadata: _m, status: _s, ...spec } = copy as Record<string, unknown>;
  copy.metadata.managedFields = [
    { manager: "kubectl-client-side-apply", operation: "Update", apiVersion: o.apiVersion, time: "2026-01-01T00:00:00Z", fieldsType: "FieldsV1", fieldsV1: { "f:metadata": { "f:labels": {} }, "f:spec": { "f:containers": { 'k:{"name":"app"}': { ".": {}, "f:image": {}, "f:name": {}, "f:resources": {}, "f:securityContext": {} } } } } },
    { manager: "kubelet", operation: "Update", apiVersion: "v1", time: "2026-01-01T00:00:01Z", fieldsType: "FieldsV1", subresource: "status", fieldsV1: { "f:status": { "f:conditions": {}, "f:containerStatuses": {}, "f:hostIP": {}, "f:phase": {}, "f:podIP": {}, "f:startTime": {} } } },
  ];
  copy.metadata.annotations = { ...(copy.metadata.annotations as object | undefined), "kubectl.kubernetes.io/last-applied-configuration": JSON.stringify(spec) };
  return copy;
}

interface Run { seconds: number; cpuSeconds: number; mib: number; code: number | null; bytes: number; sha256: string }

/** One `kubeready cluster` run of the launcher `cli` in its own process; the child reports its own CPU time and peak RSS. */
async function runCli(cli: string, kubeconfig: string, preload: string): Promise<Run> {
  const started = performance.now();
  const { code, stderr, bytes, sha256 } = await new Promise<{ code: number | null; stderr: string; bytes: number; sha256: string }>((resolve) => {
    const child = spawn(process.execPath, ["-r", preload, cli, "cluster", "--kubeconfig", kubeconfig, "--format", "json", "--fail-on", "never", "--timeout", "600"], { stdio: ["ignore", "pipe", "pipe"] });
    let err = "";
    let out = 0;
    const hash = createHash("sha256");
    child.stdout.on("data", (d: Buffer) => { out += d.length; hash.update(d); });
    child.stderr.on("data", (d: Buffer) => (err += d.toString()));
    child.once("close", (c) => resolve({ code: c, stderr: err, bytes: out, sha256: hash.digest("hex") }));
  });
  const seconds = (performance.now() - started) / 1000;
  const usage = /USAGE (\d+) (\d+)/.exec(stderr);
  if (!usage) throw new Error(`kubeready cluster (${cli}) failed (exit ${code}): ${stderr.slice(-2000)}`);
  return { seconds, cpuSeconds: Number(usage[1]) / 1e6, mib: Number(usage[2]) / 1024, code, bytes, sha256 };
}

async function main(): Promise<void> {
  const objects = generateLargeCluster({ namespaces: NAMESPACES, podsPerNamespace: PODS / NAMESPACES }).map(asServed);
  const pods = objects.filter((o) => o.kind === "Pod").length;
  const standin = await startStandin({ objects });
  const dir = mkdtempSync(join(tmpdir(), "kubeready-bench-pods-"));
  const preload = join(dir, "usage.cjs");
  writeFileSync(preload, "process.on('exit', () => { const u = process.resourceUsage(); process.stderr.write(`USAGE ${u.userCPUTime + u.systemCPUTime} ${u.maxRSS}\\n`); });\n");
  try {
    // A baseline build (another commit's launcher) runs in the same rounds, interleaved: ratios survive a busy machine.
    const clis = BASELINE ? [BASELINE, CLI] : [CLI];
    const runs: Run[][] = clis.map(() => []);
    for (let r = 0; r < ROUNDS; r++) {
      for (const i of r % 2 === 0 ? clis.keys() : [...clis.keys()].reverse()) runs[i]!.push(await runCli(clis[i]!, standin.kubeconfigPath, preload));
    }
    const best = runs.map((rs) => ({
      seconds: Math.min(...rs.map((x) => x.seconds)),
      cpuSeconds: Math.min(...rs.map((x) => x.cpuSeconds)),
      mib: Math.max(...rs.map((x) => x.mib)),
      last: rs[rs.length - 1]!,
    }));
    const ours = best[best.length - 1]!;
    const before = BASELINE ? best[0]! : undefined;
    const listRequests = standin.requests.filter((r) => r.path === "/api/v1/pods").length / (clis.length * ROUNDS);
    const describe = (b: (typeof best)[number]) => `${b.seconds.toFixed(1)} s wall, ${b.cpuSeconds.toFixed(1)} s CPU, peak RSS ${b.mib.toFixed(0)} MiB`;
    const lines = [
      `${objects.length} objects (${pods} pods in ${NAMESPACES} namespaces), each with managedFields and a last-applied annotation as a real API server sends them; ${listRequests} pod list pages per run; best of ${ROUNDS} (wall, CPU), worst peak RSS`,
      `this build: ${describe(ours)}; exit ${ours.last.code}; ${(ours.last.bytes / 2 ** 20).toFixed(1)} MiB of JSON written`,
    ];
    if (before) {
      lines.push(`baseline ${BASELINE}: ${describe(before)}; exit ${before.last.code}`);
      lines.push(`this build / baseline, same run: wall ${fmtRatio(ours.seconds / before.seconds)}, CPU ${fmtRatio(ours.cpuSeconds / before.cpuSeconds)}, peak RSS ${fmtRatio(ours.mib / before.mib)}; JSON output ${before.last.sha256 === ours.last.sha256 ? "identical" : "DIFFERENT"}`);
    }
    const { seconds, mib } = ours;
    const result: StepResult = {
      step: "cluster-pods",
      goals: [
        goal(`kubeready cluster on ${pods} pods: wall time`, `well under ${BEFORE.seconds} s (≤ ${BEFORE.seconds / 2} s)`, seconds / (BEFORE.seconds / 2), seconds <= BEFORE.seconds / 2, `${seconds.toFixed(1)} s, ${ours.cpuSeconds.toFixed(1)} s CPU (before: ${BEFORE.seconds} s${before ? `; baseline in this run ${before.seconds.toFixed(1)} s, ${before.cpuSeconds.toFixed(1)} s CPU` : ""})`),
        goal(`kubeready cluster on ${pods} pods: peak memory (maxRSS)`, `well under ${(BEFORE.mib / 1024).toFixed(2)} GB (≤ ${(BEFORE.mib / 2).toFixed(0)} MiB)`, mib / (BEFORE.mib / 2), mib <= BEFORE.mib / 2, `${mib.toFixed(0)} MiB (before: ${BEFORE.mib.toFixed(0)} MiB${before ? `; baseline in this run ${before.mib.toFixed(0)} MiB` : ""})`),
      ],
      lines,
      data: runs,
    };
    emit(result);
  } finally {
    await standin.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

main().then(() => process.exit(0), (e) => { console.error(e); process.exit(1); });
