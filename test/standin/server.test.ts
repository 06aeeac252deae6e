// The stand-in speaks the real API: checked with @kubernetes/client-node's own typed clients, discovery and Watch class.
import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { request } from "node:http";
import { ApiException, CoreV1Api, KubeConfig, KubernetesObjectApi, Watch } from "@kubernetes/client-node";
import { generateLargeCluster, loadDemoCluster } from "./fixtures.js";
import { apiResources, resourceForKind } from "./resources.js";
import { type Standin, startStandin } from "./server.js";
import { ObjectStore } from "./store.js";

const now = new Date("2026-06-01T00:00:00Z");
const demo = loadDemoCluster(now);

function kubeconfig(standin: Standin): KubeConfig {
  const kc = new KubeConfig();
  kc.loadFromFile(standin.kubeconfigPath);
  return kc;
}

describe("stand-in API server through the real client library", () => {
  let standin: Standin;
  before(async () => (standin = await startStandin({ objects: demo, forbidden: [{ resource: "secrets" }] })));
  after(() => standin.close());

  it("pages a cluster-wide pod list with limit and continue", async () => {
    const core = kubeconfig(standin).makeApiClient(CoreV1Api);
    const names: string[] = [];
    let token: string | undefined;
    let pages = 0;
    do {
      const list = await core.listPodForAllNamespaces({ limit: 4, ...(token ? { _continue: token } : {}) });
      names.push(...list.items.map((p) => `${p.metadata?.namespace}/${p.metadata?.name}`));
      token = list.metadata?._continue;
      pages++;
    } while (token);
    const expected = demo.filter((o) => o.kind === "Pod").map((o) => `${o.metadata.namespace}/${o.metadata.name}`).sort();
    assert.deepEqual(names, expected);
    assert.equal(pages, Math.ceil(expected.length / 4));
  });

  it("answers discovery so the generic object API can list custom resources in a namespace", async () => {
    const objects = kubeconfig(standin).makeApiClient(KubernetesObjectApi);
    const list = await objects.list("monitoring.coreos.com/v1", "Prometheus", "monitoring");
    assert.deepEqual(list.items.map((p) => p.metadata?.name), ["apps", "k8s"]);
    const policies = await objects.list("networking.k8s.io/v1", "NetworkPolicy", "shop");
    assert.equal(policies.items.length, 4);
  });

  it("reads a single object by name, and answers 404 with a Status for a missing one", async () => {
    const core = kubeconfig(standin).makeApiClient(CoreV1Api);
    const ns = await core.readNamespace({ name: "payments" });
    assert.equal(ns.metadata?.labels?.team, "payments");
    await assert.rejects(core.readNamespace({ name: "nope" }), (e: unknown) => e instanceof ApiException && e.code === 404);
  });

  it("answers 403 with a Forbidden Status for a denied resource", async () => {
    const core = kubeconfig(standin).makeApiClient(CoreV1Api);
    await assert.rejects(core.listSecretForAllNamespaces(), (e: unknown) => {
      assert.ok(e instanceof ApiException);
      assert.equal(e.code, 403);
      const body = JSON.parse(String(e.body)) as { kind: string; reason: string; code: number };
      assert.deepEqual([body.kind, body.reason, body.code], ["Status", "Forbidden", 403]);
      return true;
    });
  });

  it("answers 401 with an Unauthorized Status for a wrong token", async () => {
    const good = kubeconfig(standin);
    const kc = new KubeConfig();
    kc.loadFromOptions({ clusters: good.getClusters(), contexts: good.getContexts(), users: good.getUsers().map((u) => ({ ...u, token: "wrong" })), currentContext: good.getCurrentContext() });
    await assert.rejects(kc.makeApiClient(CoreV1Api).listNamespace(), (e: unknown) => e instanceof ApiException && e.code === 401);
  });

  it("streams watch events to the library's Watch from a resourceVersion", { timeout: 10_000 }, async () => {
    const watch = new Watch(kubeconfig(standin));
    const received: string[] = [];
    let seen: () => void = () => undefined;
    const arrived = new Promise<void>((resolve) => (seen = resolve));
    const from = String(standin.store.resourceVersion);
    const controller = await watch.watch("/api/v1/namespaces/legacy/pods", { resourceVersion: from }, (type, object: { metadata: { name: string } }) => {
      received.push(`${type} ${object.metadata.name}`);
      seen();
    }, () => undefined);
    await standin.waitForWatches(1);
    standin.inject({
      type: "ADDED",
      object: { apiVersion: "v1", kind: "Pod", metadata: { name: "cron-123", namespace: "legacy" }, spec: { containers: [] } },
    });
    await arrived;
    controller.abort();
    assert.deepEqual(received, ["ADDED cron-123"]);
  });

  it("refuses every write verb", async () => {
    const url = new URL(standin.url);
    const status = await new Promise<number>((resolve, reject) => {
      const req = request({ host: url.hostname, port: url.port, path: "/api/v1/namespaces/shop/pods", method: "POST", headers: { authorization: `Bearer ${standin.token}` } }, (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      });
      req.on("error", reject);
      req.end("{}");
    });
    assert.equal(status, 405);
  });
});

