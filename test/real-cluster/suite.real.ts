// The readiness tree, `kubeready cluster` and kubeready's models against a real kube-apiserver (issue 17): real RBAC
// 403s, watches, 410 Gone, pagination, and Kubernetes itself as the oracle for Pod Security admission, QoS classes and
// the disruption controller's PDB status. Run with `npm run test:real-cluster` (.ci/run does); skipped with one line
// where Go is absent. KUBEREADY_REAL_PODS sets how many pods the pagination case creates (default 20000).
import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { parse } from "yaml";
import { analyzeSnapshot } from "../../cluster/analyze.js";
import { loadKubeconfig, useContext } from "../../cluster/kubeconfig.js";
import { fetchSnapshot } from "../../cluster/snapshot.js";
import { buildReadinessTree, type ReadinessNode } from "../../cluster/tree.js";
import { readinessKinds } from "../../cluster/kinds.js";
import { watchKind } from "../../cluster/watch.js";
import type { KObject } from "../../rules/model/object.js";
import { podTemplateOf } from "../../rules/model/podspec.js";
import { qosOf } from "../../rules/model/qos.js";
import { disruptionBudgetOf, disruptionsAllowed, needsExpectedScale, scaled } from "../../rules/model/disruption.js";
import { evaluatePod, parsePssLevel, parsePssVersion } from "../../rules/pss/policy/index.js";
import { runClusterCommand } from "../../server/cli/cluster.js";
import { loadDemoCluster } from "../standin/fixtures.js";
import { AdminApi, bindReader, seedObjects } from "./api.js";
// @ts-expect-error: a plain ES module without types
import { buildControlPlane, startControlPlane, unavailableReason } from "./controlplane.mjs";

const why = unavailableReason() as string | undefined;
const skip = why ? `skipped: ${why}` : false;
if (why) {
  process.stdout.write(`# real-cluster suite skipped: ${why}\n`);
  // One test that counts as skipped, so the runner's summary says so.
  it("real control plane", { skip: `skipped: ${why}` }, () => undefined);
}

const ROOT = resolve(dirname(new URL(import.meta.url).pathname), "..", "..");
const PSA = resolve(ROOT, "..", "shared", "conformance", "psa");
const BULK_PODS = Number(process.env.KUBEREADY_REAL_PODS ?? 20_000);

interface ControlPlane {
  server: string;
  version: { gitVersion?: string };
  stop(): Promise<void>;
  pids(): number[];
  audit(): Array<{ user: string; verb: string; uri: string; code: number }>;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
async function eventually<T>(what: string, probe: () => Promise<T | undefined>, ms = 60_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await probe();
    if (v !== undefined) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await sleep(250);
  }
}

function findingKeys(tree: ReadinessNode): string[] {
  const out: string[] = [];
  const walk = (n: ReadinessNode) => {
    if (n.kind === "finding" && n.finding && n.objectRef) out.push(`${n.finding.rule} ${n.objectRef.kind}/${n.objectRef.namespace}/${n.objectRef.name}`);
    n.children.forEach(walk);
  };
  walk(tree);
  return out.sort();
}

function pod(name: string, spec: Record<string, unknown>, labels: Record<string, string> = {}): Record<string, unknown> {
  return { apiVersion: "v1", kind: "Pod", metadata: { name, labels }, spec };
}

