// What a broken or hostile API server sends: null and nameless items, a list that is not a list, a continue token that
// never advances, more objects than the cap; and what kubeready keeps: no managedFields, no last-applied annotation,
// no objects of excluded namespaces. Every case ends with a clear node or error, bounded requests, and no crash.
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { loadDemoCluster } from "../test/standin/fixtures.js";
import { type Standin, type StandinOptions, startStandin } from "../test/standin/server.js";
import type { KubeObject } from "../test/standin/store.js";
import { analyzeSnapshot } from "./analyze.js";
import { isLiveItem, namespacePredicate, SYSTEM_NAMESPACES } from "./intake.js";
import { loadKubeconfig } from "./kubeconfig.js";
import { fetchSnapshot, type SnapshotOptions } from "./snapshot.js";
import { buildReadinessTree, CONTEXT_VALUES } from "./tree.js";
import { runClusterCommand } from "../server/cli/cluster.js";

async function withStandin<T>(options: StandinOptions, fn: (s: Standin) => Promise<T>): Promise<T> {
  const standin = await startStandin(options);
  try {
    return await fn(standin);
  } finally {
    await standin.close();
  }
}

async function snapshotOf(standin: Standin, options: SnapshotOptions = {}) {
  const load = loadKubeconfig({ path: standin.kubeconfigPath });
  assert.ok(load.ok);
  return fetchSnapshot(load.kc, { timeoutMs: 20_000, ...options });
}

function pods(n: number, namespace = "shop"): KubeObject[] {
  return Array.from({ length: n }, (_, i) => ({
    apiVersion: "v1",
    kind: "Pod",
    metadata: {
      name: `p${i}`,
      namespace,
      managedFields: [{ manager: "kubectl", operation: "Apply", fieldsV1: { "f:spec": {} } }],
      annotations: { "kubectl.kubernetes.io/last-applied-configuration": "{\"big\":true}", "team": "a" },
    },
    spec: { containers: [{ name: "c", image: "nginx:1.27" }] },
  }));
}

const isPodList = (path: string) => path === "/api/v1/pods";

