// Tests for observability/sidecar-local-compaction.
import { testRule } from "../../testing.js";
import rule from "./rule.js";

const sts = (promArgs: string, sidecarArgs = "[sidecar, --objstore.config-file=/etc/thanos/objstore.yml]") => `apiVersion: apps/v1
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
          args:
${promArgs}        - name: sidecar
          image: quay.io/thanos/thanos:v0.37.2
          args: ${sidecarArgs}
`;

testRule(rule, {
  valid: [
    { name: "both 2h", yaml: sts("            - --storage.tsdb.min-block-duration=2h\n            - --storage.tsdb.max-block-duration=2h\n") },
    { name: "space-separated form", yaml: sts("            - --storage.tsdb.min-block-duration\n            - 2h\n            - --storage.tsdb.max-block-duration\n            - 2h\n") },
    // Prometheus parses both flags as durations: 120m is the same 2h block.
    { name: "equal durations written in different units", yaml: sts("            - --storage.tsdb.min-block-duration=120m\n            - --storage.tsdb.max-block-duration=2h\n") },
    { name: "sidecar that does not upload", yaml: sts("            - --config.file=/etc/prometheus/prometheus.yml\n", "[sidecar]") },
  ],
  invalid: [
    {
      name: "neither set: the safe fix adds both",
      yaml: sts("            - --config.file=/etc/prometheus/prometheus.yml\n"),
      findings: [{ line: 11, column: 11, message: 'Prometheus container "prometheus" sets neither --storage.tsdb.min-block-duration nor --storage.tsdb.max-block-duration; with a sidecar uploading blocks they must be equal (2h), or local compaction rewrites blocks the sidecar already shipped and the Compactor sees overlaps.' }],
      output: sts("            - --config.file=/etc/prometheus/prometheus.yml\n            - \"--storage.tsdb.min-block-duration=2h\"\n            - \"--storage.tsdb.max-block-duration=2h\"\n"),
    },
    {
      name: "max differs: the fix rewrites it (unsafe) and keeps the comment",
      yaml: sts("            - --storage.tsdb.min-block-duration=2h\n            - --storage.tsdb.max-block-duration=24h # tuned\n"),
      findings: [{ line: 15, column: 15, message: /sets --storage.tsdb.min-block-duration=2h and --storage.tsdb.max-block-duration=24h/ }],
      output: sts("            - --storage.tsdb.min-block-duration=2h\n            - \"--storage.tsdb.max-block-duration=2h\" # tuned\n"),
    },
    {
      name: "unequal durations in other units: reported, the fix keeps the flag that already means 2h",
      yaml: sts("            - --storage.tsdb.min-block-duration=120m\n            - --storage.tsdb.max-block-duration=1d\n"),
      findings: [{ line: 15, column: 15, message: /min-block-duration=120m and --storage.tsdb.max-block-duration=1d/ }],
      output: sts("            - --storage.tsdb.min-block-duration=120m\n            - \"--storage.tsdb.max-block-duration=2h\"\n"),
    },
  ],
});
