// Tests for observability/compactor-dedup-missing.
import { testRule } from "../../testing.js";
import rule from "./rule.js";

const prometheus = (label = "") => `apiVersion: monitoring.coreos.com/v1
kind: Prometheus
metadata: {name: k8s, namespace: monitoring}
spec:
  replicas: 2
${label}  thanos:
    objectStorageConfig: {name: bucket, key: objstore.yml}
`;

const compact = (args: string[]) => `apiVersion: apps/v1
kind: StatefulSet
metadata: {name: thanos-compact, namespace: monitoring}
spec:
  selector: {matchLabels: {app: compact}}
  template:
    metadata: {labels: {app: compact}}
    spec:
      containers:
        - name: compact
          image: quay.io/thanos/thanos:v0.37.2
          args:
${args.map((a) => `            - ${a}\n`).join("")}`;

testRule(rule, {
  valid: [
    { name: "compactor deduplicating on the operator's label", yaml: compact(["compact", "--wait", "--deduplication.replica-label=prometheus_replica"]), files: { "file:///p.yaml": prometheus() } },
    { name: "no object storage in scope: nothing to compact", yaml: compact(["compact"]) },
  ],
  invalid: [
    {
      name: "no compactor at all",
      yaml: prometheus(),
      findings: [{ line: 7, column: 5, severity: "info", message: 'Prometheus "k8s" uploads blocks to object storage, but no Thanos Compactor (thanos compact) is in scope: blocks are never compacted, downsampled or deduplicated, and the bucket only grows.' }],
    },
    {
      name: "compactor without deduplication: safe fix with the label in scope",
      yaml: compact(["compact", "--wait"]),
      files: { "file:///p.yaml": prometheus("  replicaExternalLabelName: replica\n") },
      findings: [{ line: 10, column: 11, message: 'Thanos Compactor container "compact" sets no --deduplication.replica-label, so both copies of every HA-pair block stay in the bucket (twice the storage, slower queries).' }],
      output: compact(["compact", "--wait", '"--deduplication.replica-label=replica"']),
    },
    {
      name: "compactor deduplicating on another label",
      yaml: compact(["compact", "--deduplication.replica-label=replica"]),
      files: { "file:///p.yaml": prometheus() },
      findings: [{ line: 10, column: 11, message: /deduplicates on replica but not on prometheus_replica, the replica label in use/ }],
    },
  ],
});
