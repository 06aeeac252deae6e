// Tests for observability/thanos-objstore-missing.
import { testRule } from "../../testing.js";
import rule from "./rule.js";

const cr = (thanos: string) => `apiVersion: monitoring.coreos.com/v1
kind: Prometheus
metadata: {name: k8s}
spec:
  replicas: 2
${thanos}`;

const plain = (sidecarArgs: string) => `apiVersion: apps/v1
kind: StatefulSet
metadata: {name: prom}
spec:
  replicas: 2
  selector: {matchLabels: {app: prom}}
  template:
    metadata: {labels: {app: prom}}
    spec:
      containers:
        - name: prometheus
          image: prom/prometheus:v3.1.0
        - name: sidecar
          image: quay.io/thanos/thanos:v0.37.2
          args:
${sidecarArgs}          volumeMounts:
            - name: data
              mountPath: /prometheus
      volumes:
        - name: data
          emptyDir: {}
`;

testRule(rule, {
  valid: [
    { name: "resource with objectStorageConfig", yaml: cr("  thanos:\n    objectStorageConfig: {name: bucket, key: objstore.yml}\n") },
    { name: "resource with objectStorageConfigFile", yaml: cr("  thanos:\n    objectStorageConfigFile: /etc/thanos/objstore.yml\n") },
    { name: "resource without a sidecar (another rule)", yaml: cr("") },
    { name: "plain sidecar with inline config", yaml: plain("            - sidecar\n            - --objstore.config=$(OBJSTORE_CONFIG)\n") },
  ],
  invalid: [
    {
      name: "resource: the unsafe fix adds objectStorageConfig to a flow-style thanos block",
      yaml: cr("  thanos: {version: v0.37.2}\n"),
      findings: [{ line: 6, column: 3, endColumn: 9, message: 'Prometheus "k8s" has a Thanos sidecar without objectStorageConfig: no block is uploaded, so history lives and dies with the local volume, which keeps growing.' }],
      output: cr('  thanos: {version: v0.37.2, objectStorageConfig: {name: "<REPLACE_ME_OBJSTORE_SECRET>", key: objstore.yml}}\n'),
    },
    {
      name: "plain sidecar: flag, mount and placeholder secret volume",
      yaml: plain("            - sidecar\n            - --tsdb.path=/prometheus\n"),
      findings: [{ line: 13, column: 11, message: /sidecar container "sidecar" of StatefulSet "prom" has no --objstore.config/ }],
      output: plain('            - sidecar\n            - --tsdb.path=/prometheus\n            - "--objstore.config-file=/etc/thanos/objstore.yml"\n').replace(
        "              mountPath: /prometheus\n",
        "              mountPath: /prometheus\n            - name: thanos-objstore\n              mountPath: /etc/thanos\n              readOnly: true\n",
      ).replace("          emptyDir: {}\n", '          emptyDir: {}\n        - name: thanos-objstore\n          secret:\n            secretName: "<REPLACE_ME_OBJSTORE_SECRET>"\n'),
    },
  ],
});