describe("distrusting the API server's answers", { timeout: 60_000 }, () => {
  it("skips null, non-object and nameless items, reports how many, and never crashes the CLI", async () => {
    await withStandin({
      objects: loadDemoCluster(),
      rewriteList: (path, page) => (isPodList(path) ? { ...page, items: [null, 42, "x", { metadata: {} }, { metadata: { name: 7 } }, ...page.items] } : page),
    }, async (standin) => {
      const snapshot = await snapshotOf(standin);
      const malformed = snapshot.errors.filter((e) => e.code === "malformed");
      assert.equal(malformed.length, 1);
      assert.equal(malformed[0]!.kind, "Pod");
      assert.match(malformed[0]!.message, /^5 malformed Pod items were skipped/);
      assert.ok(snapshot.objects.some((o) => o.kind === "Pod"), "the good pods are still read");
      const tree = buildReadinessTree(analyzeSnapshot(snapshot));
      assert.ok(tree.children.some((n) => n.kind === "message" && /malformed Pod items/.test(n.label)));

      let stdout = "";
      let stderr = "";
      const code = await runClusterCommand(["cluster", "--kubeconfig", standin.kubeconfigPath, "--format", "json"], {
        stdout: { write: (s: string) => (stdout += s) }, stderr: { write: (s: string) => (stderr += s) }, cwd: process.cwd(), env: {},
      });
      assert.equal(code, 2, "part of the cluster could not be read");
      assert.match(stderr, /not read: Pod: 5 malformed Pod items were skipped/);
      assert.ok((JSON.parse(stdout) as { errors: Array<{ code: string }> }).errors.some((e) => e.code === "malformed"));
    });
  });

  it("an answer that is not a list is one error for its kind; the rest is read", async () => {
    await withStandin({
      objects: loadDemoCluster(),
      rewriteList: (path, page) => (isPodList(path) ? { kind: "PodList", items: { not: "an array" } } : page),
    }, async (standin) => {
      const snapshot = await snapshotOf(standin);
      assert.deepEqual(snapshot.errors.map((e) => [e.code, e.kind]), [["malformed", "Pod"]]);
      assert.ok(snapshot.objects.some((o) => o.kind === "Deployment"));
      assert.ok(!snapshot.objects.some((o) => o.kind === "Pod"));
    });
  });

  it("stops paging when the continue token does not advance, after a bounded number of requests", async () => {
    let first: unknown;
    await withStandin({
      objects: pods(30),
      // Every page sends the first page's (valid) token again.
      rewriteList: (path, page) => (isPodList(path) ? { ...page, metadata: { ...page.metadata, continue: (first ??= page.metadata.continue) } } : page),
    }, async (standin) => {
      const snapshot = await snapshotOf(standin, { pageSize: 10 });
      const stuck = snapshot.errors.find((e) => e.code === "malformed" && e.kind === "Pod");
      assert.ok(stuck, JSON.stringify(snapshot.errors));
      assert.match(stuck.message, /did not advance/);
      const podRequests = standin.requests.filter((r) => r.path === "/api/v1/pods").length;
      assert.equal(podRequests, 2, "the first page, and the one whose token repeats");
    });
  });

  it("stops paging when tokens cycle between two values", async () => {
    const tokens: unknown[] = [];
    await withStandin({
      objects: pods(30),
      // Pages 1 and 2 send their real tokens; page 3 sends page 1's again.
      rewriteList: (path, page) => {
        if (!isPodList(path)) return page;
        tokens.push(page.metadata.continue);
        return tokens.length >= 3 ? { ...page, metadata: { ...page.metadata, continue: tokens[0] } } : page;
      },
    }, async (standin) => {
      const snapshot = await snapshotOf(standin, { pageSize: 10 });
      assert.ok(snapshot.errors.some((e) => e.code === "malformed" && /did not advance/.test(e.message)));
      assert.ok(standin.requests.filter((r) => r.path === "/api/v1/pods").length <= 3);
    });
  });

  it("caps the objects kept per kind, with a clear node", async () => {
    await withStandin({ objects: pods(25) }, async (standin) => {
      const snapshot = await snapshotOf(standin, { pageSize: 10, maxObjectsPerKind: 12 });
      assert.equal(snapshot.objects.filter((o) => o.kind === "Pod").length, 12);
      const limit = snapshot.errors.find((e) => e.code === "limit");
      assert.ok(limit);
      assert.match(limit.message, /Only the first 12 Pod objects were read/);
      assert.ok(standin.requests.filter((r) => r.path === "/api/v1/pods").length <= 2, "no page is fetched past the cap");
      const tree = buildReadinessTree(analyzeSnapshot(snapshot));
      assert.ok(tree.children.some((n) => n.kind === "message" && /Only the first 12 Pod objects/.test(n.label)));
    });
    // Exactly at the cap with nothing more: complete, no node.
    await withStandin({ objects: pods(12) }, async (standin) => {
      const snapshot = await snapshotOf(standin, { pageSize: 100, maxObjectsPerKind: 12 });
      assert.deepEqual(snapshot.errors, []);
    });
  });

  it("drops managedFields and the last-applied annotation on arrival, and keeps other annotations", async () => {
    await withStandin({ objects: pods(3) }, async (standin) => {
      const snapshot = await snapshotOf(standin);
      const pod = snapshot.objects.find((o) => o.kind === "Pod")!;
      assert.equal(pod.metadata.managedFields, undefined);
      assert.deepEqual(pod.metadata.annotations, { team: "a" });
      assert.equal(pod.apiVersion, "v1");
      assert.equal(pod.kind, "Pod");
    });
  });

  it("recognises live items", () => {
    assert.equal(isLiveItem(null), false);
    assert.equal(isLiveItem([]), false);
    assert.equal(isLiveItem({ metadata: null }), false);
    assert.equal(isLiveItem({ metadata: { name: "" } }), false);
    assert.equal(isLiveItem({ metadata: { name: "a", namespace: 3 } }), false);
    assert.equal(isLiveItem({ metadata: { name: "a" } }), true);
  });
});

