// Tests for observability/query-replica-label.
import assert from "node:assert/strict";
import { it } from "node:test";
import { analyzeFiles } from "../../engine.js";
import { TEST_URI, testRule } from "../../testing.js";
import rule from "./rule.js";

const query = (args: string[]) => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: thanos-query
  namespace: monitoring
spec:
  replicas: 2
  selector:
    matchLabels: {app: thanos-query}
  template:
    metadata:
      labels: {app: thanos-query}
    spec:
      containers:
        - name: query
          image: quay.io/thanos/thanos:v0.37.2
          args:
${args.map((a) => `            - ${a}\n`).join("")}`;

const prometheusCR = (extra = "") => `apiVersion: monitoring.coreos.com/v1
kind: Prometheus
metadata: {name: k8s, namespace: monitoring}
spec:
  replicas: 2
  thanos: {version: v0.37.2}
${extra}`;

const ruler = "apiVersion: monitoring.coreos.com/v1\nkind: ThanosRuler\nmetadata: {name: ruler, namespace: monitoring}\nspec: {queryEndpoints: [thanos-query:10901]}\n";

const plainPrometheus = `apiVersion: apps/v1
kind: StatefulSet
metadata: {name: prom, namespace: monitoring}
spec:
  replicas: 2
  selector: {matchLabels: {app: prom}}
  template:
    metadata: {labels: {app: prom}}
    spec:
      containers:
        - name: prometheus
          image: prom/prometheus:v3.1.0
          args: [--config.file=/etc/prometheus-out/prometheus.yml]
          volumeMounts: [{name: config-out, mountPath: /etc/prometheus-out}]
        - name: sidecar
          image: quay.io/thanos/thanos:v0.37.2
          args: [sidecar, --reloader.config-file=/etc/prometheus/prometheus.yml, --reloader.config-envsubst-file=/etc/prometheus-out/prometheus.yml]
          volumeMounts: [{name: config, mountPath: /etc/prometheus}, {name: config-out, mountPath: /etc/prometheus-out}]
      volumes:
        - {name: config, configMap: {name: prom-config}}
        - {name: config-out, emptyDir: {}}
---
apiVersion: v1
kind: ConfigMap
metadata: {name: prom-config, namespace: monitoring}
data:
  prometheus.yml: |
    global:
      external_labels:
        cluster: eu-1
        replica: $(POD_NAME)
`;

testRule(rule, {
  valid: [
    { name: "label set, nothing in scope to compare with (kube-thanos style)", yaml: query(["query", "--query.replica-label=prometheus_replica", "--query.replica-label=rule_replica"]) },
    { name: "matches the operator default", yaml: query(["query", "--query.replica-label=prometheus_replica"]), files: { "file:///p.yaml": prometheusCR() } },
    { name: "matches a custom replicaExternalLabelName", yaml: query(["query", "--query.replica-label", "replica"]), files: { "file:///p.yaml": prometheusCR("  replicaExternalLabelName: replica\n") } },
    { name: "a Prometheus without a sidecar is not read by Query", yaml: query(["query", "--query.replica-label=replica"]), files: { "file:///p.yaml": prometheusCR().replace("  thanos: {version: v0.37.2}\n", "") } },
    { name: "plain Prometheus label from its ConfigMap", yaml: query(["query", "--query.replica-label=replica"]), files: { "file:///p.yaml": plainPrometheus } },
    { name: "the query-frontend does not deduplicate", yaml: query(["query-frontend"]) },
  ],
  invalid: [
    {
      name: "no label, nothing in scope: unsafe fix with the operator default",
      yaml: query(["query", "--endpoint=dnssrv+_grpc._tcp.thanos-sidecar.monitoring.svc"]),
      findings: [{ line: 15, column: 11, message: 'Thanos Query container "query" sets no --query.replica-label, so it shows every series of an HA Prometheus pair twice instead of deduplicating it.' }],
      output: query(["query", "--endpoint=dnssrv+_grpc._tcp.thanos-sidecar.monitoring.svc", '"--query.replica-label=prometheus_replica"']),
    },
    {
      name: "no label, Prometheus and ThanosRuler in scope: both labels added",
      yaml: query(["query"]),
      files: { "file:///p.yaml": prometheusCR(), "file:///r.yaml": ruler },
      findings: [{ line: 15, column: 11, message: /deduplicating the replicas of Prometheus "k8s", ThanosRuler "ruler" \(label prometheus_replica, thanos_ruler_replica\)/ }],
      output: query(["query", '"--query.replica-label=prometheus_replica"', '"--query.replica-label=thanos_ruler_replica"']),
    },
    {
      name: "a label that is not the one in use",
      yaml: query(["query", "--query.replica-label=replica"]),
      files: { "file:///p.yaml": prometheusCR() },
      findings: [{ line: 19, column: 15, message: 'Thanos Query container "query" deduplicates on replica but not on prometheus_replica (used by Prometheus "k8s"); those replicas show up twice.' }],
      output: query(["query", "--query.replica-label=replica", '"--query.replica-label=prometheus_replica"']),
    },
    {
      name: "plain Prometheus with a per-pod external label",
      yaml: query(["query", "--query.replica-label=prometheus_replica"]),
      files: { "file:///p.yaml": plainPrometheus },
      findings: [{ line: 19, message: /not on replica \(used by StatefulSet "prom"\)/ }],
    },
  ],
});

// Guessing the operator's default label is unsafe; a label taken from the objects in scope is not.
it("reports the fix safety per finding", () => {
  const fixable = (files: { uri: string; text: string }[]) => analyzeFiles(files, undefined, [rule]).findings.filter((f) => f.uri === TEST_URI).map((f) => f.fixable);
  assert.deepEqual(fixable([{ uri: TEST_URI, text: query(["query"]) }]), ["unsafe"]);
  assert.deepEqual(fixable([{ uri: TEST_URI, text: query(["query"]) }, { uri: "file:///p.yaml", text: prometheusCR() }]), ["safe"]);
});
