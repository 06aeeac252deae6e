// The readiness tree, `kubeready cluster` and kubeready's models against a real kube-apiserver (issue 17): real RBAC
// 403s, watches, 410 Gone, pagination, and Kubernetes itself as the oracle for Pod Security admission, QoS classes and
// the disruption controller's PDB status. Run with `npm run test:real-cluster` (.ci/run does); skipped with one line
// where Go is absent. KUBEREADY_REAL_PODS sets how many pods the pagination case creates (default 5000: 10 pages of
// 500 in a few minutes on a busy 2-core machine; KUBEREADY_REAL_PODS=20000 is the full size of issue 17).
import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
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
import { disruptionBudgetOf, predictBudgetStatus, type PredictedBudgetStatus } from "../../rules/model/disruption.js";
import { evaluatePod, parsePssLevel, parsePssVersion } from "../../rules/pss/policy/index.js";
import { runClusterCommand } from "../../server/cli/cluster.js";
import { runValidateCommand } from "../../server/cli/validate.js";
import { validateAgainstCluster } from "../../cluster/validate.js";
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
const BULK_PODS = Number(process.env.KUBEREADY_REAL_PODS ?? 5_000);

interface ControlPlane {
  server: string;
  version: { gitVersion?: string };
  stop(): Promise<void>;
  pids(): number[];
  audit(): Array<{ user: string; verb: string; uri: string; code: number }>;
  compact(): Promise<number>;
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
    const count = (prefix: string) => keys.filter((k) => k.startsWith(prefix)).length;
    process.stdout.write(`# tree: ${tree.findingCount} findings over ${snapshot.objects.length} objects; availability/missing-pdb on ${count("availability/missing-pdb Deployment/")} Deployments, network/missing-default-deny ${count("network/missing-default-deny ")} times\n`);
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
    const read = [...new Set(snapshot.objects.map((o) => o.kind))].sort();
    process.stdout.write(`# limited user: ${messages.length} forbidden nodes (info), ${snapshot.errors.length} refused lists, 0 errors; read ${snapshot.objects.length} objects (${read.join(", ")})\n`);
  });

  it("watches see creates, updates and deletes; a 410 recovers by relisting", async () => {
    const events: string[] = [];
    const lists: number[] = [];
    const kind = readinessKinds.find((k) => k.kind === "ConfigMap")!;
    // etcd compacted past resourceVersion 1 (ConfigMaps are watched from etcd directly, see controlplane.mjs): a watch
    // from there is answered 410 Gone, and the watch must list again.
    const compactedAt = await cp.compact();
    const watch = watchKind(as("kubeready-real-reader"), {
      kind, namespace: "shop",
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
      process.stdout.write(`# watch: resourceVersion 1 expired (etcd compacted at ${compactedAt}), relisted ${lists.length} time(s); saw ADDED, MODIFIED, DELETED\n`);
    } finally {
      watch.stop();
      await watch.done;
    }
  });

  it("a watch served by the API server's watch cache sees a Deployment created, updated by its controller and a user, and deleted", async () => {
    const events: string[] = [];
    let listed = false;
    const watch = watchKind(as("kubeready-real-reader"), {
      kind: readinessKinds.find((k) => k.kind === "Deployment")!, namespace: "shop",
      onEvent: (type, o) => {
        const d = o as { metadata: { name: string; generation?: number }; status?: { observedGeneration?: number } };
        if (d.metadata.name === "watched") events.push(`${type} generation ${d.metadata.generation} observed ${d.status?.observedGeneration ?? "-"}`);
      },
      onList: () => (listed = true),
      initialBackoffMs: 100,
    });
    try {
      await eventually("the first list", async () => (listed ? true : undefined), 30_000);
      await sleep(500);
      await api.must("POST", "/apis/apps/v1/namespaces/shop/deployments", {
        metadata: { name: "watched" },
        spec: { replicas: 1, selector: { matchLabels: { app: "watched" } }, template: { metadata: { labels: { app: "watched" } }, spec: { containers: [{ name: "c", image: "registry.example/app:1.0" }] } } },
      });
      // The deployment controller records that it has seen generation 1; then a user scales it (generation 2).
      await eventually("the controller's status update", async () => (events.some((e) => e.startsWith("MODIFIED generation 1 observed 1")) ? true : undefined), 30_000);
      await api.must("PATCH", "/apis/apps/v1/namespaces/shop/deployments/watched", { spec: { replicas: 2 } }, "application/merge-patch+json");
      await eventually("the scale", async () => (events.some((e) => e.startsWith("MODIFIED generation 2")) ? true : undefined), 30_000);
      await api.must("DELETE", "/apis/apps/v1/namespaces/shop/deployments/watched");
      await eventually("the delete", async () => (events.some((e) => e.startsWith("DELETED")) ? true : undefined), 30_000);
      assert.match(events[0] ?? "", /^ADDED generation 1/, events.join(", "));
      assert.match(events.at(-1)!, /^DELETED generation 2/, events.join(", "));
      process.stdout.write(`# watch (watch cache): ${events.length} events of the Deployment: ${events.join("; ")}\n`);
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
        const manifest = parse(readFileSync(join(PSA, e.file), "utf8")) as { metadata?: Record<string, unknown>; spec?: Record<string, unknown> };
        const name = `f${next}`;
        const judge = async (spec: Record<string, unknown> | undefined) => {
          const ours = evaluatePod(manifest.metadata, spec, parsePssLevel(e.level)!, parsePssVersion(e.version)!, {});
          const body = { ...manifest, spec, apiVersion: "v1", kind: "Pod", metadata: { ...(manifest.metadata ?? {}), name, namespace: undefined } };
          const r = await api.request("POST", `/api/v1/namespaces/${nsName(e.level, e.version)}/pods?dryRun=All`, body);
          return { ours, status: r.status, message: String(r.body?.message ?? "") };
        };
        const { ours, status, message } = await judge(manifest.spec);
        const kubereadyDenies = ours.length > 0;
        let admissionDenies: boolean;
        if (status === 201 || status === 200) admissionDenies = false;
        else if (status === 403 && /violates PodSecurity/.test(message)) admissionDenies = true;
        else {
          // Rejected before admission ran (object validation): admission gave no verdict on this fixture. Since v1.35
          // that is procMount: Unmasked with hostUsers: true (the procmount fail fixtures of v1.35+).
          undecidable.push(`${e.file}: ${status} ${message.slice(0, 200)}`);
          continue;
        }
        if (admissionDenies === kubereadyDenies) agree++;
        else disagreements.push(`${e.file} [${e.level} ${e.version}]: admission ${admissionDenies ? `denies (${message.slice(0, 300)})` : "allows"}; kubeready ${kubereadyDenies ? `denies (${ours.map((v) => v.checkId).join(", ")})` : "allows"}`);
      }
    });
    await Promise.all(workers);
    const decided = agree + disagreements.length;
    process.stdout.write(`# PSA: admission and kubeready agree on ${agree}/${decided} of ${expectations.length} fixture verdicts (fixture x level x version); ${undecidable.length} refused by object validation before admission runs, so admission has no verdict on them\n`);
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

  it("the disruption controller's PDB status equals the model's, and the status rule reads it", async () => {
    await api.must("POST", "/api/v1/namespaces", { metadata: { name: "pdb" } });
    const ns = "/api/v1/namespaces/pdb";
    const apps = "/apis/apps/v1/namespaces/pdb";
    const containers = { containers: [{ name: "c", image: "registry.example/app:1.0" }] };
    const template = (app: string) => ({ metadata: { labels: { app } }, spec: containers });
    // Pods of a Deployment (3 replicas) and of a StatefulSet (2, made in parallel), made by their controllers; pods of a
    // DaemonSet (no DaemonSet controller runs: made here, owned by it as that controller would); and bare pods.
    await api.must("POST", `${apps}/deployments`, { metadata: { name: "web" }, spec: { replicas: 3, selector: { matchLabels: { app: "web" } }, template: template("web") } });
    await api.must("POST", `${apps}/statefulsets`, {
      metadata: { name: "db" }, spec: { replicas: 2, serviceName: "db", podManagementPolicy: "Parallel", selector: { matchLabels: { app: "db" } }, template: template("db") },
    });
    const ds = await api.must("POST", `${apps}/daemonsets`, { metadata: { name: "agent" }, spec: { selector: { matchLabels: { app: "agent" } }, template: template("agent") } });
    const dsUid = (ds.metadata as { uid: string }).uid;
    for (let i = 0; i < 2; i++) {
      await api.must("POST", `${ns}/pods`, {
        apiVersion: "v1", kind: "Pod", spec: containers,
        metadata: { name: `agent-${i}`, labels: { app: "agent" }, ownerReferences: [{ apiVersion: "apps/v1", kind: "DaemonSet", name: "agent", uid: dsUid, controller: true }] },
      });
    }
    for (let i = 0; i < 4; i++) await api.must("POST", `${ns}/pods`, pod(`bare${i}`, containers, { app: "bare" }));
    const podsOf = async (app: string, n: number) => eventually(`the ${n} pods of ${app}`, async () => {
      const items = (await api.must("GET", `${ns}/pods?labelSelector=app%3D${app}`)).items as Array<{ metadata: { name: string } }>;
      return items.length === n ? items.map((p) => p.metadata.name).sort() : undefined;
    });
    const web = await podsOf("web", 3);
    const db = await podsOf("db", 2);
    // Ready through the status subresource, as a kubelet would report it: 2 of 3 web, 3 of 4 bare, 1 of 2 db, both agents.
    const ready = [web[0]!, web[1]!, "bare0", "bare1", "bare2", db[0]!, "agent-0", "agent-1"];
    const now = new Date().toISOString();
    for (const name of ready) {
      await api.must("PATCH", `${ns}/pods/${name}/status`, {
        status: { phase: "Running", conditions: [{ type: "Ready", status: "True", lastTransitionTime: now }, { type: "PodScheduled", status: "True", lastTransitionTime: now }] },
      }, "application/merge-patch+json");
    }
    const budgets: Array<{ name: string; selector: Record<string, unknown>; minAvailable?: number | string; maxUnavailable?: number | string }> = [
      { name: "web-min-2", selector: { matchLabels: { app: "web" } }, minAvailable: 2 },
      { name: "web-min-50", selector: { matchLabels: { app: "web" } }, minAvailable: "50%" },
      { name: "web-max-1", selector: { matchLabels: { app: "web" } }, maxUnavailable: 1 },
      { name: "web-max-0", selector: { matchLabels: { app: "web" } }, maxUnavailable: 0 },
      { name: "web-max-34", selector: { matchLabels: { app: "web" } }, maxUnavailable: "34%" },
      { name: "web-neither", selector: { matchLabels: { app: "web" } } },
      { name: "bare-min-2", selector: { matchLabels: { app: "bare" } }, minAvailable: 2 },
      { name: "bare-min-100", selector: { matchLabels: { app: "bare" } }, minAvailable: "100%" },
      { name: "bare-max-1", selector: { matchLabels: { app: "bare" } }, maxUnavailable: 1 },
      { name: "db-max-1", selector: { matchLabels: { app: "db" } }, maxUnavailable: 1 },
      { name: "db-min-50", selector: { matchLabels: { app: "db" } }, minAvailable: "50%" },
      { name: "agent-max-1", selector: { matchLabels: { app: "agent" } }, maxUnavailable: 1 },
      { name: "agent-min-1", selector: { matchLabels: { app: "agent" } }, minAvailable: 1 },
      { name: "web-or-db-max-1", selector: { matchExpressions: [{ key: "app", operator: "In", values: ["web", "db"] }] }, maxUnavailable: 1 },
      { name: "everything-min-5", selector: {}, minAvailable: 5 },
      { name: "none-min-1", selector: { matchLabels: { app: "none" } }, minAvailable: 1 },
    ];
    for (const b of budgets) {
      await api.must("POST", "/apis/policy/v1/namespaces/pdb/poddisruptionbudgets", {
        metadata: { name: b.name },
        spec: { selector: b.selector, ...(b.minAvailable !== undefined ? { minAvailable: b.minAvailable } : {}), ...(b.maxUnavailable !== undefined ? { maxUnavailable: b.maxUnavailable } : {}) },
      });
    }
    // Both answers as one comparable line: the counts of a sync, or a failed sync (failSafe: disruptionsAllowed 0, the
    // DisruptionAllowed condition False with reason SyncFailed, the other counts left as they were).
    const serverAnswer = (o: Record<string, unknown>): string => {
      const st = (o.status ?? {}) as { expectedPods?: number; desiredHealthy?: number; currentHealthy?: number; disruptionsAllowed?: number; conditions?: Array<{ type: string; reason: string; message: string }> };
      const failed = st.conditions?.find((c) => c.type === "DisruptionAllowed" && c.reason === "SyncFailed");
      if (failed) return `sync failed, disruptionsAllowed ${st.disruptionsAllowed ?? 0} (${failed.message})`;
      return JSON.stringify({ expectedPods: st.expectedPods ?? 0, desiredHealthy: st.desiredHealthy ?? 0, currentHealthy: st.currentHealthy ?? 0, disruptionsAllowed: st.disruptionsAllowed ?? 0 });
    };
    const modelAnswer = (p: PredictedBudgetStatus | undefined): string =>
      p === undefined ? "no prediction" : p.synced ? JSON.stringify(p.status) : `sync failed, disruptionsAllowed 0 (${p.reason})`;
    const synced = (o: Record<string, unknown>) => {
      const s = o.status as { observedGeneration?: number; conditions?: Array<{ type: string; reason: string }> } | undefined;
      // A sync that succeeded records the generation; a failed one (failSafe) only sets a condition.
      return s !== undefined && (s.observedGeneration === (o.metadata as { generation: number }).generation || (s.conditions ?? []).some((c) => c.type === "DisruptionAllowed" && c.reason === "SyncFailed"));
    };
    await eventually("a status on every budget", async () => {
      const items = (await api.must("GET", "/apis/policy/v1/namespaces/pdb/poddisruptionbudgets")).items as Array<Record<string, unknown>>;
      return items.length === budgets.length && items.every(synced) ? true : undefined;
    });
    // The model reads what kubeready reads: the reader's snapshot of the namespace (pods, their controllers, budgets).
    // The controller is eventually consistent (its pod cache may lag a sync), so both sides are read again until they
    // agree or 30 s have passed.
    let rows: Array<{ name: string; server: string; model: string; status: Record<string, unknown> }> = [];
    const end = Date.now() + 30_000;
    for (;;) {
      const snapshot = await fetchSnapshot(as("kubeready-real-reader"), { timeoutMs: 60_000, namespace: "pdb" });
      assert.deepEqual(snapshot.errors, []);
      const objects = snapshot.objects.filter((o) => o.metadata.namespace === "pdb");
      rows = budgets.map((b) => {
        const live = objects.find((o) => o.kind === "PodDisruptionBudget" && o.metadata.name === b.name)!;
        const budget = disruptionBudgetOf({ apiVersion: live.apiVersion, kind: live.kind, value: live, namespace: "pdb", name: b.name } as unknown as KObject)!;
        return { name: b.name, server: serverAnswer(live as unknown as Record<string, unknown>), model: modelAnswer(predictBudgetStatus(budget, objects)), status: live as unknown as Record<string, unknown> };
      });
      if (rows.every((r) => r.server === r.model) || Date.now() > end) {
        // The status rule on the same snapshot: it fires exactly where the controller's status blocks evictions of pods.
        const findings = analyzeSnapshot(snapshot).findings.filter((f) => f.rule === "status/pdb-disruptions-blocked").map((f) => f.object?.name).sort();
        const blocking = rows.filter((r) => {
          const st = (r.status.status ?? {}) as { expectedPods?: number; currentHealthy?: number; disruptionsAllowed?: number };
          return r.server.startsWith("sync failed") || ((st.disruptionsAllowed ?? 0) === 0 && ((st.expectedPods ?? 0) > 0 || (st.currentHealthy ?? 0) > 0));
        }).map((r) => r.name).sort();
        process.stdout.write(`# status/pdb-disruptions-blocked fires on ${findings.length} budgets; the controller's status blocks ${blocking.length}\n`);
        assert.deepEqual(findings, blocking);
        break;
      }
      await sleep(1000);
    }
    const disagreements = rows.filter((r) => r.server !== r.model).map((r) => `${r.name}: disruption controller ${r.server}; model ${r.model}`);
    for (const r of rows) process.stdout.write(`#   ${r.name}: ${r.server}\n`);
    process.stdout.write(`# PDB: disruption controller and model agree on ${rows.length - disagreements.length}/${rows.length} budgets\n`);
    assert.deepEqual(disagreements, []);
  });

  it("Validate against cluster: admission's answers at the object; where the user may not create, a forbidden diagnostic; nothing stored", async () => {
    await api.must("POST", "/api/v1/namespaces", { metadata: { name: "validate-restricted", labels: { "pod-security.kubernetes.io/enforce": "restricted" } } });
    await api.must("POST", "/api/v1/namespaces", { metadata: { name: "validate-forbidden" } });
    await api.must("POST", "/api/v1/namespaces/validate-restricted/configmaps", { metadata: { name: "settings" }, data: { a: "1" } });
    // The validator may create and patch Pods, ConfigMaps and Deployments in validate-restricted, and nothing anywhere
    // else. (A Role of its own: the built-in edit role is aggregated by a controller that does not run here.)
    await api.must("POST", "/apis/rbac.authorization.k8s.io/v1/namespaces/validate-restricted/roles", {
      metadata: { name: "validator" },
      rules: [{ apiGroups: [""], resources: ["pods", "configmaps"], verbs: ["create", "patch"] }, { apiGroups: ["apps"], resources: ["deployments"], verbs: ["create", "patch"] }],
    });
    await api.must("POST", "/apis/rbac.authorization.k8s.io/v1/namespaces/validate-restricted/rolebindings", {
      metadata: { name: "validator" },
      roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "Role", name: "validator" },
      subjects: [{ apiGroup: "rbac.authorization.k8s.io", kind: "User", name: "kubeready-validator" }],
    });
    const restricted = "{runAsNonRoot: true, runAsUser: 10001, allowPrivilegeEscalation: false, capabilities: {drop: [ALL]}, seccompProfile: {type: RuntimeDefault}}";
    const file = [
      "apiVersion: v1", "kind: Pod", "metadata:", "  name: privileged", "  namespace: validate-restricted", "spec:", "  containers:",
      "    - name: app", "      image: registry.example/app:1.0", "      securityContext:", "        privileged: true",
      "---",
      "apiVersion: apps/v1", "kind: Deployment", "metadata:", "  name: web", "  namespace: validate-restricted", "spec:",
      "  selector: {matchLabels: {app: web}}", "  template:", "    metadata: {labels: {app: web}}", "    spec:",
      "      containers:", "        - name: app", "          image: registry.example/app:1.0",
      "---",
      "apiVersion: apps/v1", "kind: Deployment", "metadata:", "  name: no-image", "  namespace: validate-restricted", "spec:",
      "  selector: {matchLabels: {app: x}}", "  template:", "    metadata: {labels: {app: x}}", "    spec:",
      "      containers:", "        - name: app", `          securityContext: ${restricted}`,
      "---",
      "apiVersion: v1", "kind: Pod", "metadata:", "  name: hardened", "  namespace: validate-restricted", "spec:",
      "  containers:", "    - name: app", "      image: registry.example/app:1.0", `      securityContext: ${restricted}`,
      "---",
      "apiVersion: v1", "kind: ConfigMap", "metadata:", "  name: settings", "  namespace: validate-restricted", "data: {a: \"2\"}",
      "---",
      "apiVersion: v1", "kind: Pod", "metadata:", "  name: elsewhere", "  namespace: validate-forbidden", "spec:",
      "  containers: [{name: app, image: registry.example/app:1.0}]",
      "",
    ].join("\n");
    const r = await validateAgainstCluster(as("kubeready-real-validator"), [{ uri: "file:///work/app.yaml", text: file }], { timeoutMs: 60_000 });
    const shown = r.findings.map((f) => `${f.range.start.line + 1}:${f.range.start.character + 1} ${f.severity} ${f.rule} ${f.object?.name}: ${f.message}`);
    for (const l of shown) process.stdout.write(`#   ${l.slice(0, 400)}\n`);
    assert.equal(r.fatal, undefined);
    const at = (name: string, rule: string) => r.findings.filter((f) => f.object?.name === name && f.rule === rule);
    // Pod Security admission's own message, at the pod's name (line 4).
    const [psa] = at("privileged", "dry-run/rejected");
    assert.ok(psa, shown.join("\n"));
    assert.equal(psa.range.start.line, 3);
    assert.match(psa.message, /403 Forbidden\): pods "privileged" is forbidden: violates PodSecurity "restricted:latest": privileged \(container "app" must not set securityContext\.privileged=true\)/);
    // A Deployment is not refused (enforce judges pods), but warn defaults to the enforce level: a warning.
    assert.ok(at("web", "dry-run/warning").some((f) => /would violate PodSecurity "restricted:latest"/.test(f.message)), shown.join("\n"));
    // Validation's field error, at the container that lacks the image (line 38).
    const [invalid] = at("no-image", "dry-run/invalid");
    assert.ok(invalid, shown.join("\n"));
    assert.equal(invalid.range.start.line, 37);
    assert.match(invalid.message, /spec\.template\.spec\.containers\[0\]\.image: Required value/);
    assert.deepEqual(r.findings.filter((f) => f.object?.name === "hardened" || f.object?.name === "settings"), []);
    // RBAC: a forbidden diagnostic at the pod, saying that nothing was judged.
    const [forbidden] = at("elsewhere", "dry-run/not-validated");
    assert.ok(forbidden, shown.join("\n"));
    assert.match(forbidden.message, /User "kubeready-validator" cannot create resource "pods" in API group "" in the namespace "validate-forbidden"/);
    assert.deepEqual({ ...r.summary, server: "" }, { context: "kubeready-real-validator", server: "", sent: 6, accepted: 3, rejected: 2, notValidated: 1, skipped: 0 });

    // The CLI says the same in its JSON, and exits 1 (errors found).
    const cliDir = mkdtempSync(join(tmpdir(), "kubeready-validate-cli-"));
    try {
      writeFileSync(join(cliDir, "app.yaml"), file);
      let stdout = "";
      let stderr = "";
      const code = await runValidateCommand(["validate", "--kubeconfig", kubeconfigPath, "--context", "kubeready-real-validator", "--format", "json", "app.yaml"], {
        stdout: { write: (c: string) => (stdout += c) }, stderr: { write: (c: string) => (stderr += c) }, cwd: cliDir, env: {}, stdin: (async function* () { /* unused */ })(),
      });
      assert.equal(code, 1, stderr);
      const json = JSON.parse(stdout) as { findings: Array<{ rule: string; line: number; object: { name: string } }> };
      assert.deepEqual(json.findings.map((f) => `${f.line} ${f.rule} ${f.object.name}`).sort(), r.findings.map((f) => `${f.range.start.line + 1} ${f.rule} ${f.object!.name}`).sort());
      assert.match(stderr, /6 objects sent to context kubeready-real-validator .* 3 accepted, 2 rejected, 1 not validated/);
    } finally {
      rmSync(cliDir, { recursive: true, force: true });
    }

    // Nothing was stored: no pod, the ConfigMap unchanged; every write of the validator was a dry run.
    assert.equal((await api.request("GET", "/api/v1/namespaces/validate-restricted/pods/hardened")).status, 404);
    assert.deepEqual((await api.must("GET", "/api/v1/namespaces/validate-restricted/configmaps/settings")).data, { a: "1" });
    const writes = cp.audit().filter((e) => e.user === "kubeready-validator" && !["get", "list", "watch"].includes(e.verb));
    assert.ok(writes.some((e) => e.verb === "patch" && e.uri.includes("/configmaps/settings?")), "the ConfigMap that exists was applied");
    assert.deepEqual(writes.filter((e) => !/[?&]dryRun=All(&|$)/.test(e.uri)), []);
    process.stdout.write(`# validate: ${r.summary.sent} dry runs (${[...new Set(writes.map((e) => e.verb))].join(", ")}), all with dryRun=All; admission rejected ${r.summary.rejected}, ${r.summary.notValidated} forbidden\n`);
  });

  it("kubeready sent only get, list and watch", () => {
    const events = cp.audit();
    assert.ok(events.length > 0, "the audit log recorded kubeready's requests");
    // The tree's and `kubeready cluster`'s users; the validator's dry runs are checked in their own test.
    const reads = events.filter((e) => e.user !== "kubeready-validator");
    const verbs = [...new Set(reads.map((e) => e.verb))].sort();
    process.stdout.write(`# ${reads.length} requests by kubeready's readers; verbs: ${verbs.join(", ")}\n`);
    assert.deepEqual(verbs.filter((v) => !["get", "list", "watch"].includes(v)), []);
  });
});
