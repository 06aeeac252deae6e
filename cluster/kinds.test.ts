// The kinds a snapshot reads cover what the rules check and look up: cross-object rules judge live objects as they judge files.
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { loadDemoCluster } from "../test/standin/fixtures.js";
import { type StandinOptions, startStandin } from "../test/standin/server.js";
import type { KubeObject } from "../test/standin/store.js";
import { analyzeSnapshot, clusterRules } from "./analyze.js";
import { loadKubeconfig } from "./kubeconfig.js";
import { readinessKinds } from "./kinds.js";
import { fetchSnapshot } from "./snapshot.js";

/** Kinds rules check that a cluster does not hold as objects worth reading (files only, or nothing makes them). */
const NOT_READ = new Set(["EncryptionConfiguration", "PodTemplate", "Kustomization"]);

/**
 * Kinds that cross-object rules look up through ctx.index (rules/model/*.ts and rules/<family>/<rule>/rule.ts):
 * update this list with the rules, and the snapshot reads them.
 */
const LOOKED_UP = [
  "Namespace", // pss/* (namespace PSA labels), network/missing-default-deny
  "Service", // network/workload-not-allowed, podsLikelyExist, network/ingress-backend-missing, network/statefulset-service-missing, observability/monitor-selects-nothing
  "ServiceAccount", // rbac/service-account-missing
  "PriorityClass", // availability/critical-priority-class
  "ConfigMap", // observability: plain Prometheus configuration
  "NetworkPolicy", // network/*
  "PodDisruptionBudget", // availability/*, autoscaling/hpa-min-replicas-with-pdb
  "HorizontalPodAutoscaler", "ScaledObject", "VerticalPodAutoscaler", // autoscaling/*, availability/missing-pdb
  "Prometheus", "Alertmanager", "ThanosRuler", // observability/*, pod sources
  "Certificate", // operations/ingress-tls-unmanaged
  "SecretStore", "ClusterSecretStore", // secrets/external-secret-store-missing
];

const NOW = "2026-06-01T00:00:00Z";
const demo = loadDemoCluster(new Date(NOW));

async function liveFindings(extra: KubeObject[], options: StandinOptions & { namespace?: string } = {}): Promise<Array<{ rule: string; object: string }>> {
  const { namespace, ...standinOptions } = options;
  const standin = await startStandin({ objects: [...demo, ...extra], ...standinOptions });
  try {
    const load = loadKubeconfig({ path: standin.kubeconfigPath });
    assert.ok(load.ok);
    const snapshot = await fetchSnapshot(load.kc, namespace ? { namespace } : {});
    assert.deepEqual(snapshot.errors, []);
    return analyzeSnapshot(snapshot).findings.map((f) => ({ rule: f.rule, object: `${f.object?.kind}/${f.object?.namespace}/${f.object?.name}` }));
  } finally {
    await standin.close();
  }
}

describe("the kinds a readiness snapshot reads", () => {
  it("include every kind a rule checks on live objects", () => {
    const read = new Set(readinessKinds.map((k) => k.kind));
    const live = clusterRules.filter((r) => r.meta.appliesTo !== "files");
    const checked = new Set(live.flatMap((r) => (r.meta.kinds === "*" ? [] : [...r.meta.kinds])));
    assert.deepEqual([...checked].filter((k) => !read.has(k) && !NOT_READ.has(k)).sort(), []);
  });

  it("leave out Secrets: no rule judges a live Secret, and a read-only review needs no access to their values", () => {
    assert.ok(!readinessKinds.some((k) => k.kind === "Secret"));
    const secretRules = clusterRules.filter((r) => r.meta.kinds !== "*" && r.meta.kinds.includes("Secret"));
    assert.deepEqual(secretRules.filter((r) => r.meta.appliesTo !== "files").map((r) => r.meta.id), []);
  });

  it("include every kind a cross-object rule looks up", () => {
    const read = new Set(readinessKinds.map((k) => k.kind));
    assert.deepEqual(LOOKED_UP.filter((k) => !read.has(k)), []);
  });

  it("find the ClusterSecretStore of a live ExternalSecret, cluster-wide and with --namespace; a missing store is still reported", async () => {
    const missing: KubeObject = {
      apiVersion: "external-secrets.io/v1beta1",
      kind: "ExternalSecret",
      metadata: { name: "orphan", namespace: "shop" },
      spec: { secretStoreRef: { kind: "SecretStore", name: "nowhere" }, target: { name: "orphan" }, data: [{ secretKey: "k", remoteRef: { key: "k" } }] },
    };
    for (const namespace of [undefined, "shop"]) {
      const store = (await liveFindings([missing], namespace ? { namespace } : {})).filter((f) => f.rule === "secrets/external-secret-store-missing");
      assert.deepEqual(store.map((f) => f.object), ["ExternalSecret/shop/orphan"], `namespace ${namespace ?? "(all)"}`);
    }
  });

  it("read VerticalPodAutoscalers: a VPA in Auto mode beside a CPU HPA is a conflict on the live cluster too", async () => {
    const vpa: KubeObject = {
      apiVersion: "autoscaling.k8s.io/v1",
      kind: "VerticalPodAutoscaler",
      metadata: { name: "frontend", namespace: "shop" },
      spec: { targetRef: { apiVersion: "apps/v1", kind: "Deployment", name: "frontend" }, updatePolicy: { updateMode: "Auto" } },
    };
    const findings = await liveFindings([vpa]);
    assert.deepEqual(findings.filter((f) => f.rule === "autoscaling/vpa-hpa-conflict").map((f) => f.object), ["VerticalPodAutoscaler/shop/frontend"]);
  });

  it("treat a CRD that is not installed (keda.sh here) as absent, without an error", async () => {
    assert.ok(readinessKinds.some((k) => k.kind === "ScaledObject"));
    const findings = await liveFindings([]);
    assert.ok(findings.length > 0);
  });

  it("do not report spec.replicas of a live Deployment beside its HPA (the API server always sets it)", async () => {
    const findings = await liveFindings([]);
    assert.deepEqual(findings.filter((f) => f.rule === "autoscaling/replicas-with-hpa"), []);
    assert.ok(findings.some((f) => f.rule === "status/pdb-disruptions-blocked"), "the analysis ran");
  });
});
