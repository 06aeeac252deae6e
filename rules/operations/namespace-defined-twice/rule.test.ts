// Tests for operations/namespace-defined-twice, and the deterministic verdict PSA rules take from conflicting definitions.
import assert from "node:assert/strict";
import { it } from "node:test";
import { analyzeFiles } from "../../engine.js";
import { testRule } from "../../testing.js";
import runAsNonRoot from "../../pss/run-as-non-root/rule.js";
import rule from "./rule.js";

const ns = (labels: string) => `apiVersion: v1\nkind: Namespace\nmetadata:\n  name: shop\n${labels}`;
const restricted = "  labels: {pod-security.kubernetes.io/enforce: restricted}\n";
const baseline = "  labels: {pod-security.kubernetes.io/enforce: baseline}\n";

testRule(rule, {
  valid: [
    { name: "one definition", yaml: ns(restricted) },
    { name: "the same definition twice (a second install variant)", yaml: ns(restricted), files: { "file:///test/ha/ns.yaml": ns(restricted) } },
    { name: "definitions that differ only in annotations (a legacy isolation annotation added by a second file)", yaml: ns(restricted), files: { "file:///test/policy/ns.yaml": ns(restricted).replace("metadata:\n", "metadata:\n  annotations: {net.beta.kubernetes.io/network-policy: \"{}\"}\n") } },
    { name: "definitions in unrelated examples (different folder trees, no build)", yaml: ns(restricted), files: { "file:///examples/other/ns.yaml": ns(baseline) } },
  ],
  invalid: [
    {
      name: "a second definition with another enforce level, in a subfolder",
      yaml: ns(restricted),
      files: { "file:///test/team/ns.yaml": ns(baseline) },
      findings: [{ line: 4, message: 'Namespace "shop" is also defined in team/ns.yaml with different labels (label pod-security.kubernetes.io/enforce: restricted here, baseline there); only the definition applied last survives, so what the cluster enforces depends on apply order. Keep one definition. kubeready judges the namespace\'s pods under the stricter Pod Security level.' }],
    },
  ],
});

it("operations/namespace-defined-twice: the PSA verdict does not depend on which file is read first", () => {
  const pod = "apiVersion: v1\nkind: Pod\nmetadata: {name: p, namespace: shop}\nspec:\n  containers: [{name: c, image: c:1}]\n";
  const run = (first: string, second: string) => analyzeFiles([
    { uri: "file:///r/a.yaml", text: first }, { uri: "file:///r/b.yaml", text: second }, { uri: "file:///r/pod.yaml", text: pod },
  ], undefined, [runAsNonRoot]).findings.map((f) => f.message);
  const one = run(ns(restricted), ns(baseline));
  const other = run(ns(baseline), ns(restricted));
  assert.deepEqual(one, other);
  assert.equal(one.length, 1, "judged under restricted, the stricter definition");
});
