// Tests for recognising Prometheus/Thanos containers and reading their flags.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { parseFile } from "../engine.js";
import { WorkspaceIndex } from "./scope.js";
import { flagValues, parsePrometheusDuration, prometheusContainersOf, replicaLabelsInScope, thanosContainersOf, type CommandArg } from "./prometheus.js";

const args = (...v: string[]): CommandArg[] => v.map((value, i) => ({ value, path: ["args", i] }));

const pod = (containers: string) => parseFile("file:///p.yaml", `apiVersion: v1
kind: Pod
metadata: {name: p}
spec:
  containers:
${containers}`).objects[0];

describe("flagValues", () => {
  it("reads --flag=value, --flag value, single dash and boolean flags", () => {
    const a = args("query", "--query.replica-label=a", "--query.replica-label", "b", "-query.replica-label=c", "--query.auto-downsampling");
    assert.deepEqual(flagValues(a, "query.replica-label").map((f) => f.value), ["a", "b", "c"]);
    assert.deepEqual(flagValues(a, "query.replica-label")[1].path, ["args", 3]);
    assert.deepEqual(flagValues(a, "query.replica-label")[1].flagPath, ["args", 2]);
    assert.deepEqual(flagValues(a, "query.auto-downsampling").map((f) => f.value), ["true"]);
    assert.deepEqual(flagValues(a, "query.replica"), [], "a prefix is not the flag");
  });
});

describe("parsePrometheusDuration", () => {
  it("reads Prometheus durations in any unit, and rejects what Prometheus rejects", () => {
    assert.equal(parsePrometheusDuration("2h"), 7200e3);
    assert.equal(parsePrometheusDuration("120m"), 7200e3);
    assert.equal(parsePrometheusDuration("1h30m"), 5400e3);
    assert.equal(parsePrometheusDuration("1d"), 86400e3);
    assert.equal(parsePrometheusDuration("0"), 0);
    assert.equal(parsePrometheusDuration(""), undefined);
    assert.equal(parsePrometheusDuration("2 hours"), undefined);
    assert.equal(parsePrometheusDuration("30m1h"), undefined, "units must come largest first");
  });
});

describe("container recognition", () => {
  it("tells Prometheus from its exporters, operator and reloader", () => {
    const o = pod(`    - {name: a, image: quay.io/prometheus/prometheus:v3.1.0}
    - {name: b, image: prom/prometheus}
    - {name: c, image: quay.io/prometheus/node-exporter:v1.8.2}
    - {name: d, image: quay.io/prometheus-operator/prometheus-config-reloader:v0.80.0}
    - {name: e, image: example.com/custom:1, command: [/bin/prometheus]}
    - {name: f, image: prom/prometheus:v3.1.0, command: [/bin/sh, -c, "sleep 1"]}
`);
    assert.deepEqual(prometheusContainersOf(o).map((p) => p.container.name), ["a", "b", "e"]);
  });

  it("reads the Thanos component from args or command, also with a placeholder tag", () => {
    const o = pod(`    - {name: a, image: quay.io/thanos/thanos:v0.37.2, args: [sidecar, --tsdb.path=/prometheus]}
    - {name: b, image: thanosio/thanos:v0.37.2, command: [/bin/thanos, query]}
    - {name: c, image: "quay.io/thanos/thanos:<REPLACE_ME_VERSION>", args: [compact]}
    - {name: d, image: example.com/proxy:1, args: [query]}
`);
    assert.deepEqual(thanosContainersOf(o).map((t) => `${t.container.name}:${t.component}`), ["a:sidecar", "b:query", "c:compact"]);
  });
});

describe("replicaLabelsInScope", () => {
  it("collects operator defaults, custom labels and per-pod Ruler labels, but not Prometheus without a sidecar", () => {
    const index = new WorkspaceIndex();
    const file = parseFile("file:///all.yaml", `apiVersion: monitoring.coreos.com/v1
kind: Prometheus
metadata: {name: a}
spec: {replicas: 2, thanos: {version: v0.37.2}}
---
apiVersion: monitoring.coreos.com/v1
kind: Prometheus
metadata: {name: b}
spec: {replicas: 2, replicaExternalLabelName: replica, thanos: {version: v0.37.2}}
---
apiVersion: monitoring.coreos.com/v1
kind: Prometheus
metadata: {name: c}
spec: {replicas: 2}
---
apiVersion: monitoring.coreos.com/v1
kind: Prometheus
metadata: {name: d}
spec: {replicas: 2, replicaExternalLabelName: "", thanos: {}}
---
apiVersion: apps/v1
kind: StatefulSet
metadata: {name: rule}
spec:
  template:
    spec:
      containers:
        - {name: rule, image: quay.io/thanos/thanos:v0.37.2, args: [rule, '--label=rule_replica="$(NAME)"', '--label=cluster="eu"']}
`);
    index.setFile(file.uri, file.objects);
    assert.deepEqual(replicaLabelsInScope(index).map((r) => `${r.from.name}:${r.label}`), ["a:prometheus_replica", "b:replica", "rule:rule_replica"]);
  });
});
