// The readiness tree of the demo cluster, read through the stand-in: which namespaces are red and why, 403s, unreachable, report.
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import type { Rule } from "../rules/api.js";
import { DEFAULT_CONFIG, mergeConfig } from "../rules/config.js";
import { RULES_BY_ID } from "../rules/index.js";
import readOnlyRootFilesystem from "../rules/hardening/read-only-root-filesystem/rule.js";
import { rules as statusRules } from "../rules/status/index.js";
import { loadDemoCluster } from "../test/standin/fixtures.js";
import { type StandinOptions, startStandin } from "../test/standin/server.js";
import { analyzeSnapshot, parseLiveObjectUri } from "./analyze.js";
import { loadKubeconfig } from "./kubeconfig.js";
import { readinessReportMarkdown } from "./report.js";
import { fetchSnapshot } from "./snapshot.js";
import { buildReadinessTree, findNode, type ReadinessNode, type TreeOptions } from "./tree.js";

const NOW = "2026-06-01T00:00:00Z";
const demo = loadDemoCluster(new Date(NOW));
// A fixed set of rules, so the expectations do not move when rules are added elsewhere.
const pss = (id: string): Rule => {
  const rule = RULES_BY_ID.get(id);
  assert.ok(rule, `${id} is registered`);
  return rule;
};
const rules: Rule[] = [readOnlyRootFilesystem, pss("pss/privileged"), pss("pss/host-namespaces"), ...statusRules];
const config = mergeConfig(DEFAULT_CONFIG, { rules: { "status/certificate-expiring": { now: NOW } } }).config;

async function treeOf(standinOptions: StandinOptions = {}, treeOptions: TreeOptions = {}, snapshotTimeoutMs = 5_000): Promise<ReadinessNode> {
  const standin = await startStandin({ objects: demo, ...standinOptions });
  try {
    const load = loadKubeconfig({ path: standin.kubeconfigPath });
    assert.ok(load.ok);
    const snapshot = await fetchSnapshot(load.kc, { timeoutMs: snapshotTimeoutMs });
    return buildReadinessTree(analyzeSnapshot(snapshot, config, rules), treeOptions);
  } finally {
    await standin.close();
  }
}

const namespaceVerdicts = (tree: ReadinessNode) =>
  Object.fromEntries(tree.children.filter((n) => n.kind === "namespace").map((n) => [n.label, n.verdict]));

const rulesIn = (node: ReadinessNode): string[] => {
  const out: string[] = [];
  const walk = (n: ReadinessNode) => (n.finding ? out.push(n.finding.rule) : n.children.forEach(walk));
  walk(node);
  return [...new Set(out)].sort();
};

describe("readiness tree of the demo cluster", () => {
  // kube-system's kube-proxy is privileged with host networking, which a node agent needs (model/nodeAgent.ts): its
  // host access is by design, so the namespace is not red for it; what is left there is a warning.
  it("marks each namespace with its worst verdict: legacy red, kube-system amber (kube-proxy's host access is by design), shop and default ready", async () => {
    const tree = await treeOf();
    assert.equal(tree.kind, "context");
    assert.equal(tree.label, "standin");
    assert.equal(tree.verdict, "error");
    assert.deepEqual(namespaceVerdicts(tree), {
      default: "ok",
      "kube-system": "warning",
      legacy: "error",
      monitoring: "warning",
      payments: "warning",
      shop: "ok",
    });
  });

  it("says why, area by area, including findings only a live cluster can show", async () => {
    const tree = await treeOf();
    const ns = (name: string) => findNode(tree, `context:standin/namespace:${name}`)!;
    const area = (name: string, a: string) => findNode(tree, `context:standin/namespace:${name}/area:${a}`)!;
    assert.deepEqual(ns("payments").children.map((a) => a.label), [
      "Network", "Pod security", "Resources & QoS", "Availability", "Autoscaling", "Observability", "Secrets & certificates",
    ]);
    assert.deepEqual(rulesIn(area("payments", "Availability")), ["status/pdb-disruptions-blocked"]);
    assert.deepEqual(rulesIn(area("payments", "Resources & QoS")), ["status/pod-qos-not-guaranteed"]);
    assert.deepEqual(rulesIn(area("payments", "Secrets & certificates")), ["status/certificate-expiring"]);
    assert.deepEqual(rulesIn(area("monitoring", "Observability")), ["status/prometheus-replica-unavailable"]);
    assert.deepEqual(rulesIn(area("legacy", "Pod security")), ["hardening/read-only-root-filesystem", "pss/host-namespaces", "pss/privileged"]);
    assert.equal(ns("shop").findingCount, 0);
    assert.equal(ns("shop").description, "ready");

    const pdb = findNode(area("payments", "Availability"), "context:standin/namespace:payments/area:Availability/object:policy/PodDisruptionBudget/payments-db")!;
    assert.equal(pdb.kind, "object");
    assert.equal(pdb.label, "PodDisruptionBudget payments-db");
    const finding = pdb.children[0]!;
    assert.equal(finding.kind, "finding");
    assert.match(finding.label, /allows no disruption right now/);
    assert.deepEqual(parseLiveObjectUri(finding.uri!), { context: "standin", namespace: "payments", apiVersion: "policy/v1", kind: "PodDisruptionBudget", name: "payments-db" });
    assert.ok(finding.finding!.line > 1, "the finding points into the live YAML document");
  });

  it("shows spec findings on the workload, not again on every Pod it made; status findings stay on the Pod", async () => {
    const objectsIn = (tree: ReadinessNode, id: string) => findNode(tree, id)!.children.map((n) => n.label);
    const collapsed = await treeOf();
    assert.deepEqual(objectsIn(collapsed, "context:standin/namespace:legacy/area:Pod security"), [
      "DaemonSet log-shipper", "Deployment reports", "CronJob nightly-export",
    ]);
    assert.deepEqual(objectsIn(collapsed, "context:standin/namespace:payments/area:Resources & QoS"), ["Pod payments-db-0"]);
    const everything = await treeOf({}, { includeControlledObjects: true });
    assert.ok(objectsIn(everything, "context:standin/namespace:legacy/area:Pod security").includes("Pod reports-7b5d9c8f4-zx9vb"));
  });

  it("keeps a Pod's spec findings when its controller's kind could not be read (nothing else would show them)", async () => {
    const objectsIn = (tree: ReadinessNode, id: string) => findNode(tree, id)!.children.map((n) => n.label);
    const tree = await treeOf({ forbidden: [{ resource: "daemonsets" }] });
    const podSecurity = objectsIn(tree, "context:standin/namespace:legacy/area:Pod security");
    assert.ok(podSecurity.includes("Pod log-shipper-k8d2m"), podSecurity.join(", "));
    assert.ok(!podSecurity.includes("Pod reports-7b5d9c8f4-zx9vb"), "ReplicaSets are readable: the Deployment reports for its pods");
  });

  it("keeps node ids stable across refreshes", async () => {
    const ids = (tree: ReadinessNode): string[] => [tree.id, ...tree.children.flatMap(ids)];
    const first = ids(await treeOf());
    const second = ids(await treeOf());
    assert.deepEqual(second, first);
    assert.equal(new Set(first).size, first.length, "ids are unique");
  });

  it("filters to failing namespaces and areas", async () => {
    const tree = await treeOf({}, { onlyFailing: true });
    assert.deepEqual(Object.keys(namespaceVerdicts(tree)).sort(), ["kube-system", "legacy", "monitoring", "payments"]);
    const payments = findNode(tree, "context:standin/namespace:payments")!;
    assert.ok(payments.children.every((a) => a.findingCount > 0));
  });
});