describe("namespace include/exclude", { timeout: 60_000 }, () => {
  it("excludes the system namespaces by default, and include/exclude lists with globs", () => {
    const byDefault = namespacePredicate({});
    for (const ns of SYSTEM_NAMESPACES) assert.equal(byDefault(ns), false, ns);
    assert.equal(byDefault("shop"), true);
    const none = namespacePredicate({ exclude: [] });
    assert.equal(none("kube-system"), true);
    const only = namespacePredicate({ include: ["shop", "pay*"] });
    assert.deepEqual(["shop", "payments", "legacy", "kube-system"].map(only), [true, true, false, false]);
    assert.equal(namespacePredicate({ include: ["kube-system"] })("kube-system"), true, "naming a system namespace asks for it");
    assert.equal(namespacePredicate({ exclude: ["team-*"] })("team-a"), false);
    assert.equal(namespacePredicate({ exclude: ["team-*"] })("kube-system"), true, "an explicit exclude list replaces the default");
  });

  it("the snapshot drops excluded namespaces' objects and the tree lists them as not reviewed", async () => {
    await withStandin({ objects: loadDemoCluster() }, async (standin) => {
      const snapshot = await snapshotOf(standin, { namespaces: {} });
      assert.ok(!snapshot.objects.some((o) => o.metadata.namespace === "kube-system" || (o.kind === "Namespace" && o.metadata.name === "kube-system")));
      assert.deepEqual(snapshot.excludedNamespaces, ["kube-system"]);
      const tree = buildReadinessTree(analyzeSnapshot(snapshot));
      assert.ok(!tree.children.some((n) => n.kind === "namespace" && n.label === "kube-system"));
      const excluded = tree.children.find((n) => n.contextValue === CONTEXT_VALUES.messageExcluded);
      assert.ok(excluded);
      assert.equal(excluded.label, "System namespaces not reviewed: kube-system");
      assert.equal(excluded.verdict, "ok");
      // Without a filter, kube-system is reviewed (and red: kube-proxy).
      const all = buildReadinessTree(analyzeSnapshot(await snapshotOf(standin)));
      assert.ok(all.children.some((n) => n.kind === "namespace" && n.label === "kube-system"));
    });
  });

  it("`kubeready cluster` excludes system namespaces by default; --exclude-namespaces none and --include-namespaces change it", async () => {
    await withStandin({ objects: loadDemoCluster() }, async (standin) => {
      const run = async (...extra: string[]) => {
        let stdout = "";
        await runClusterCommand(["cluster", "--kubeconfig", standin.kubeconfigPath, "--format", "json", "--fail-on", "never", ...extra], {
          stdout: { write: (s: string) => (stdout += s) }, stderr: { write: () => true }, cwd: process.cwd(), env: {},
        });
        return JSON.parse(stdout) as { findings: Array<{ object: { namespace: string } | null }>; cluster: { excludedNamespaces?: string[] } };
      };
      const namespacesOf = (r: Awaited<ReturnType<typeof run>>) => new Set(r.findings.map((f) => f.object?.namespace));
      const byDefault = await run();
      assert.ok(!namespacesOf(byDefault).has("kube-system"));
      assert.deepEqual(byDefault.cluster.excludedNamespaces, ["kube-system"]);
      assert.ok(namespacesOf(await run("--exclude-namespaces", "none")).has("kube-system"));
      const only = namespacesOf(await run("--include-namespaces", "legacy"));
      assert.deepEqual([...only].filter((n) => n !== "" && n !== undefined), ["legacy"]);
    });
  });
});
