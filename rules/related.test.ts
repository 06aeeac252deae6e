// The engine's related locations: at most MAX_RELATED per finding, the first ones in the rule's order, each placed exactly.
import assert from "node:assert/strict";
import { it } from "node:test";
import { analyzeText, MAX_RELATED } from "./engine.js";

it("engine: a finding relates at most MAX_RELATED places, the first ones the rule names, in its order", () => {
  const workloads = Array.from({ length: MAX_RELATED + 7 }, (_, i) => `apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: w${String(i).padStart(2, "0")}, namespace: shop}\nspec:\n  selector: {matchLabels: {app: w${i}}}\n  template:\n    metadata: {labels: {app: w${i}}}\n    spec: {containers: [{name: c, image: x}]}`);
  const text = ["apiVersion: v1\nkind: Namespace\nmetadata: {name: shop}", ...workloads].join("\n---\n");
  const finding = analyzeText(text).find((f) => f.rule === "network/missing-default-deny");
  assert.ok(finding, "the namespace has no default-deny");
  assert.match(finding.message, new RegExp(`${MAX_RELATED + 7} workloads`));
  const related = finding.related ?? [];
  assert.equal(related.length, MAX_RELATED);
  assert.deepEqual(related.map((r) => r.message), Array.from({ length: MAX_RELATED }, (_, i) => `Deployment "w${String(i).padStart(2, "0")}" runs in namespace "shop"`));
  // Each related place is the workload's metadata.name: document i + 1 starts after the Namespace's 3 lines and i workloads' 8.
  related.forEach((r, i) => assert.deepEqual(r.range, { start: { line: 4 + 9 * i + 2, character: 17 }, end: { line: 4 + 9 * i + 2, character: 20 } }));
});
