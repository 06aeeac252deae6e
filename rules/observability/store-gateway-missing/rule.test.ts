// Tests for observability/store-gateway-missing.
import { testRule } from "../../testing.js";
import rule from "./rule.js";

const prometheus = `apiVersion: monitoring.coreos.com/v1
kind: Prometheus
metadata: {name: k8s, namespace: monitoring}
spec:
  replicas: 2
  thanos:
    objectStorageConfig: {name: bucket, key: objstore.yml}
`;

const thanos = (name: string, args: string) => `apiVersion: apps/v1
kind: StatefulSet
metadata: {name: ${name}, namespace: monitoring}
spec:
  selector: {matchLabels: {app: ${name}}}
  template:
    metadata: {labels: {app: ${name}}}
    spec:
      containers:
        - name: ${name}
          image: quay.io/thanos/thanos:v0.37.2
          args: ${args}
`;

testRule(rule, {
  valid: [
    { name: "store gateway in another file", yaml: prometheus, files: { "file:///store.yaml": thanos("thanos-store", "[store, --objstore.config-file=/etc/thanos/objstore.yml]") } },
    { name: "sidecar without object storage", yaml: prometheus.replace("    objectStorageConfig: {name: bucket, key: objstore.yml}\n", "    version: v0.37.2\n") },
    { name: "a Query alone does not write", yaml: thanos("thanos-query", "[query, --endpoint=x:10901]") },
  ],
  invalid: [
    {
      name: "Prometheus resource uploading, no store",
      yaml: prometheus,
      files: { "file:///query.yaml": thanos("thanos-query", "[query, --endpoint=x:10901]") },
      findings: [{ line: 7, column: 5, endColumn: 24, severity: "info", message: 'Prometheus "k8s" uploads blocks to object storage, but no Thanos Store Gateway (thanos store) is in scope, so the history in the bucket cannot be queried.' }],
    },
    {
      name: "plain Thanos Ruler uploading, no store",
      yaml: thanos("thanos-rule", "[rule, --objstore.config=$(OBJSTORE_CONFIG)]"),
      // The argument that configures the bucket, not the whole container block.
      findings: [{ line: 12, column: 24, endLine: 12, endColumn: 60, message: /StatefulSet "thanos-rule" uploads blocks to object storage, but no Thanos Store Gateway/ }],
    },
    {
      name: "Prometheus resource with a bucket file: points at objectStorageConfigFile",
      yaml: prometheus.replace("objectStorageConfig: {name: bucket, key: objstore.yml}", "objectStorageConfigFile: /etc/thanos/objstore.yml"),
      findings: [{ line: 7, column: 5, endColumn: 28, severity: "info" }],
    },
  ],
});
