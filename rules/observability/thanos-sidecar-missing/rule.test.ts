// Tests for observability/thanos-sidecar-missing.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { analyzeText } from "../../engine.js";
import { TEST_URI, testRule } from "../../testing.js";
import rule from "./rule.js";

const cr = (spec: string) => `apiVersion: monitoring.coreos.com/v1
kind: Prometheus
metadata:
  name: k8s
spec:
${spec}`;

const plain = (containers: string, volumes = "") => `apiVersion: apps/v1
kind: StatefulSet
metadata:
  name: prom
spec:
  replicas: 2
  selector:
    matchLabels: {app: prom}
  template:
    metadata:
      labels: {app: prom}
    spec:
      containers:
${containers}${volumes}`;

const SERVER = `        - name: prometheus
          image: quay.io/prometheus/prometheus:v3.1.0
          args:
            - --config.file=/etc/prometheus/prometheus.yml
            - --storage.tsdb.path=/prometheus/data
          volumeMounts:
            - name: data
              mountPath: /prometheus
`;
const VOLUMES = `      volumes:
        - name: data
          emptyDir: {}
`;

testRule(rule, {
  valid: [
    { name: "resource with spec.thanos", yaml: cr("  replicas: 2\n  thanos:\n    version: v0.37.2\n") },
    { name: "resource that remote-writes instead", yaml: cr("  replicas: 2\n  remoteWrite:\n    - url: http://thanos-receive:19291/api/v1/receive\n") },
    {
      name: "plain pod with a sidecar",
      yaml: plain(SERVER + `        - name: sidecar
          image: quay.io/thanos/thanos:v0.37.2
          args: [sidecar, --tsdb.path=/prometheus/data]
`, VOLUMES),
    },
    { name: "plain Prometheus in agent mode", yaml: plain(`        - name: prometheus\n          image: prom/prometheus:v3.1.0\n          args: [--agent]\n`) },
    { name: "a nameless documentation fragment", yaml: "apiVersion: monitoring.coreos.com/v1\nkind: Prometheus\nspec:\n  scrapeClasses: [{name: mtls}]\n" },
    { name: "not Prometheus", yaml: plain("        - name: app\n          image: app:1\n") },
  ],
  invalid: [
    {
      name: "resource without spec.thanos: unsafe fix adds the block with a placeholder secret",
      yaml: cr("  replicas: 2\n  version: v3.1.0\n"),
      findings: [{ line: 5, column: 1, endColumn: 5, message: 'Prometheus "k8s" has no Thanos sidecar (spec.thanos): a Querier cannot deduplicate its replicas and its data never leaves local disk.' }],
      output: cr(`  replicas: 2
  version: v3.1.0
  thanos:
    objectStorageConfig:
      name: "<REPLACE_ME_OBJSTORE_SECRET>"
      key: objstore.yml
`),
    },
    {
      name: "plain StatefulSet: the sidecar shares the TSDB volume and mounts a placeholder bucket secret",
      yaml: plain(SERVER, VOLUMES),
      findings: [{ line: 14, column: 11, message: /StatefulSet "prom" runs Prometheus \(container "prometheus"\) without a Thanos sidecar/ }],
      output: plain(SERVER + `        - name: thanos-sidecar
          image: "quay.io/thanos/thanos:<REPLACE_ME_VERSION>"
          args:
            - sidecar
            - "--tsdb.path=/prometheus/data"
            - "--prometheus.url=http://localhost:9090"
            - "--grpc-address=0.0.0.0:10901"
            - "--http-address=0.0.0.0:10902"
            - "--objstore.config-file=/etc/thanos/objstore.yml"
          ports:
            - name: grpc
              containerPort: 10901
            - name: sidecar-http
              containerPort: 10902
          readinessProbe:
            httpGet:
              path: /-/ready
              port: sidecar-http
          livenessProbe:
            httpGet:
              path: /-/healthy
              port: sidecar-http
          securityContext:
            runAsNonRoot: true
            allowPrivilegeEscalation: false
            readOnlyRootFilesystem: true
            capabilities:
              drop:
                - ALL
            seccompProfile:
              type: RuntimeDefault
          volumeMounts:
            - name: data
              mountPath: /prometheus
            - name: thanos-objstore
              mountPath: /etc/thanos
              readOnly: true
`, VOLUMES + `        - name: thanos-objstore
          secret:
            secretName: "<REPLACE_ME_OBJSTORE_SECRET>"
`),
    },
  ],
});

// The TSDB path the sidecar must read depends on whether the image's default command still applies.
describe("sidecar TSDB path", () => {
  const fixText = (args: string) => {
    const yaml = plain(`        - name: prometheus\n          image: prom/prometheus:v3.1.0\n${args}          volumeMounts: [{name: data, mountPath: /prometheus}]\n`, VOLUMES);
    const f = analyzeText(yaml, TEST_URI, undefined, [rule]).find((x) => x.rule === rule.meta.id)!;
    return f.fixes!()[0].edits.map((e) => ("newText" in e ? e.newText : "")).join("");
  };
  it("default command: /prometheus", () => assert.match(fixText(""), /"--tsdb\.path=\/prometheus"/));
  it("args without --storage.tsdb.path: the flag default ./data under /prometheus", () => assert.match(fixText("          args: [--config.file=/etc/prometheus/prometheus.yml]\n"), /"--tsdb\.path=\/prometheus\/data"/));
});