describe("against a real kube-apiserver", { skip, timeout: 3_600_000 }, () => {
  let cp: ControlPlane;
  let dir: string;
  let kubeconfigPath: string;
  let api: AdminApi;
  const kc = () => {
    const load = loadKubeconfig({ path: kubeconfigPath });
    assert.ok(load.ok);
    return load.kc;
  };
  const as = (context: string) => useContext(kc(), context)!;

  before(async () => {
    const built = buildControlPlane();
    if (built) process.stdout.write(`# control plane built in ${built} s\n`);
    dir = mkdtempSync(join(tmpdir(), "kubeready-real-suite-"));
    kubeconfigPath = join(dir, "kubeconfig");
    const started = Date.now();
    cp = await startControlPlane({ kubeconfigPath }) as ControlPlane;
    process.stdout.write(`# kube-apiserver ${cp.version.gitVersion} at ${cp.server}, ready after ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
    api = await AdminApi.forContext(kc(), "kubeready-real-admin");
    // The reader may read everything kubeready reads (the built-in `view` role, plus namespaces); the limited user
    // may read only Pods and Deployments, only in shop.
    await bindReader(api);
    const seeded = await seedObjects(api, loadDemoCluster());
    process.stdout.write(`# demo seeded: ${seeded.created} objects created, ${seeded.skipped.length} left out\n${seeded.skipped.map((s) => `#   ${s}\n`).join("")}`);
    await api.must("POST", "/apis/rbac.authorization.k8s.io/v1/namespaces/shop/roles", {
      metadata: { name: "pods-and-deployments" },
      rules: [{ apiGroups: [""], resources: ["pods"], verbs: ["get", "list", "watch"] }, { apiGroups: ["apps"], resources: ["deployments"], verbs: ["get", "list", "watch"] }],
    });
    await api.must("POST", "/apis/rbac.authorization.k8s.io/v1/namespaces/shop/rolebindings", {
      metadata: { name: "limited" },
      roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "Role", name: "pods-and-deployments" },
      subjects: [{ apiGroup: "rbac.authorization.k8s.io", kind: "User", name: "kubeready-limited" }],
    });
    // The deployment and replicaset controllers make the pods (Pending: no kubelet).
    await eventually("pods of the demo's Deployments", async () => {
      const r = await api.must("GET", "/api/v1/namespaces/shop/pods");
      return (r.items as unknown[]).length > 0 ? true : undefined;
    });
  });

  after(async () => {
    api?.close();
    await cp?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it("reads the seeded cluster: a namespace without default-deny and a Deployment without PDB are reported, no errors", async () => {
    const snapshot = await fetchSnapshot(as("kubeready-real-reader"), { timeoutMs: 60_000, namespaces: { exclude: [] } });
    assert.deepEqual(snapshot.errors, []);
    const tree = buildReadinessTree(analyzeSnapshot(snapshot));
    const keys = findingKeys(tree);
    assert.ok(keys.some((k) => k.startsWith("availability/missing-pdb Deployment/")), keys.join("\n"));
    assert.ok(keys.some((k) => k.startsWith("network/missing-default-deny ")), keys.join("\n"));
    process.stdout.write(`# tree: ${tree.findingCount} findings over ${snapshot.objects.length} objects\n`);
  });

  it("`kubeready cluster --format json` reports exactly the tree's findings and verdicts", async () => {
    let stdout = "";
    let stderr = "";
    const code = await runClusterCommand(["cluster", "--kubeconfig", kubeconfigPath, "--context", "kubeready-real-reader", "--format", "json", "--timeout", "60"], {
      stdout: { write: (s: string) => (stdout += s) }, stderr: { write: (s: string) => (stderr += s) }, cwd: dir, env: {},
    });
    assert.equal(code, 1, stderr);
    const json = JSON.parse(stdout) as { findings: Array<{ rule: string; severity: string; object: { kind: string; namespace: string; name: string } | null }>; cluster: { excludedNamespaces?: string[] } };
    const tree = buildReadinessTree(analyzeSnapshot(await fetchSnapshot(as("kubeready-real-reader"), { timeoutMs: 60_000, namespaces: {} })));
    const fromCli = json.findings.map((f) => `${f.rule} ${f.object!.kind}/${f.object!.namespace}/${f.object!.name}`).sort();
    assert.deepEqual(fromCli, findingKeys(tree));
    // Per-namespace verdict: the worst severity in the JSON equals the tree's namespace verdict.
    const rank = { ok: 0, info: 1, warning: 2, error: 3 } as Record<string, number>;
    for (const ns of tree.children.filter((n) => n.kind === "namespace" && n.label !== "(cluster-scoped)")) {
      const worst = json.findings.filter((f) => (f.object?.kind === "Namespace" ? f.object.name : f.object?.namespace) === ns.label)
        .reduce((w, f) => (rank[f.severity]! > rank[w]! ? f.severity : w), "ok");
      assert.equal(worst, ns.verdict, `namespace ${ns.label}`);
    }
    assert.ok(json.cluster.excludedNamespaces?.includes("kube-system"));
  });

  it("a user limited by RBAC sees forbidden nodes, not errors", async () => {
    // May list nothing cluster-wide (not even namespaces), so it reviews its namespace, as `kubeready cluster -n shop` would.
    const snapshot = await fetchSnapshot(as("kubeready-real-limited"), { timeoutMs: 60_000, namespace: "shop" });
    assert.ok(snapshot.errors.length > 0);
    assert.deepEqual([...new Set(snapshot.errors.map((e) => e.code))], ["forbidden"], JSON.stringify(snapshot.errors.slice(0, 3)));
    assert.ok(!snapshot.errors.some((e) => e.fatal));
    const tree = buildReadinessTree(analyzeSnapshot(snapshot));
    const messages: ReadinessNode[] = [];
    const walk = (n: ReadinessNode) => (n.kind === "message" ? messages.push(n) : n.children.forEach(walk));
    walk(tree);
    assert.ok(messages.length > 0 && messages.every((m) => m.error?.code === "forbidden" && m.verdict === "info"), messages.map((m) => m.label).join("\n"));
    assert.ok(snapshot.objects.some((o) => o.kind === "Pod" && o.metadata.namespace === "shop"), "the pods it may read are read");
  });

  it("watches see creates, updates and deletes; a 410 recovers by relisting", async () => {
    const events: string[] = [];
    const lists: number[] = [];
    const kind = readinessKinds.find((k) => k.kind === "ConfigMap")!;
    const watch = watchKind(as("kubeready-real-reader"), {
      kind, namespace: "shop",
      // A resourceVersion long compacted away: the API server answers 410 Gone and the watch must list again.
      resourceVersion: "1",
      onEvent: (type, o) => events.push(`${type} ${o.metadata.name}`),
      onList: (items) => lists.push(items.length),
      initialBackoffMs: 100,
    });
    try {
      await eventually("the relist after 410", async () => (lists.length > 0 ? true : undefined), 30_000);
      await sleep(500);
      await api.must("POST", "/api/v1/namespaces/shop/configmaps", { metadata: { name: "watched" }, data: { a: "1" } });
      await api.must("PATCH", "/api/v1/namespaces/shop/configmaps/watched", { data: { a: "2" } }, "application/merge-patch+json");
      await api.must("DELETE", "/api/v1/namespaces/shop/configmaps/watched");
      await eventually("ADDED, MODIFIED and DELETED of the ConfigMap", async () =>
        ["ADDED watched", "MODIFIED watched", "DELETED watched"].every((e) => events.includes(e)) ? true : undefined, 30_000);
      assert.deepEqual(events.filter((e) => e.endsWith(" watched")), ["ADDED watched", "MODIFIED watched", "DELETED watched"]);
    } finally {
      watch.stop();
      await watch.done;
    }
  });

  it("pages through a large list created through the API", async () => {
    await api.must("POST", "/api/v1/namespaces", { metadata: { name: "bulk" } });
    const started = Date.now();
    let next = 0;
    const workers = Array.from({ length: 16 }, async () => {
      while (next < BULK_PODS) {
        const i = next++;
        await api.must("POST", "/api/v1/namespaces/bulk/pods", pod(`p${i}`, { containers: [{ name: "c", image: "registry.example/app:1.0" }] }, { app: "bulk" }));
      }
    });
    await Promise.all(workers);
    const createSeconds = (Date.now() - started) / 1000;
    const t0 = Date.now();
    const snapshot = await fetchSnapshot(as("kubeready-real-reader"), { timeoutMs: 600_000, namespace: "bulk", kinds: readinessKinds.filter((k) => k.kind === "Pod" || k.kind === "Namespace") });
    const readSeconds = (Date.now() - t0) / 1000;
    assert.deepEqual(snapshot.errors, []);
    assert.equal(snapshot.objects.filter((o) => o.kind === "Pod").length, BULK_PODS);
    const pages = cp.audit().filter((e) => e.user === "kubeready-reader" && e.verb === "list" && e.uri.startsWith("/api/v1/namespaces/bulk/pods")).length;
    assert.ok(pages >= Math.ceil(BULK_PODS / 500), `${pages} list pages`);
    process.stdout.write(`# ${BULK_PODS} pods created through the API in ${createSeconds.toFixed(1)} s; read in ${pages} pages in ${readSeconds.toFixed(1)} s\n`);
  });

  it("Pod Security admission (server-side dry-run) and kubeready agree on every PSA fixture", { skip: existsSync(join(PSA, "EXPECTED.json")) ? false : `skipped: ${PSA} not found` }, async () => {
    const expectations = JSON.parse(readFileSync(join(PSA, "EXPECTED.json"), "utf8")) as Array<{ file: string; level: string; version: string; expect: string }>;
    const namespaces = new Set<string>();
    const nsName = (level: string, version: string) => `psa-${level}-${version.replace(".", "-")}`;
    for (const e of expectations) {
      const name = nsName(e.level, e.version);
      if (namespaces.has(name)) continue;
      namespaces.add(name);
      await api.must("POST", "/api/v1/namespaces", {
        metadata: { name, labels: { "pod-security.kubernetes.io/enforce": e.level, "pod-security.kubernetes.io/enforce-version": e.version } },
      });
    }
    const disagreements: string[] = [];
    const undecidable: string[] = [];
    let agree = 0;
    let next = 0;
    const workers = Array.from({ length: 8 }, async () => {
      while (next < expectations.length) {
        const e = expectations[next++]!;
        const manifest = parse(readFileSync(join(PSA, e.file), "utf8")) as { metadata?: Record<string, unknown>; spec?: unknown };
        const ours = evaluatePod(manifest.metadata, manifest.spec, parsePssLevel(e.level)!, parsePssVersion(e.version)!, {});
        const kubereadyDenies = ours.length > 0;
        const body = { ...manifest, apiVersion: "v1", kind: "Pod", metadata: { ...(manifest.metadata ?? {}), name: `f${next}`, namespace: undefined } };
        const r = await api.request("POST", `/api/v1/namespaces/${nsName(e.level, e.version)}/pods?dryRun=All`, body);
        const message = String(r.body?.message ?? "");
        let admissionDenies: boolean;
        if (r.status === 201 || r.status === 200) admissionDenies = false;
        else if (r.status === 403 && /violates PodSecurity/.test(message)) admissionDenies = true;
        else {
          // Rejected before admission ran (object validation): admission gave no verdict on this fixture.
          undecidable.push(`${e.file}: ${r.status} ${message.slice(0, 200)}`);
          continue;
        }
        if (admissionDenies === kubereadyDenies) agree++;
        else disagreements.push(`${e.file} [${e.level} ${e.version}]: admission ${admissionDenies ? `denies (${message.slice(0, 300)})` : "allows"}; kubeready ${kubereadyDenies ? `denies (${ours.map((v) => v.checkId).join(", ")})` : "allows"}`);
      }
    });
    await Promise.all(workers);
    const decided = agree + disagreements.length;
    process.stdout.write(`# PSA: admission and kubeready agree on ${agree}/${decided} fixtures; ${undecidable.length} rejected by validation before admission\n`);
    if (undecidable.length) process.stdout.write(`#   e.g. ${undecidable.slice(0, 3).join("\n#   ")}\n`);
    assert.deepEqual(disagreements, []);
  });

  it("the QoS class the API server sets equals the model's, requests defaulted from limits included", async () => {
    await api.must("POST", "/api/v1/namespaces", { metadata: { name: "qos" } });
    const c = (name: string, resources: Record<string, unknown> = {}) => ({ name, image: "registry.example/app:1.0", resources });
    const g = (cpu: string, memory: string) => ({ requests: { cpu, memory }, limits: { cpu, memory } });
    const cases: Array<[string, Record<string, unknown>]> = [
      ["no resources", { containers: [c("a")] }],
      ["only resources that do not count", { containers: [c("a", { requests: { "ephemeral-storage": "1Gi" } })] }],
      ["zero quantities", { containers: [c("a", { requests: { cpu: "0", memory: "0" } })] }],
      ["equal requests and limits in two containers", { containers: [c("a", g("100m", "100Mi")), c("b", { requests: { cpu: "1", memory: "1Gi" }, limits: { cpu: "1000m", memory: "1024Mi" } })] }],
      ["limits only: requests default to them", { containers: [c("a", { limits: { cpu: "100m", memory: "100Mi" } })] }],
      ["a container without a memory limit", { containers: [c("a", { limits: { cpu: "100m", memory: "100Mi" } }), c("b", { limits: { cpu: "100m" } })] }],
      ["a container without resources", { containers: [c("a", { limits: { cpu: "100m", memory: "100Mi" } }), c("b")] }],
      ["request below limit", { containers: [c("a", { requests: { cpu: "50m", memory: "100Mi" }, limits: { cpu: "100m", memory: "100Mi" } })] }],
      ["requests only", { containers: [c("a", { requests: { cpu: "50m" } })] }],
      ["an init container without limits", { initContainers: [c("i", { requests: { cpu: "10m" } })], containers: [c("a", { limits: { cpu: "100m", memory: "100Mi" } })] }],
      ["init containers with limits", { initContainers: [c("i", { limits: { cpu: "10m", memory: "10Mi" } })], containers: [c("a", { limits: { cpu: "100m", memory: "100Mi" } })] }],
      ["a sidecar init container", { initContainers: [{ ...c("s", g("10m", "10Mi")), restartPolicy: "Always" }], containers: [c("a", g("100m", "100Mi"))] }],
      ["pod-level limits, containers without resources", { resources: { limits: { cpu: "1", memory: "1Gi" } }, containers: [c("a")] }],
      ["pod-level requests only", { resources: { requests: { cpu: "1", memory: "1Gi" } }, containers: [c("a", { requests: { cpu: "1", memory: "1Gi" } })] }],
      ["milli-units written differently", { containers: [c("a", { requests: { cpu: "0.1", memory: "104857600" }, limits: { cpu: "100m", memory: "100Mi" } })] }],
    ];
    // And every Pod or workload template among the resources/ rules' fixtures.
    for (const rule of ["best-effort", "qos-not-guaranteed", "requests-exceed-limits"]) {
      for (const file of ["valid.yaml", "invalid.yaml"]) {
        const text = readFileSync(join(ROOT, "rules", "resources", rule, "fixtures", file), "utf8");
        for (const doc of text.split(/^---\s*$/m).map((d) => parse(d) as Record<string, unknown> | null)) {
          if (!doc || typeof doc !== "object") continue;
          const t = podTemplateOf({ apiVersion: String(doc.apiVersion), kind: String(doc.kind), value: doc } as unknown as KObject);
          if (t) cases.push([`${rule}/${file} ${String(doc.kind)} ${String((doc.metadata as { name?: string })?.name)}`, t.spec as Record<string, unknown>]);
        }
      }
    }
    const disagreements: string[] = [];
    let agree = 0;
    let rejected = 0;
    for (const [i, [label, spec]] of cases.entries()) {
      const body = pod(`q${i}`, spec);
      const r = await api.request("POST", "/api/v1/namespaces/qos/pods", body);
      if (r.status === 422) {
        rejected++; // e.g. requests above limits: the API server refuses the pod, there is no class to compare
        continue;
      }
      assert.equal(r.status, 201, `${label}: ${JSON.stringify(r.body).slice(0, 300)}`);
      const server = (r.body?.status as { qosClass?: string } | undefined)?.qosClass;
      const t = podTemplateOf({ apiVersion: "v1", kind: "Pod", value: body } as unknown as KObject)!;
      const model = qosOf(t).qos;
      if (server === model) agree++;
      else disagreements.push(`${label}: API server ${server}, kubeready ${model}`);
    }
    process.stdout.write(`# QoS: API server and model agree on ${agree}/${agree + disagreements.length} pods (${rejected} refused by validation)\n`);
    assert.deepEqual(disagreements, []);
  });

  it("the disruption controller's PDB status equals the model's", async () => {
    await api.must("POST", "/api/v1/namespaces", { metadata: { name: "pdb" } });
    const ns = "/api/v1/namespaces/pdb";
    // Pods of a Deployment (3 replicas) and bare pods; some marked Ready through the status subresource.
    await api.must("POST", "/apis/apps/v1/namespaces/pdb/deployments", {
      metadata: { name: "web" },
      spec: { replicas: 3, selector: { matchLabels: { app: "web" } }, template: { metadata: { labels: { app: "web" } }, spec: { containers: [{ name: "c", image: "registry.example/app:1.0" }] } } },
    });
    for (let i = 0; i < 4; i++) await api.must("POST", `${ns}/pods`, pod(`bare${i}`, { containers: [{ name: "c", image: "registry.example/app:1.0" }] }, { app: "bare" }));
    const webPods = await eventually("the Deployment's 3 pods", async () => {
      const items = (await api.must("GET", `${ns}/pods?labelSelector=app%3Dweb`)).items as Array<{ metadata: { name: string } }>;
      return items.length === 3 ? items : undefined;
    });
    const ready = [webPods[0]!.metadata.name, webPods[1]!.metadata.name, "bare0", "bare1", "bare2"];
    const now = new Date().toISOString();
    for (const name of ready) {
      await api.must("PATCH", `${ns}/pods/${name}/status`, {
        status: { phase: "Running", conditions: [{ type: "Ready", status: "True", lastTransitionTime: now }, { type: "PodScheduled", status: "True", lastTransitionTime: now }] },
      }, "application/merge-patch+json");
    }
    const budgets: Array<{ name: string; app: string; minAvailable?: number | string; maxUnavailable?: number | string }> = [
      { name: "web-min-2", app: "web", minAvailable: 2 },
      { name: "web-min-50", app: "web", minAvailable: "50%" },
      { name: "web-max-1", app: "web", maxUnavailable: 1 },
      { name: "web-max-0", app: "web", maxUnavailable: 0 },
      { name: "bare-min-2", app: "bare", minAvailable: 2 },
      { name: "bare-min-100", app: "bare", minAvailable: "100%" },
      { name: "bare-max-1", app: "bare", maxUnavailable: 1 },
      { name: "none-min-1", app: "none", minAvailable: 1 },
    ];
    for (const b of budgets) {
      await api.must("POST", "/apis/policy/v1/namespaces/pdb/poddisruptionbudgets", {
        metadata: { name: b.name },
        spec: { selector: { matchLabels: { app: b.app } }, ...(b.minAvailable !== undefined ? { minAvailable: b.minAvailable } : {}), ...(b.maxUnavailable !== undefined ? { maxUnavailable: b.maxUnavailable } : {}) },
      });
    }
    const allPods = (await api.must("GET", `${ns}/pods`)).items as Array<{ metadata: { labels?: Record<string, string> }; status?: { conditions?: Array<{ type: string; status: string }> } }>;
    const disagreements: string[] = [];
    let agree = 0;
    const synced = (o: Record<string, unknown>) => {
      const s = o.status as { observedGeneration?: number; conditions?: Array<{ type: string; reason: string }> } | undefined;
      // A sync that succeeded records the generation; failSafe (no controller to scale by) only sets a condition.
      return s !== undefined && (s.observedGeneration === (o.metadata as { generation: number }).generation || (s.conditions ?? []).some((c) => c.type === "DisruptionAllowed" && c.reason === "SyncFailed"));
    };
    for (const b of budgets) {
      // The model: pods selected, healthy = Ready; the expected count is the pods (integer minAvailable) or the
      // controllers' scale (maxUnavailable, percentages), which bare pods do not have (the controller then fails safe to 0).
      const selected = allPods.filter((p) => p.metadata.labels?.app === b.app);
      const healthy = selected.filter((p) => p.status?.conditions?.some((c) => c.type === "Ready" && c.status === "True")).length;
      const first = await eventually(`status of PDB ${b.name}`, async () => {
        const o = await api.must("GET", `/apis/policy/v1/namespaces/pdb/poddisruptionbudgets/${b.name}`);
        return synced(o) ? o : undefined;
      });
      const budget = disruptionBudgetOf({ apiVersion: "policy/v1", kind: "PodDisruptionBudget", value: first, namespace: "pdb", name: b.name } as unknown as KObject)!;
      let model: { expectedPods: number; currentHealthy: number; disruptionsAllowed: number };
      if (needsExpectedScale(budget) && b.app === "bare") {
        model = { expectedPods: 0, currentHealthy: 0, disruptionsAllowed: 0 };
      } else {
        const expected = needsExpectedScale(budget) ? 3 : selected.length;
        const allowedIfAllHealthy = disruptionsAllowed(budget, expected) ?? 0;
        const desired = budget.maxUnavailable !== undefined ? expected - allowedIfAllHealthy : (scaled(budget.minAvailable!, expected) ?? 0);
        model = { expectedPods: expected, currentHealthy: healthy, disruptionsAllowed: expected > 0 ? Math.max(0, healthy - desired) : 0 };
      }
      // The controller is eventually consistent (its pod cache may lag one sync): its answer may settle within 20 s.
      let server: typeof model = { expectedPods: -1, currentHealthy: -1, disruptionsAllowed: -1 };
      const end = Date.now() + 20_000;
      for (let o = first; ; o = await api.must("GET", `/apis/policy/v1/namespaces/pdb/poddisruptionbudgets/${b.name}`)) {
        const st = (o.status ?? {}) as { expectedPods?: number; currentHealthy?: number; disruptionsAllowed?: number };
        server = { expectedPods: st.expectedPods ?? 0, currentHealthy: st.currentHealthy ?? 0, disruptionsAllowed: st.disruptionsAllowed ?? 0 };
        if (JSON.stringify(server) === JSON.stringify(model) || Date.now() > end) break;
        await sleep(500);
      }
      if (JSON.stringify(server) === JSON.stringify(model)) agree++;
      else disagreements.push(`${b.name}: disruption controller ${JSON.stringify(server)}, model ${JSON.stringify(model)}`);
    }
    process.stdout.write(`# PDB: disruption controller and model agree on ${agree}/${budgets.length} budgets\n`);
    assert.deepEqual(disagreements, []);
  });

  it("kubeready sent only get, list and watch", () => {
    const events = cp.audit();
    assert.ok(events.length > 0, "the audit log recorded kubeready's requests");
    const verbs = [...new Set(events.map((e) => e.verb))].sort();
    process.stdout.write(`# ${events.length} requests by kubeready's users; verbs: ${verbs.join(", ")}\n`);
    assert.deepEqual(verbs.filter((v) => !["get", "list", "watch"].includes(v)), []);
  });
});
