// Tests for resources/qos-not-guaranteed.
import assert from "node:assert/strict";
import { it } from "node:test";
import type { TextEdit } from "../../api.js";
import { applyTextEdits } from "../../model/edit.js";
import { findingsOf, testRule } from "../../testing.js";
import rule from "./rule.js";

const sts = (containers: string, extra = "") => `apiVersion: apps/v1
kind: StatefulSet
metadata:
  name: db
  namespace: data
spec:
  serviceName: db
  selector:
    matchLabels: {app: db}
  template:
    metadata:
      labels: {app: db}
    spec:
${extra}      containers:
${containers}`;

const deploy = (name: string, resources: string, extra = "") => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: ${name}
  namespace: shop
spec:
  selector:
    matchLabels: {app: ${name}}
  template:
    metadata:
      labels: {app: ${name}}
    spec:
${extra}      containers:
        - name: ${name}
          image: ${name}:1
${resources}`;

testRule(rule, {
  valid: [
    {
      name: "equal in different notations (1 = 1000m, 1Gi = 1073741824)",
      yaml: sts(`        - name: db
          image: postgres:16
          resources:
            requests: {cpu: "1", memory: 1073741824}
            limits: {cpu: 1000m, memory: 1Gi}
`),
    },
    {
      name: "only limits: requests default to them; init containers too",
      yaml: sts(`        - name: db
          image: postgres:16
          resources:
            limits: {cpu: 500m, memory: 1Gi}
`, `      initContainers:
        - name: init
          image: busybox:1
          resources:
            limits: {cpu: 100m, memory: 64Mi}
            requests: {nvidia.com/gpu: 1}
`),
    },
    { name: "a Burstable Deployment that is not critical", yaml: deploy("web", "          resources:\n            requests: {cpu: 100m}\n") },
    {
      name: "cpuLimits off: memory equal and a CPU request pass",
      config: { rules: { "resources/qos-not-guaranteed": { cpuLimits: false } } },
      yaml: sts(`        - name: db
          image: postgres:16
          resources:
            requests: {cpu: 250m, memory: 1Gi}
            limits: {memory: 1Gi}
`),
    },
    {
      name: "pod-level resources decide and are Guaranteed",
      yaml: sts(`        - name: db
          image: postgres:16
`, `      resources:
        limits: {cpu: "2", memory: 4Gi}
`),
    },
    {
      name: "Prometheus resource with equal requests and limits",
      yaml: `apiVersion: monitoring.coreos.com/v1
kind: Prometheus
metadata: {name: k8s, namespace: monitoring}
spec:
  resources:
    requests: {cpu: "1", memory: 2Gi}
    limits: {cpu: "1", memory: 2Gi}
`,
    },
    { name: "statefulSets option off", config: { rules: { "resources/qos-not-guaranteed": { statefulSets: false } } }, yaml: sts("        - name: db\n          image: postgres:16\n") },
  ],
  invalid: [
    {
      name: "request below limit: fix sets the request to the limit, keeping comments",
      yaml: sts(`        - name: db
          image: postgres:16
          resources:
            requests:
              cpu: 250m   # measured p95
              memory: 1Gi
            limits:
              cpu: "1"
              memory: 1Gi
`),
      findings: [{ line: 17, column: 11, endColumn: 20, message: 'StatefulSet "db" must have Guaranteed QoS (a stateful set) but is Burstable: container "db" has cpu request 250m but limit 1.' }],
      output: sts(`        - name: db
          image: postgres:16
          resources:
            requests:
              cpu: "1"   # measured p95
              memory: 1Gi
            limits:
              cpu: "1"
              memory: 1Gi
`),
    },
    {
      name: "requests only: fix sets limits equal to them",
      yaml: sts(`        - name: db
          image: postgres:16
          resources:
            requests: {cpu: 500m, memory: 2Gi}
`),
      findings: [{ line: 17, message: /container "db" has a cpu request \(500m\) but no cpu limit, has a memory request \(2Gi\) but no memory limit\.$/ }],
      output: sts(`        - name: db
          image: postgres:16
          resources:
            requests: {cpu: 500m, memory: 2Gi}
            limits:
              cpu: 500m
              memory: 2Gi
