// Checks the Prometheus/Thanos rules against real manifests of kube-prometheus, kube-thanos and prometheus-operator (skipped without ../shared/corpus).
import assert from "node:assert/strict";
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { dirname, join, relative } from "node:path";
import { describe, it } from "node:test";
import { fileURLToPath } from "node:url";
import { analyzeFiles } from "../engine.js";
import { rules } from "./index.js";

const CORPUS = join(dirname(fileURLToPath(import.meta.url)), "..", "..", "..", "shared", "corpus");

function yamlFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((n) => {
    const p = join(dir, n);
    return statSync(p).isDirectory() ? yamlFiles(p) : /\.ya?ml$/.test(n) ? [p] : [];
  });
}

/** Findings of this family over one project, analysed together as a workspace: "rule file" strings. */
function findings(project: string): string[] {
  const root = join(CORPUS, project);
  const files = yamlFiles(root).map((p) => ({ uri: `file://${p}`, text: readFileSync(p, "utf8") }));
  return analyzeFiles(files, undefined, rules).findings.map((f) => `${f.rule} ${relative(root, fileURLToPath(f.uri))}`).sort();
}

describe("observability rules on the corpus", { skip: !existsSync(CORPUS) && "no ../shared/corpus" }, () => {
  it("kube-prometheus: the Prometheus pair has no Thanos sidecar; its 2 replicas are fine", () => {
    assert.deepEqual(findings("kube-prometheus"), ["observability/thanos-sidecar-missing manifests/prometheus-prometheus.yaml"]);
  });

  it("kube-thanos: Query's replica labels and endpoints are right; the sharded Compactors skip deduplication, the main one merges 1:1", () => {
    assert.deepEqual(findings("kube-thanos"), [
      "observability/compactor-dedup-missing examples/all/manifests/thanos-compact-shard0-statefulSet.yaml",
      "observability/compactor-dedup-missing examples/all/manifests/thanos-compact-shard1-statefulSet.yaml",
      "observability/compactor-dedup-missing examples/all/manifests/thanos-compact-shard2-statefulSet.yaml",
      // Deduplicates prometheus_replica and rule_replica without --deduplication.func=penalty (Thanos docs: the default
      // merger only suits identical Receive replicas).
      "observability/compactor-dedup-missing examples/all/manifests/thanos-compact-statefulSet.yaml",
    ]);
  });

  it("prometheus-operator: the Thanos example's Query matches the Prometheus and ThanosRuler labels; its sidecar has no bucket", () => {
    const thanos = findings("prometheus-operator").filter((f) => f.includes(" example/thanos/"));
    assert.deepEqual(thanos, ["observability/thanos-objstore-missing example/thanos/prometheus.yaml"]);
  });

  it("prometheus-operator: Prometheus examples without spec.thanos get a sidecar finding, single-replica ones a replicas finding", () => {
    const all = findings("prometheus-operator");
    assert.ok(all.includes("observability/thanos-sidecar-missing example/rbac/prometheus/prometheus.yaml"));
    assert.ok(all.includes("observability/prometheus-replicas example/user-guides/getting-started/prometheus.yaml"));
    assert.ok(!all.some((f) => f.startsWith("observability/prometheus-replicas example/rbac/prometheus/")), "replicas: 2 is an HA pair");
    assert.ok(!all.some((f) => f.includes("prometheus-agent")), "PrometheusAgent is not a Prometheus server");
    assert.ok(!all.some((f) => f.includes("scrapeclass")), "a nameless fragment is not an object");
  });
});
