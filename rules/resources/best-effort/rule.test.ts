// Tests for resources/best-effort.
import assert from "node:assert/strict";
import { it } from "node:test";
import type { TextEdit } from "../../api.js";
import { applyTextEdits } from "../../model/edit.js";
import { findingsOf, testRule } from "../../testing.js";
import rule from "./rule.js";

const job = (containers: string, init = "") => `apiVersion: batch/v1
kind: Job
metadata: {name: migrate}
spec:
  template:
    spec:
      restartPolicy: Never
${init}      containers:
${containers}`;

const statefulSet = `apiVersion: apps/v1
kind: StatefulSet
metadata: {name: db}
spec:
  serviceName: db
  selector: {matchLabels: {app: db}}
  template:
    metadata: {labels: {app: db}}
    spec:
      containers:
        - name: db
          image: db:1
`;

testRule(rule, {
  valid: [
    { name: "a memory request is enough to be Burstable", yaml: job("        - name: m\n          image: m:1\n          resources: {requests: {memory: 64Mi}}\n") },
    { name: "a limit alone also counts (request defaults to it)", yaml: job("        - name: m\n          image: m:1\n          resources: {limits: {cpu: 100m}}\n") },
    // resources/qos-not-guaranteed reports it ("must have Guaranteed QoS (a stateful set) but is BestEffort"): one finding, not two.
    { name: "a StatefulSet that must be Guaranteed is the other rule's finding", yaml: statefulSet },
    // Install and sync hooks run once for seconds (a chart's CRD-install Job): seen as noise on real repositories.
    { name: "a Helm install hook Job", yaml: job("        - name: m\n          image: m:1\n").replace("metadata: {name: migrate}", "metadata: {name: migrate, annotations: {helm.sh/hook: pre-install}}") },
    { name: "an Argo CD sync hook Job", yaml: job("        - name: m\n          image: m:1\n").replace("metadata: {name: migrate}", "metadata: {name: migrate, annotations: {argocd.argoproj.io/hook: PreSync}}") },
    { name: "an init container's request counts", yaml: job("        - name: m\n          image: m:1\n", "      initContainers:\n        - name: i\n          image: i:1\n          resources: {requests: {cpu: 10m}}\n") },
  ],
  invalid: [
    {
      name: "no resources anywhere",
      yaml: job("        - name: m\n          image: m:1\n"),
      findings: [{ line: 9, column: 11, endColumn: 18, message: 'Job "migrate" runs BestEffort pods: no container requests cpu or memory, so they are evicted first under node pressure and scheduled anywhere.' }],
    },
    {
      name: "with resources/qos-not-guaranteed off, the BestEffort StatefulSet is reported here",
      yaml: statefulSet,
      config: { rules: { "resources/qos-not-guaranteed": "off" } },
      findings: [{ line: 11, column: 11, message: /^StatefulSet "db" runs BestEffort pods/ }],
    },
    {
      name: "with statefulSets: false, too",
      yaml: statefulSet,
      config: { rules: { "resources/qos-not-guaranteed": { statefulSets: false } } },
      findings: [{ line: 11 }],
    },
    {
      name: "only zero and non-QoS resources do not count",
      yaml: job("        - name: m\n          image: m:1\n          resources: {requests: {cpu: 0, ephemeral-storage: 1Gi}}\n"),
      findings: [{ line: 9 }],
    },
  ],
});

it("resources/best-effort: the fix writes placeholder requests and is unsafe", () => {
  const yaml = job("        - name: m\n          image: m:1\n");
  const [f] = findingsOf(rule, { name: "fix", yaml });
  const [fix] = f.fixes!().filter((x) => !x.suppression);
  assert.equal(fix.safe, false);
  assert.equal(applyTextEdits(yaml, fix.edits as TextEdit[]), job(`        - name: m
          image: m:1
          resources:
            requests:
              cpu: "<REPLACE_ME>"
              memory: "<REPLACE_ME>"
`));
});

it("resources/best-effort: after the fix, the finding asks for the placeholders to be filled in (no second fix)", () => {
  const yaml = job("        - name: m\n          image: m:1\n");
  const [f] = findingsOf(rule, { name: "fix", yaml });
  const fixed = applyTextEdits(yaml, f.fixes!().find((x) => !x.suppression)!.edits as TextEdit[]);
  const after = findingsOf(rule, { name: "after", yaml: fixed });
  assert.equal(after.length, 1);
  assert.match(after[0].message, /placeholders \(<REPLACE_ME>\) to fill in/);
  assert.equal(after[0].fixable, "none");
});
