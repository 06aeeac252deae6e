// fetchSnapshot against the stand-in API server, reached through a generated kubeconfig: paging, 403, 401, unreachable, timeout.
import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { KubeConfig } from "@kubernetes/client-node";
import { loadDemoCluster } from "../test/standin/fixtures.js";
import { type Standin, startStandin } from "../test/standin/server.js";
import { writeKubeconfig } from "../test/standin/kubeconfig.js";
import { selfSignedCertificate } from "../test/standin/tls.js";
import { isFatal } from "./errors.js";
import { loadKubeconfig } from "./kubeconfig.js";
import { fetchSnapshot } from "./snapshot.js";
import { listPath, readinessKinds } from "./kinds.js";

const demo = loadDemoCluster(new Date("2026-06-01T00:00:00Z"));
const readableKinds = new Set(readinessKinds.map((k) => k.kind));
const demoReadable = demo.filter((o) => readableKinds.has(o.kind));

function kubeconfigOf(standin: Standin) {
  const load = loadKubeconfig({ path: standin.kubeconfigPath });
  assert.ok(load.ok, "the generated kubeconfig loads");
  return load.kc;
}

async function withStandin<T>(options: Parameters<typeof startStandin>[0], use: (s: Standin) => Promise<T>): Promise<T> {
  const standin = await startStandin({ objects: demo, ...options });
  try {
    return await use(standin);
  } finally {
    await standin.close();
  }
}

