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

testRule(rule, {
  valid: [
    { name: "a memory request is enough to be Burstable", yaml: job("        - name: m\n          image: m:1\n          resources: {requests: {memory: 64Mi}}\n") },
    { name: "a limit alone also counts (request defaults to it)", yaml: job("        - name: m\n          image: m:1\n          resources: {limits: {cpu: 100m}}\n") },
    { name: "an init container's request counts", yaml: job("        - name: m\n          image: m:1\n", "      initContainers:\n        - name: i\n          image: i:1\n          resources: {requests: {cpu: 10m}}\n") },
  ],
  invalid: [
    {
      name: "no resources anywhere",
      yaml: job("        - name: m\n          image: m:1\n"),
      findings: [{ line: 9, column: 11, endColumn: 18, message: 'Job "migrate" runs BestEffort pods: no container requests cpu or memory, so they are evicted first under node pressure and scheduled anywhere.' }],
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