`),
    },
    {
      name: "an init container without resources makes the pod Burstable",
      yaml: sts(`        - name: db
          image: postgres:16
          resources:
            limits: {cpu: 500m, memory: 1Gi}
`, `      initContainers:
        - name: migrate
          image: migrate:1
`),
      findings: [{ line: 15, column: 11, message: /container "migrate" sets no cpu request or limit, sets no memory request or limit\.$/ }],
    },
    {
      name: "critical by configuration (namespace/name), with cpuLimits off still needs memory",
      config: { criticalWorkloads: ["shop/api"], rules: { "resources/qos-not-guaranteed": { cpuLimits: false } } },
      yaml: deploy("api", "          resources:\n            requests: {cpu: 100m, memory: 256Mi}\n"),
      findings: [{ line: 16, message: /\(listed in criticalWorkloads\) but is Burstable: container "api" has a memory request \(256Mi\) but no memory limit\.$/ }],
      output: deploy("api", "          resources:\n            requests: {cpu: 100m, memory: 256Mi}\n            limits:\n              memory: 256Mi\n"),
    },
    {
      name: "system-cluster-critical priority class",
      yaml: deploy("dns", "          resources:\n            limits: {memory: 170Mi}\n            requests: {cpu: 100m, memory: 70Mi}\n", "      priorityClassName: system-cluster-critical\n"),
      findings: [{ line: 17, message: /\(priority class system-cluster-critical\) but is Burstable: container "dns" has a cpu request \(100m\) but no cpu limit, has memory request 70Mi but limit 170Mi\.$/ }],
    },
    {
      // The operator's config-reloader sidecar has requests and limits (10m/50Mi by default): the pod is Burstable, not BestEffort.
      name: "Alertmanager without resources is Burstable because of the operator's config-reloader",
      yaml: "apiVersion: monitoring.coreos.com/v1\nkind: Alertmanager\nmetadata: {name: main, namespace: monitoring}\nspec:\n  replicas: 3\n",
      findings: [{ line: 4, column: 1, message: 'Alertmanager "main" must have Guaranteed QoS (monitoring must survive node pressure) but is Burstable: its alertmanager container (spec.resources) sets no cpu request or limit, sets no memory request or limit.' }],
    },
    {
      name: "Prometheus with a Thanos sidecar without resources",
      yaml: `apiVersion: monitoring.coreos.com/v1
kind: Prometheus
metadata: {name: k8s, namespace: monitoring}
spec:
  resources:
    requests: {cpu: "1", memory: 2Gi}
    limits: {cpu: "1", memory: 2Gi}
  thanos:
    image: quay.io/thanos/thanos:v0.36.1
`,
      findings: [{ line: 8, column: 3, message: /^Prometheus "k8s" must have Guaranteed QoS \(monitoring must survive node pressure\) but is Burstable: its thanos-sidecar container \(spec\.thanos\.resources\) sets no cpu/ }],
    },
  ],
});

it("resources/qos-not-guaranteed: a BestEffort pod is one finding; its fix writes visible placeholders and is unsafe", () => {
  const yaml = sts("        - name: db\n          image: postgres:16\n");
  const found = findingsOf(rule, { name: "placeholder", yaml });
  assert.deepEqual(found.map((f) => `${f.range.start.line + 1}:${f.range.start.character + 1} ${f.message}`), ['15:11 StatefulSet "db" must have Guaranteed QoS (a stateful set) but is BestEffort: no container sets cpu or memory requests or limits.']);
  const [f] = findingsOf(rule, { name: "placeholder", yaml });
  const [fix] = f.fixes!().filter((x) => !x.suppression);
  assert.equal(fix.safe, false);
  const text = applyTextEdits(yaml, fix.edits as TextEdit[]);
  assert.equal(text, sts(`        - name: db
          image: postgres:16
          resources:
            requests:
              cpu: "<REPLACE_ME>"
              memory: "<REPLACE_ME>"
            limits:
              cpu: "<REPLACE_ME>"
              memory: "<REPLACE_ME>"
`));
});