describe("fetchSnapshot on the demo cluster", () => {
  let standin: Standin;
  before(async () => (standin = await startStandin({ objects: demo })));
  after(() => standin.close());

  it("returns every object of every readiness kind, with apiVersion and kind filled in", async () => {
    const snapshot = await fetchSnapshot(kubeconfigOf(standin));
    assert.deepEqual(snapshot.errors, []);
    assert.equal(snapshot.context, "standin");
    assert.equal(snapshot.objects.length, demoReadable.length);
    const key = (o: { apiVersion: string; kind: string; metadata: { namespace?: string; name: string } }) =>
      `${o.apiVersion}/${o.kind}/${o.metadata.namespace ?? ""}/${o.metadata.name}`;
    assert.deepEqual(snapshot.objects.map(key).sort(), demoReadable.map(key).sort());
    const pod = snapshot.objects.find((o) => o.kind === "Pod" && o.metadata.name === "cart-redis-0");
    assert.equal((pod?.status as { qosClass?: string }).qosClass, "Guaranteed");
    assert.ok(snapshot.resourceVersions.Pod, "the list resourceVersion is kept for watches");
  });

  it("pages through lists with limit/continue: one cluster-wide list per kind, never one per namespace", async () => {
    standin.requests.length = 0;
    const snapshot = await fetchSnapshot(kubeconfigOf(standin), { pageSize: 2 });
    assert.deepEqual(snapshot.errors, []);
    assert.equal(snapshot.objects.length, demoReadable.length);
    const podPages = standin.requests.filter((r) => r.path === "/api/v1/pods");
    const pods = demo.filter((o) => o.kind === "Pod").length;
    assert.equal(podPages.length, Math.ceil(pods / 2));
    assert.ok(podPages.every((r) => r.query.get("limit") === "2"));
    assert.equal(podPages.filter((r) => r.query.has("continue")).length, podPages.length - 1);
    assert.deepEqual(standin.requests.filter((r) => /\/namespaces\/[^/]+\//.test(r.path)), []);
    assert.ok(standin.requests.every((r) => r.method === "GET"));
    // One discovery probe plus, per kind, ceil(n / 2) pages (at least one).
    const expected = 1 + readinessKinds.reduce((sum, k) => sum + Math.max(1, Math.ceil(demo.filter((o) => o.kind === k.kind).length / 2)), 0);
    assert.equal(standin.requests.length, expected);
  });

  it("limits itself to one namespace when asked", async () => {
    standin.requests.length = 0;
    const snapshot = await fetchSnapshot(kubeconfigOf(standin), { namespace: "shop" });
    assert.deepEqual(snapshot.errors, []);
    // Cluster-scoped kinds that namespaced objects refer to (the ClusterSecretStore of shop's ExternalSecret) come along.
    const referenced = new Set(readinessKinds.filter((k) => k.referencedFromNamespaces).map((k) => k.kind));
    const expected = demoReadable.filter((o) => o.metadata.namespace === "shop" || (o.kind === "Namespace" && o.metadata.name === "shop") || referenced.has(o.kind));
    assert.equal(snapshot.objects.length, expected.length);
    assert.ok(snapshot.objects.some((o) => o.kind === "ClusterSecretStore" && o.metadata.name === "vault"));
    const referencedPaths = readinessKinds.filter((k) => k.referencedFromNamespaces).map((k) => listPath(k));
    assert.ok(standin.requests.filter((r) => r.path !== "/api" && !referencedPaths.includes(r.path)).every((r) => r.path.includes("/namespaces/shop")));
  });
});

describe("fetchSnapshot when access is partial or broken", () => {
  it("turns a 403 on NetworkPolicies into one error entry and still loads everything else", async () => {
    await withStandin({ forbidden: [{ resource: "networkpolicies" }] }, async (standin) => {
      const snapshot = await fetchSnapshot(kubeconfigOf(standin));
      assert.equal(snapshot.errors.length, 1);
      assert.equal(snapshot.errors[0]!.code, "forbidden");
      assert.equal(snapshot.errors[0]!.kind, "NetworkPolicy");
      assert.equal(snapshot.errors[0]!.namespace, undefined);
      assert.match(snapshot.errors[0]!.message, /cannot list resource "networkpolicies"/);
      assert.equal(snapshot.objects.filter((o) => o.kind === "NetworkPolicy").length, 0);
      assert.equal(snapshot.objects.length, demoReadable.filter((o) => o.kind !== "NetworkPolicy").length);
    });
  });

  it("falls back to per-namespace lists when only the cluster-wide list is forbidden", async () => {
    // (ConfigMaps rather than Secrets, which a snapshot no longer reads: see kinds.ts.)
    await withStandin({ forbidden: [{ resource: "configmaps", clusterScopeOnly: true }] }, async (standin) => {
      const snapshot = await fetchSnapshot(kubeconfigOf(standin));
      assert.deepEqual(snapshot.errors, []);
      assert.deepEqual(snapshot.objects.filter((o) => o.kind === "ConfigMap").map((o) => o.metadata.name), ["reports-config"]);
    });
  });

  it("reports the one namespace where a kind is forbidden and loads it from the others", async () => {
    await withStandin({ forbidden: [{ resource: "pods", namespace: "kube-system" }] }, async (standin) => {
      const snapshot = await fetchSnapshot(kubeconfigOf(standin));
      assert.deepEqual(snapshot.errors.map((e) => [e.code, e.kind, e.namespace]), [["forbidden", "Pod", "kube-system"]]);
      const pods = snapshot.objects.filter((o) => o.kind === "Pod");
      assert.equal(pods.length, demo.filter((o) => o.kind === "Pod" && o.metadata.namespace !== "kube-system").length);
    });
  });

  it("retries a list page whose connection dropped mid-response", async () => {
    await withStandin({ dropRequest: (path, nth) => path === "/api/v1/pods" && nth === 2 }, async (standin) => {
      const snapshot = await fetchSnapshot(kubeconfigOf(standin), { pageSize: 4 });
      assert.deepEqual(snapshot.errors, []);
      assert.equal(snapshot.objects.filter((o) => o.kind === "Pod").length, demo.filter((o) => o.kind === "Pod").length);
      const pages = standin.requests.filter((r) => r.path === "/api/v1/pods");
      assert.deepEqual(pages.map((r) => r.status), [200, -1, 200, 200]);
      assert.equal(pages[1]!.query.get("continue"), pages[2]!.query.get("continue"), "the same page was asked for again");
    });
  });

  it("treats a CRD that is not installed as absent, not as an error", async () => {
    await withStandin({ absentGroups: ["monitoring.coreos.com", "cert-manager.io"] }, async (standin) => {
      const snapshot = await fetchSnapshot(kubeconfigOf(standin));
      assert.deepEqual(snapshot.errors, []);
      assert.equal(snapshot.objects.filter((o) => o.kind === "Prometheus" || o.kind === "Certificate").length, 0);
    });
  });

  it("turns rejected credentials into exactly one unauthorized error after one request", async () => {
    await withStandin({ token: "the-real-token" }, async (standin) => {
      const kc = kubeconfigOf(standin);
      const expired = new KubeConfig();
      expired.loadFromOptions({ clusters: kc.getClusters(), contexts: kc.getContexts(), users: kc.getUsers().map((u) => ({ ...u, token: "an-expired-token" })), currentContext: kc.getCurrentContext() });
      const snapshot = await fetchSnapshot(expired);
      assert.deepEqual(snapshot.objects, []);
      assert.equal(snapshot.errors.length, 1);
      assert.equal(snapshot.errors[0]!.code, "unauthorized");
      assert.equal(snapshot.errors[0]!.kind, undefined);
      assert.equal(standin.requests.length, 1);
    });
  });

  it("turns an unreachable API server into exactly one unreachable error", { timeout: 10_000 }, async () => {
    const port = await freePort();
    await withStandin({}, async (standin) => {
      const kc = kubeconfigOf(standin);
      // Point the context's cluster at a port nobody listens on.
      const unreachable = new KubeConfig();
      unreachable.loadFromOptions({ users: kc.getUsers(), contexts: kc.getContexts(), clusters: kc.getClusters().map((c) => ({ ...c, server: `http://127.0.0.1:${port}` })), currentContext: kc.getCurrentContext() });
      const snapshot = await fetchSnapshot(unreachable, { timeoutMs: 5_000 });
      assert.deepEqual(snapshot.objects, []);
      assert.deepEqual(snapshot.errors.map((e) => e.code), ["unreachable"]);
      assert.match(snapshot.errors[0]!.message, /ECONNREFUSED/);
    });
  });

  it("gives up on a server that does not answer within the deadline, with one timeout error", { timeout: 10_000 }, async () => {
    await withStandin({ latencyMs: 60_000 }, async (standin) => {
      const snapshot = await fetchSnapshot(kubeconfigOf(standin), { timeoutMs: 300 });
      assert.deepEqual(snapshot.errors.map((e) => e.code), ["timeout"]);
      assert.match(snapshot.errors[0]!.message, /300 ms/);
    });
  });

  it("stops with one timeout error when lists stall after the probe succeeded", { timeout: 10_000 }, async () => {
    await withStandin({ latencyMs: (path) => (path === "/api" ? 0 : 60_000) }, async (standin) => {
      const snapshot = await fetchSnapshot(kubeconfigOf(standin), { timeoutMs: 300 });
      assert.deepEqual(snapshot.errors.map((e) => e.code), ["timeout"]);
      assert.deepEqual(snapshot.objects, []);
    });
  });

  it("gets its token from an exec credential plugin, and reports a failing plugin as one unauthorized error", { timeout: 20_000 }, async () => {
    await withStandin({}, async (standin) => {
      const dir = mkdtempSync(join(tmpdir(), "kubeready-exec-"));
      try {
        const kubeconfigWithExec = (script: string) => {
          const path = join(dir, `kubeconfig-${Math.random().toString(36).slice(2)}`);
          writeFileSync(path, [
            "apiVersion: v1", "kind: Config", "current-context: exec",
            "clusters:", "- name: exec", "  cluster:", `    server: ${JSON.stringify(standin.url)}`, "    insecure-skip-tls-verify: true",
            "contexts:", "- name: exec", "  context: {cluster: exec, user: exec}",
            "users:", "- name: exec", "  user:", "    exec:", "      apiVersion: client.authentication.k8s.io/v1", "      interactiveMode: Never",
            `      command: ${JSON.stringify(process.execPath)}`, `      args: ["-e", ${JSON.stringify(script)}]`, "",
          ].join("\n"));
          const load = loadKubeconfig({ path });
          assert.ok(load.ok);
          return load.kc;
        };
        const credential = { apiVersion: "client.authentication.k8s.io/v1", kind: "ExecCredential", status: { token: standin.token } };
        const ok = await fetchSnapshot(kubeconfigWithExec(`console.log(${JSON.stringify(JSON.stringify(credential))})`));
        assert.deepEqual(ok.errors, []);
        assert.equal(ok.objects.length, demoReadable.length);
        const failing = await fetchSnapshot(kubeconfigWithExec("console.error('login expired'); process.exit(1)"));
        assert.deepEqual(failing.errors.map((e) => e.code), ["unauthorized"]);
        assert.match(failing.errors[0]!.message, /Could not get credentials for context "exec"/);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    });
  });

  it("turns a 404 on discovery (a server URL that is not an API server) into one fatal error naming the server", async () => {
    await withStandin({}, async (standin) => {
      const kc = kubeconfigOf(standin);
      const wrongPath = new KubeConfig();
      wrongPath.loadFromOptions({ users: kc.getUsers(), contexts: kc.getContexts(), clusters: kc.getClusters().map((c) => ({ ...c, server: `${standin.url}/not-kubernetes` })), currentContext: kc.getCurrentContext() });
      const snapshot = await fetchSnapshot(wrongPath);
      assert.deepEqual(snapshot.objects, []);
      assert.equal(snapshot.errors.length, 1);
      const [error] = snapshot.errors;
      assert.equal(error!.fatal, true);
      assert.ok(isFatal(error!));
      assert.equal(error!.status, 404);
      assert.ok(error!.message.includes(`${standin.url}/not-kubernetes answered 404 Not Found to GET /api`), error!.message);
      assert.equal(standin.requests.length, 1, "nothing after the failed probe");
    });
  });

  it("reads every page of a snapshot over a few kept-alive TLS connections, not one handshake per page", async () => {
    await withStandin({ tls: true }, async (standin) => {
      const snapshot = await fetchSnapshot(kubeconfigOf(standin), { pageSize: 2, concurrency: 4 });
      assert.deepEqual(snapshot.errors, []);
      assert.equal(snapshot.objects.length, demoReadable.length);
      const requests = standin.requests.length;
      assert.ok(requests > 20, `paged in many requests (${requests})`);
      // Discovery, then at most one connection per list in flight (the agent's sockets), whatever the number of pages.
      assert.ok(standin.connections() <= 5, `${standin.connections()} connections for ${requests} requests`);
    });
  });

  it("turns a certificate the kubeconfig's CA did not sign into one fatal TLS error naming the server", async () => {
    const dir = mkdtempSync(join(tmpdir(), "kubeready-other-ca-"));
    try {
      await withStandin({ tls: true }, async (standin) => {
        const path = writeKubeconfig(join(dir, "kubeconfig"), [{ name: "standin", server: standin.url, token: standin.token, caPem: selfSignedCertificate(dir).certPem }]);
        const load = loadKubeconfig({ path });
        assert.ok(load.ok);
        const snapshot = await fetchSnapshot(load.kc);
        assert.deepEqual(snapshot.objects, []);
        assert.deepEqual(snapshot.errors.map((e) => e.code), ["tls"]);
        assert.ok(isFatal(snapshot.errors[0]!));
        assert.match(snapshot.errors[0]!.message, /^TLS error talking to https:\/\/127\.0\.0\.1:\d+: .*certificate-authority/);
      });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("says that the one namespace asked for does not exist, instead of returning an empty snapshot", async () => {
    await withStandin({}, async (standin) => {
      const snapshot = await fetchSnapshot(kubeconfigOf(standin), { namespace: "nosuch" });
      assert.deepEqual(snapshot.objects, []);
      assert.deepEqual(snapshot.errors.map((e) => [e.code, e.kind, e.namespace, e.fatal]), [["notFound", "Namespace", "nosuch", true]]);
      assert.match(snapshot.errors[0]!.message, /^Namespace "nosuch" not found in context "standin" \(http:\/\/127\.0\.0\.1:\d+\)/);
      assert.deepEqual(standin.requests.map((r) => r.path), ["/api", "/api/v1/namespaces/nosuch"]);
    });
  });

  it("still reads one namespace when getting its Namespace object is forbidden", async () => {
    await withStandin({ forbidden: [{ resource: "namespaces" }] }, async (standin) => {
      const snapshot = await fetchSnapshot(kubeconfigOf(standin), { namespace: "shop" });
      assert.deepEqual(snapshot.errors.map((e) => [e.code, e.kind, e.fatal]), [["forbidden", "Namespace", undefined]]);
      assert.ok(snapshot.objects.some((o) => o.kind === "Deployment" && o.metadata.name === "frontend"));
    });
  });

  it("speaks HTTPS with the CA from the kubeconfig", async () => {
    await withStandin({ tls: true }, async (standin) => {
      assert.match(standin.url, /^https:/);
      const snapshot = await fetchSnapshot(kubeconfigOf(standin));
      assert.deepEqual(snapshot.errors, []);
      assert.equal(snapshot.objects.length, demoReadable.length);
    });
  });
});

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      const port = typeof address === "object" && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}
