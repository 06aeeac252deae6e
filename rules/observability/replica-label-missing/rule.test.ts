// Tests for observability/replica-label-missing.
import { testRule } from "../../testing.js";
import rule from "./rule.js";

const cr = (spec: string) => `apiVersion: monitoring.coreos.com/v1
kind: Prometheus
metadata: {name: k8s}
spec:
${spec}`;

const plain = (labels: string, replicas = 2, args = "[--config.file=/etc/prometheus/prometheus.yml]") => `apiVersion: apps/v1
kind: StatefulSet
metadata: {name: prom, namespace: monitoring}
spec:
  replicas: ${replicas}
  selector: {matchLabels: {app: prom}}
  template:
    metadata: {labels: {app: prom}}
    spec:
      containers:
        - name: prometheus
          image: prom/prometheus:v3.1.0
          args: ${args}
          volumeMounts: [{name: config, mountPath: /etc/prometheus}]
      volumes:
        - {name: config, configMap: {name: prom-config}}
---
apiVersion: v1
kind: ConfigMap
metadata: {name: prom-config, namespace: monitoring}
data:
  prometheus.yml: |
    global:
      external_labels:
${labels}`;

testRule(rule, {
  valid: [
    { name: "operator default label", yaml: cr("  replicas: 2\n") },
    { name: "custom label", yaml: cr("  replicas: 2\n  replicaExternalLabelName: replica\n") },
    { name: "disabled on a single replica", yaml: cr("  replicas: 1\n  replicaExternalLabelName: \"\"\n") },
    {
      name: "plain, $(POD_NAME) in a config template the Thanos sidecar's reloader expands",
      yaml: plain("        cluster: eu-1\n        replica: $(POD_NAME)\n").replace(
        "      volumes:",
        "        - name: sidecar\n          image: quay.io/thanos/thanos:v0.37.2\n          args: [sidecar, --reloader.config-file=/etc/prometheus/prometheus.yml]\n          volumeMounts: [{name: config, mountPath: /etc/prometheus}]\n      volumes:",
      ),
    },
    { name: "plain, ${} form that Prometheus expands itself", yaml: plain("        replica: ${HOSTNAME}\n", 2, "[--config.file=/etc/prometheus/prometheus.yml, --enable-feature=expand-external-labels]") },
    { name: "plain, single replica", yaml: plain("        cluster: eu-1\n", 1) },
    { name: "plain, config not in scope", yaml: plain("").split("---")[0] },
  ],
  invalid: [
    {
      name: "plain, $(POD_NAME) that nothing expands (Prometheus reads the file itself)",
      yaml: plain("        cluster: eu-1\n        replica: $(POD_NAME)\n"),
      findings: [{ line: 11, column: 11, message: /Prometheus never expands \$\(POD_NAME\)/ }],
    },
    {
      name: "plain, ${HOSTNAME} without --enable-feature=expand-external-labels",
      yaml: plain("        replica: ${HOSTNAME}\n"),
      findings: [{ line: 11, column: 11 }],
    },
    {
      name: "resource disables the label: the safe fix removes the field",
      yaml: cr("  replicas: 2\n  replicaExternalLabelName: \"\"\n  version: v3.1.0\n"),
      findings: [{ line: 6, column: 29, message: 'Prometheus "k8s" disables its replica external label (replicaExternalLabelName: ""), so its 2 replicas send identical series that a Querier cannot deduplicate.' }],
      output: cr("  replicas: 2\n  version: v3.1.0\n"),
    },
    {
      name: "plain: only static external labels",
      yaml: plain("        cluster: eu-1\n"),
      findings: [{ line: 11, column: 11, message: /StatefulSet "prom" runs 2 Prometheus replicas but ConfigMap "prom-config" \(prometheus.yml\) gives them no external label that differs per pod/ }],
    },
  ],
});