describe("stand-in fixtures", () => {
  it("resolves NOW-relative timestamps in the demo cluster", () => {
    const cert = demo.find((o) => o.kind === "Certificate" && o.metadata.name === "payments-api-tls");
    assert.equal((cert?.status as { notAfter: string }).notAfter, "2026-06-13T00:00:00Z");
  });

  it("has good and bad namespaces with status fields", () => {
    const namespaces = demo.filter((o) => o.kind === "Namespace").map((o) => o.metadata.name).sort();
    assert.deepEqual(namespaces, ["default", "kube-system", "legacy", "monitoring", "payments", "shop"]);
    const blockedPdb = demo.find((o) => o.kind === "PodDisruptionBudget" && (o.status as { disruptionsAllowed?: number }).disruptionsAllowed === 0);
    assert.ok(blockedPdb);
  });

  it("generates a large cluster of the requested shape", () => {
    const objects = generateLargeCluster({ namespaces: 500, podsPerNamespace: 20 });
    assert.equal(objects.filter((o) => o.kind === "Namespace").length, 500);
    assert.equal(objects.filter((o) => o.kind === "Pod").length, 10_000);
    const names = new Set(objects.map((o) => `${o.kind}/${o.metadata.namespace}/${o.metadata.name}`));
    assert.equal(names.size, objects.length, "object names are unique");
  });
});

describe("stand-in store", () => {
  it("lists pages in name order from a list sorted once, and a change shows in the next list", () => {
    const store = new ObjectStore(apiResources);
    const pod = (namespace: string, name: string) => ({ apiVersion: "v1", kind: "Pod", metadata: { name, namespace } });
    store.seed([pod("b", "x"), pod("a", "z"), pod("a", "y")]);
    const pods = resourceForKind("v1", "Pod", apiResources)!;
    const names = (items: { metadata: { namespace?: string; name: string } }[]) => items.map((o) => `${o.metadata.namespace}/${o.metadata.name}`);
    const first = store.list(pods, undefined, 2, undefined);
    assert.deepEqual(names(first.items), ["a/y", "a/z"]);
    assert.deepEqual(names(store.list(pods, undefined, 2, first.continueToken).items), ["b/x"]);
    store.apply("ADDED", pod("a", "a"));
    assert.deepEqual(names(store.list(pods, undefined, 10, undefined).items), ["a/a", "a/y", "a/z", "b/x"]);
    assert.deepEqual(names(store.list(pods, "a", 10, undefined).items), ["a/a", "a/y", "a/z"]);
    store.apply("DELETED", pod("a", "y"));
    assert.deepEqual(names(store.all(pods)), ["a/a", "a/z", "b/x"]);
    assert.deepEqual(names(store.list(pods, "a", 10, undefined).items), ["a/a", "a/z"]);
  });
});
