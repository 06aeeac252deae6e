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
    { name: "compactor deduplicating on the operator's label with the penalty merger", yaml: compact(["compact", "--wait", "--deduplication.replica-label=prometheus_replica", "--deduplication.func=penalty"]), files: { "file:///p.yaml": prometheus() } },
    // Receive replicas hold identical samples: the default 1:1 merger is right for them.
    {
      name: "a Receive-only replica label needs no penalty merger",
      yaml: compact(["compact", "--deduplication.replica-label=receive_replica"]),
      files: { "file:///receive.yaml": compact(["receive", "--objstore.config-file=/etc/thanos/objstore.yml"]).replace(/thanos-compact/g, "thanos-receive").replace(/compact\b/g, "receive") },
    },
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
      // Prometheus replicas need the penalty merger (Thanos docs); the fix adds it with the label.
      output: compact(["compact", "--wait", '"--deduplication.replica-label=replica"', '"--deduplication.func=penalty"']),
    },
    {
      // Before: valid. The Thanos docs say the default merger only suits identical (Receive) replicas.
      name: "the operator's label with the default 1:1 merger: unsafe fix adds the penalty merger",
      yaml: compact(["compact", "--wait", "--deduplication.replica-label=prometheus_replica"]),
      files: { "file:///p.yaml": prometheus() },
      findings: [{ line: 15, column: 15, endColumn: 63, severity: "info", message: 'Thanos Compactor container "compact" deduplicates Prometheus/Ruler replicas (prometheus_replica) with the default 1:1 merger, which only merges identical samples; replicas scrape at different instants, so set --deduplication.func=penalty.' }],
      output: compact(["compact", "--wait", "--deduplication.replica-label=prometheus_replica", '"--deduplication.func=penalty"']),
    },
    {
      name: "another merger chosen: the fix rewrites that flag",
      yaml: compact(["compact", "--deduplication.replica-label=prometheus_replica", "--deduplication.func=chain"]),
      files: { "file:///p.yaml": prometheus() },
      findings: [{ line: 15, column: 15, message: /with the default 1:1 merger/ }],
      output: compact(["compact", "--deduplication.replica-label=prometheus_replica", '"--deduplication.func=penalty"']),
    },
    {
      name: "compactor deduplicating on another label",
      yaml: compact(["compact", "--deduplication.replica-label=replica"]),
      files: { "file:///p.yaml": prometheus() },
      findings: [{ line: 10, column: 11, message: /deduplicates on replica but not on prometheus_replica, the replica label in use/ }],
    },
  ],
});
