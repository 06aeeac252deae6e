// Tests for observability/prometheus-replicas.
import assert from "node:assert/strict";
import { it } from "node:test";
import { analyzeText } from "../../engine.js";
import { TEST_URI, testRule } from "../../testing.js";
import rule from "./rule.js";

const cr = (spec: string) => `apiVersion: monitoring.coreos.com/v1
kind: Prometheus
metadata:
  name: k8s
spec:
${spec}`;

const sts = (replicas: string, image = "prom/prometheus:v3.1.0") => `apiVersion: apps/v1
kind: StatefulSet
metadata:
  name: prom
spec:
${replicas}  selector:
    matchLabels: {app: prom}
  template:
    metadata:
      labels: {app: prom}
    spec:
      containers:
        - name: server
          image: ${image}
`;

testRule(rule, {
  valid: [
    { name: "resource with 2 replicas", yaml: cr("  replicas: 2\n") },
    { name: "resource paused at 0", yaml: cr("  replicas: 0\n") },
    { name: "plain StatefulSet with 3 replicas", yaml: sts("  replicas: 3\n") },
    { name: "a Deployment that is not Prometheus", yaml: sts("  replicas: 1\n", "quay.io/prometheus-operator/prometheus-operator:v0.80.0").replace("StatefulSet", "Deployment") },
    { name: "node-exporter is not the server", yaml: sts("  replicas: 1\n", "quay.io/prometheus/node-exporter:v1.8.2") },
    { name: "a CRD that happens to be called Prometheus", yaml: "apiVersion: example.com/v1\nkind: Prometheus\nmetadata: {name: x}\nspec: {replicas: 1}\n" },
    { name: "a nameless documentation fragment", yaml: "apiVersion: monitoring.coreos.com/v1\nkind: Prometheus\nspec:\n  scrapeClasses: [{name: mtls}]\n" },
    { name: "PrometheusAgent is not checked", yaml: "apiVersion: monitoring.coreos.com/v1alpha1\nkind: PrometheusAgent\nmetadata: {name: a}\nspec: {replicas: 1}\n" },
  ],
  invalid: [
    {
      name: "resource with 1 replica; safe fix keeps the comment",
      yaml: cr("  replicas: 1 # small cluster\n  version: v3.1.0\n"),
      findings: [{ line: 6, column: 13, endColumn: 14, message: 'Prometheus "k8s" runs 1 replica; a single Prometheus loses scrapes and alerts whenever its pod restarts — run 2.' }],
      output: cr("  replicas: 2 # small cluster\n  version: v3.1.0\n"),
    },
    {
      name: "resource without replicas",
      yaml: cr("  serviceAccountName: prometheus\n"),
      findings: [{ line: 5, column: 1, message: /Prometheus "k8s" does not set replicas, so it runs 1/ }],
      output: cr("  serviceAccountName: prometheus\n  replicas: 2\n"),
    },
    {
      name: "plain StatefulSet without replicas (command form): the fix is offered but unsafe",
      yaml: sts("", "example.com/custom:1\n          command: [/bin/prometheus]"),
      findings: [{ line: 5, column: 1, message: /StatefulSet "prom" \(Prometheus container "server"\) does not set replicas/ }],
      output: sts("", "example.com/custom:1\n          command: [/bin/prometheus]") + "  replicas: 2\n",
    },
  ],
});

// The finding says what its fix is: safe on the resource, unsafe on a plain workload (which needs a per-pod label too).
it("reports the fix safety per finding", () => {
  const fixable = (yaml: string) => analyzeText(yaml, TEST_URI, undefined, [rule]).map((f) => f.fixable);
  assert.deepEqual(fixable(cr("  replicas: 1\n")), ["safe"]);
  assert.deepEqual(fixable(sts("  replicas: 1\n")), ["unsafe"]);
});
