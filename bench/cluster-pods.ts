// Bench step: `kubeready cluster` on 50,000 pods (issue 14.5) — wall time and peak memory of the CLI process, with
// objects as a real API server sends them (managedFields, the last-applied annotation), served by the stand-in.
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { generateLargeCluster } from "../test/standin/fixtures.js";
import { startStandin } from "../test/standin/server.js";
import type { KubeObject } from "../test/standin/store.js";
import { emit, goal, type StepResult } from "./stats.js";

const PODS = Number(process.env.BENCH_CLUSTER_PODS ?? 50_000);
const NAMESPACES = 100;
/** The figures for 50,000 pods before the fix. */
const BEFORE = { seconds: 27, mib: 1.74 * 1024 };
const CLI = join(__dirname, "..", "bin", "kubeready.js");

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

async function main(): Promise<void> {
  const objects = generateLargeCluster({ namespaces: NAMESPACES, podsPerNamespace: PODS / NAMESPACES }).map(asServed);
  const pods = objects.filter((o) => o.kind === "Pod").length;
  const standin = await startStandin({ objects });
  const dir = mkdtempSync(join(tmpdir(), "kubeready-bench-pods-"));
  const preload = join(dir, "maxrss.cjs");
  writeFileSync(preload, "process.on('exit', () => process.stderr.write(`MAXRSS ${process.resourceUsage().maxRSS}\\n`));\n");
  try {
    const started = performance.now();
    const { code, stderr, bytes } = await new Promise<{ code: number | null; stderr: string; bytes: number }>((resolve) => {
      const child = spawn(process.execPath, ["-r", preload, CLI, "cluster", "--kubeconfig", standin.kubeconfigPath, "--format", "json", "--fail-on", "never", "--timeout", "600"], { stdio: ["ignore", "pipe", "pipe"] });
      let err = "";
      let out = 0;
      child.stdout.on("data", (d: Buffer) => (out += d.length));
      child.stderr.on("data", (d: Buffer) => (err += d.toString()));
      child.once("close", (c) => resolve({ code: c, stderr: err, bytes: out }));
    });
    const seconds = (performance.now() - started) / 1000;
    const mib = Number(/MAXRSS (\d+)/.exec(stderr)?.[1] ?? NaN) / 1024;
    const listRequests = standin.requests.filter((r) => r.path === "/api/v1/pods").length;
    const result: StepResult = {
      step: "cluster-pods",
      goals: [
        goal(`kubeready cluster on ${pods} pods: wall time`, `well under ${BEFORE.seconds} s (≤ ${BEFORE.seconds / 2} s)`, seconds / (BEFORE.seconds / 2), seconds <= BEFORE.seconds / 2, `${seconds.toFixed(1)} s (before: ${BEFORE.seconds} s)`),
        goal(`kubeready cluster on ${pods} pods: peak memory (maxRSS)`, `well under ${(BEFORE.mib / 1024).toFixed(2)} GB (≤ ${(BEFORE.mib / 2).toFixed(0)} MiB)`, mib / (BEFORE.mib / 2), mib <= BEFORE.mib / 2, `${mib.toFixed(0)} MiB (before: ${BEFORE.mib.toFixed(0)} MiB)`),
      ],
      lines: [
        `${objects.length} objects (${pods} pods in ${NAMESPACES} namespaces), each with managedFields and a last-applied annotation as a real API server sends them; ${listRequests} pod list pages`,
        `exit ${code}; ${(bytes / 2 ** 20).toFixed(1)} MiB of JSON written`,
      ],
    };
    emit(result);
  } finally {
    await standin.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

main().then(() => process.exit(0), (e) => { console.error(e); process.exit(1); });