describe("readiness tree when access is partial or broken", () => {
  it("shows a not-permitted node for NetworkPolicies and still loads the rest", async () => {
    const tree = await treeOf({ forbidden: [{ resource: "networkpolicies" }] });
    const top = tree.children.filter((n) => n.kind === "message");
    assert.equal(top.length, 1);
    assert.equal(top[0]!.contextValue, "kubeready.message.forbidden");
    assert.equal(top[0]!.label, "Not permitted to list NetworkPolicy objects across the cluster");
    const network = findNode(tree, "context:standin/namespace:shop/area:Network")!;
    assert.equal(network.children[0]!.kind, "message");
    assert.equal(network.description, "incomplete");
    assert.equal(namespaceVerdicts(tree).legacy, "error", "the other kinds still loaded and were analysed");
  });

  it("shows one message node for a server that cannot be reached", { timeout: 10_000 }, async () => {
    const standin = await startStandin({ objects: demo });
    const load = loadKubeconfig({ path: standin.kubeconfigPath });
    await standin.close();
    assert.ok(load.ok);
    const tree = buildReadinessTree(analyzeSnapshot(await fetchSnapshot(load.kc, { timeoutMs: 5_000 }), config, rules));
    assert.equal(tree.children.length, 1);
    assert.equal(tree.children[0]!.kind, "message");
    assert.equal(tree.children[0]!.error?.code, "unreachable");
    assert.equal(tree.verdict, "error");
  });

  it("shows one message node for rejected credentials", async () => {
    const tree = await treeOf({ kubeconfigToken: "expired" });
    assert.deepEqual(tree.children.map((n) => [n.kind, n.error?.code]), [["message", "unauthorized"]]);
  });
});

describe("readiness report", () => {
  it("renders the tree as Markdown with a summary row per namespace and every finding", async () => {
    const tree = await treeOf({ forbidden: [{ resource: "networkpolicies" }] });
    const md = readinessReportMarkdown(tree, { generatedAt: new Date(NOW) });
    assert.match(md, /^# Cluster readiness report: `standin`/);
    assert.match(md, /## Access problems\n\n- Not permitted to list NetworkPolicy objects across the cluster/);
    assert.match(md, /\| shop \| 🟢 ready \| 0 \| 0 \| 0 \|/);
    assert.match(md, /\| legacy \| 🔴 error \| \d+ \| \d+ \| 0 \|/);
    assert.match(md, /## Namespace `payments`/);
    assert.match(md, /- \*\*Certificate payments-api-tls\*\* — warning: Certificate "payments-api-tls" expires in 12 days/);
    assert.doesNotMatch(md, /czNjcjN0/, "secret values never reach the report");
  });
});
