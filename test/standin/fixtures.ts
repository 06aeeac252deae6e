// Cluster contents for the stand-in: the demo cluster from demo/*.yaml, and a large synthetic cluster for the benchmark.
import { readFileSync, readdirSync } from "node:fs";
import { dirname, join } from "node:path";
import { parseAllDocuments } from "yaml";
import type { KubeObject } from "./store.js";

// The repository compiles as CommonJS (no "type": "module"); __filename (unlike __dirname) is also right when tsx
// loads this file from an ES module.
export const demoDirectory = join(dirname(__filename), "demo");

/**
 * Reads every Kubernetes object of the YAML files in a folder. Strings of the form `NOW+12d` / `NOW-3h` become
 * RFC 3339 timestamps relative to `now`, so that "expires in 12 days" stays true whenever the demo runs.
 */
export function loadManifests(directory: string, now: Date = new Date()): KubeObject[] {
  const objects: KubeObject[] = [];
  for (const file of readdirSync(directory).filter((f) => /\.ya?ml$/.test(f)).sort()) {
    for (const doc of parseAllDocuments(readFileSync(join(directory, file), "utf8"))) {
      if (doc.errors.length > 0) throw new Error(`${file}: ${doc.errors[0]!.message}`);
      const value = resolveRelativeTimes(doc.toJS(), now) as Partial<KubeObject> | null;
      if (value && typeof value.apiVersion === "string" && typeof value.kind === "string" && value.metadata?.name) objects.push(value as KubeObject);
    }
  }
  return objects;
}

export function loadDemoCluster(now: Date = new Date()): KubeObject[] {
  return loadManifests(demoDirectory, now);
}

function resolveRelativeTimes(value: unknown, now: Date): unknown {
  if (typeof value === "string") {
    const m = /^NOW([+-]\d+)([dh])$/.exec(value);
    if (!m) return value;
    const hours = Number(m[1]) * (m[2] === "d" ? 24 : 1);
    return new Date(now.getTime() + hours * 3_600_000).toISOString().replace(/\.\d{3}Z$/, "Z");
  }
  if (Array.isArray(value)) return value.map((v) => resolveRelativeTimes(v, now));
  if (value && typeof value === "object") {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, resolveRelativeTimes(v, now)]));
  }
  return value;
}

export interface LargeClusterShape {
  namespaces: number;
  podsPerNamespace: number;
  /** Pods per Deployment (default 4): the generator makes podsPerNamespace / podsPerDeployment Deployments per namespace. */
  podsPerDeployment?: number;
}

/**
 * A synthetic cluster for the benchmark: every namespace gets Deployments with their Pods, a Service, and — in every
 * other namespace — a default-deny NetworkPolicy and PDBs, so verdicts differ between namespaces.
 */
export function generateLargeCluster(shape: LargeClusterShape): KubeObject[] {
  const perDeployment = shape.podsPerDeployment ?? 4;
  const objects: KubeObject[] = [];
  for (let n = 0; n < shape.namespaces; n++) {
    const namespace = `team-${String(n).padStart(4, "0")}`;
    const hardened = n % 2 === 0;
    objects.push({
      apiVersion: "v1",
      kind: "Namespace",
      metadata: {
        name: namespace,
        labels: { "kubernetes.io/metadata.name": namespace, ...(hardened ? { "pod-security.kubernetes.io/enforce": "restricted" } : {}) },
      },
      status: { phase: "Active" },
    });
    if (hardened) {
      objects.push({
        apiVersion: "networking.k8s.io/v1",
        kind: "NetworkPolicy",
        metadata: { name: "default-deny-all", namespace },
        spec: { podSelector: {}, policyTypes: ["Ingress", "Egress"] },
      });
    }
    const deployments = Math.max(1, Math.ceil(shape.podsPerNamespace / perDeployment));
    let podsLeft = shape.podsPerNamespace;
    for (let d = 0; d < deployments; d++) {
      const app = `svc-${d}`;
      const replicas = Math.min(perDeployment, podsLeft);
      podsLeft -= replicas;
      const container = containerFor(app, hardened);
      const podSpec = {
        ...(hardened ? { securityContext: { runAsNonRoot: true, runAsUser: 10001, seccompProfile: { type: "RuntimeDefault" } } } : {}),
        containers: [container],
      };
      objects.push({
        apiVersion: "apps/v1",
        kind: "Deployment",
        metadata: { name: app, namespace, labels: { app } },
        spec: { replicas, selector: { matchLabels: { app } }, template: { metadata: { labels: { app } }, spec: podSpec } },
        status: { replicas, readyReplicas: replicas, availableReplicas: replicas, updatedReplicas: replicas },
      });
      objects.push({
        apiVersion: "v1",
        kind: "Service",
        metadata: { name: app, namespace },
        spec: { selector: { app }, ports: [{ port: 80, targetPort: 8080 }] },
      });
      if (hardened) {
        objects.push({
          apiVersion: "policy/v1",
          kind: "PodDisruptionBudget",
          metadata: { name: app, namespace },
          spec: { maxUnavailable: 1, selector: { matchLabels: { app } } },
          status: { currentHealthy: replicas, desiredHealthy: replicas - 1, disruptionsAllowed: replicas > 1 ? 1 : 0, expectedPods: replicas },
        });
      }
      for (let p = 0; p < replicas; p++) {
        objects.push({
          apiVersion: "v1",
          kind: "Pod",
          metadata: {
            name: `${app}-7d4b9c-${p.toString(36).padStart(5, "x")}`,
            namespace,
            labels: { app, "pod-template-hash": "7d4b9c" },
            ownerReferences: [{ apiVersion: "apps/v1", kind: "ReplicaSet", name: `${app}-7d4b9c`, controller: true }],
          },
          spec: { ...podSpec, nodeName: `node-${(n + p) % 20}` },
          status: { phase: "Running", qosClass: hardened ? "Guaranteed" : "BestEffort" },
        });
      }
    }
  }
  return objects;
}

function containerFor(app: string, hardened: boolean): Record<string, unknown> {
  if (!hardened) return { name: app, image: `registry.example.com/bench/${app}:latest` };
  return {
    name: app,
    image: `registry.example.com/bench/${app}:1.0.0`,
    resources: { requests: { cpu: "100m", memory: "128Mi" }, limits: { cpu: "100m", memory: "128Mi" } },
    securityContext: { allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, capabilities: { drop: ["ALL"] } },
  };
}
