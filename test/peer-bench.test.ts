// The peer bench's decisions (bench/peer-logic.ts): which files a linter accepts, and what each peer's report says it judged.
import { test } from "node:test";
import assert from "node:assert/strict";
import { acceptedSubset, judgedByKubeconform, judgedByKubeLinter, judgedByKubeScore, judgedByPolaris, perUnitGrowth } from "../bench/peer-logic.js";

test("acceptedSubset isolates every rejected file and keeps the input order", async () => {
  const files = Array.from({ length: 37 }, (_, i) => `f${i}.yaml`);
  const bad = new Set(["f0.yaml", "f17.yaml", "f18.yaml", "f36.yaml"]);
  const r = await acceptedSubset(files, async (part) => !part.some((f) => bad.has(f)));
  assert.deepEqual(r.rejected, ["f0.yaml", "f17.yaml", "f18.yaml", "f36.yaml"]);
  assert.deepEqual(r.accepted, files.filter((f) => !bad.has(f)));
  assert.ok(r.runs < files.length, `halving takes fewer runs than one per file (${r.runs})`);
});

test("acceptedSubset: all accepted in one run; none accepted; empty input", async () => {
  assert.deepEqual(await acceptedSubset(["a", "b"], async () => true), { accepted: ["a", "b"], rejected: [], runs: 1 });
  assert.deepEqual((await acceptedSubset(["a", "b", "c"], async () => false)).rejected, ["a", "b", "c"]);
  assert.deepEqual(await acceptedSubset([], async () => true), { accepted: [], rejected: [], runs: 0 });
});

test("judgedByKubeScore counts scored objects and the checks not skipped", () => {
  const json = JSON.stringify([
    { object_name: "Deployment/apps/v1//a", checks: [{ check: { id: "container-resources" }, skipped: false }, { check: { id: "pod-probes" }, skipped: true }] },
    { object_name: "Service/v1//a", checks: [{ check: { id: "container-resources" }, skipped: false }, { check: { id: "stable-version" }, skipped: false }] },
  ]);
  assert.deepEqual(judgedByKubeScore(json), { objects: 2, checks: 3, skipped: 1, distinctChecks: 2 });
  assert.throws(() => judgedByKubeScore("{}"), /expected an array/);
});

test("judgedByPolaris counts object, pod and container results", () => {
  const json = JSON.stringify({ Results: [
    { Kind: "Deployment", Results: { missingPodDisruptionBudget: {} }, PodResult: { Results: { hostIPCSet: {}, hostPIDSet: {} }, ContainerResults: [{ Results: { runAsRootAllowed: {} } }, { Results: { runAsRootAllowed: {} } }] } },
    { Kind: "Service", Results: {}, PodResult: null },
  ] });
  assert.deepEqual(judgedByPolaris(json), { objects: 2, checks: 5, skipped: 0, distinctChecks: 4 });
  assert.throws(() => judgedByPolaris("[]"), /expected an object/);
});

test("judgedByKubeLinter counts reports and the distinct objects they name", () => {
  const report = (check: string, name: string) => ({ Check: check, Object: { Metadata: { FilePath: "x.yaml" }, K8sObject: { Namespace: "ns", Name: name, GroupVersionKind: { Kind: "Deployment" } } } });
  const json = JSON.stringify({ Reports: [report("no-read-only-root-fs", "a"), report("unset-cpu-requirements", "a"), report("no-read-only-root-fs", "b")] });
  assert.deepEqual(judgedByKubeLinter(json), { objects: 2, checks: 3, skipped: 0, distinctChecks: 2 });
  assert.deepEqual(judgedByKubeLinter(JSON.stringify({ Reports: null })), { objects: 0, checks: 0, skipped: 0, distinctChecks: 0 });
});

test("judgedByKubeconform reads the summary line", () => {
  assert.deepEqual(judgedByKubeconform("Summary: 12 resources found in 3 files - Valid: 9, Invalid: 1, Errors: 0, Skipped: 2\n"), { objects: 10, checks: 10, skipped: 2, distinctChecks: 1 });
  assert.throws(() => judgedByKubeconform("nothing"), /no summary/);
});

test("perUnitGrowth: 1.0 when cost grows with size, above 1 when it grows faster", () => {
  assert.equal(perUnitGrowth([{ units: 10, cost: 100 }, { units: 40, cost: 400 }, { units: 160, cost: 1600 }]), 1);
  assert.equal(perUnitGrowth([{ units: 10, cost: 100 }, { units: 160, cost: 3200 }]), 2);
  assert.ok(Number.isNaN(perUnitGrowth([{ units: 1, cost: 1 }])));
});
