// What the engine says it did not analyse: here, workloads written as patches that no kustomization lists.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { analyzeFiles } from "./engine.js";

const rulesOf = (text: string, uri = "file:///w/d.yaml") => analyzeFiles([{ uri, text }]).findings.filter((f) => f.uri === uri).map((f) => f.rule);

const PATCH = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: builder
spec:
  template:
    spec:
      containers:
        - name: app
          resources:
            requests: {cpu: "2", memory: 4Gi}
`;

describe("a workload written as a patch that no kustomization lists", () => {
  it("is checked as a patch only, said once as information, never judged as a whole pod", () => {
    const rules = rulesOf(PATCH);
    assert.deepEqual(rules, ["yaml/not-analysed"]);
    const [skip] = analyzeFiles([{ uri: "file:///w/d.yaml", text: PATCH }]).findings;
    assert.equal(skip.severity, "info");
    assert.match(skip.message, /^Checked as a patch only: Deployment "builder" has no spec\.selector and no container with an image/);
  });

  it("a whole manifest with one forgotten field is still judged (a selector, or an image, is there)", () => {
    const withImage = PATCH.replace("        - name: app\n", "        - name: app\n          image: app:1\n");
    assert.ok(rulesOf(withImage).some((r) => r.startsWith("pss/")), "no selector, but an image: judged");
    const withSelector = PATCH.replace("spec:\n  template:", "spec:\n  selector: {matchLabels: {app: b}}\n  template:");
    assert.ok(!rulesOf(withSelector).includes("yaml/not-analysed"));
  });

  it("other kinds and API versions are not patches by this shape", () => {
    const job = PATCH.replace("apiVersion: apps/v1\nkind: Deployment", "apiVersion: batch/v1\nkind: Job");
    assert.ok(!rulesOf(job).includes("yaml/not-analysed"));
  });
});
