// Table tests for model/disruption.ts and model/selectors.ts: the disruption controller's arithmetic and label-selector matching.
import assert from "node:assert/strict";
import { it } from "node:test";
import { alwaysBlocks, disruptionBudgetOf, disruptionsAllowed, needsExpectedScale, scaled, type DisruptionBudget } from "./disruption.js";
import type { KObject } from "./object.js";
import { selectorMatches, toLabelSelector } from "./selectors.js";

const budget = (spec: Record<string, unknown>, apiVersion = "policy/v1"): DisruptionBudget | undefined =>
  disruptionBudgetOf({ apiVersion, kind: "PodDisruptionBudget", name: "b", namespace: "ns", value: { spec }, partial: false } as unknown as KObject);

// disruption.go getExpectedPodCount: GetScaledValueFromIntOrPercent(..., true) for maxUnavailable and minAvailable alike.
const allowed: [string, Record<string, unknown>, number, number | undefined][] = [
  ["minAvailable 50% of 3 keeps 2", { minAvailable: "50%" }, 3, 1],
  ["minAvailable 67% of 3 keeps 3", { minAvailable: "67%" }, 3, 0],
  ["minAvailable 1% of 3 keeps 1", { minAvailable: "1%" }, 3, 2],
  ["maxUnavailable 10% of 3 rounds up to 1", { maxUnavailable: "10%" }, 3, 1],
  ["maxUnavailable 34% of 3 rounds up to 2", { maxUnavailable: "34%" }, 3, 2],
  ["maxUnavailable 0% of 10", { maxUnavailable: "0%" }, 10, 0],
  ["maxUnavailable larger than the pods", { maxUnavailable: 5 }, 2, 2],
  ["integer minAvailable above the pods", { minAvailable: 4 }, 3, 0],
  ["neither field: no default, nothing allowed", {}, 3, 0],
  ["a string that is not a percentage is unreadable", { minAvailable: "2" }, 3, undefined],
  ["a percentage with a space is rejected like the API does", { maxUnavailable: " 50%" }, 3, undefined],
];
for (const [name, spec, pods, expected] of allowed) {
  it(`model/disruption: ${name}`, () => assert.equal(disruptionsAllowed(budget({ ...spec, selector: {} })!, pods), expected));
}

it("model/disruption: scaled rounds up like intstr with roundUp=true", () => {
  assert.deepEqual([scaled("50%", 1), scaled("50%", 5), scaled("100%", 7), scaled(3, 10)], [1, 3, 7, 3]);
});

it("model/disruption: budgets that block whatever the pod count", () => {
  assert.equal(alwaysBlocks(budget({ maxUnavailable: 0 })!), "maxUnavailable: 0");
  assert.equal(alwaysBlocks(budget({ maxUnavailable: "0%" })!), "maxUnavailable: 0%");
  assert.equal(alwaysBlocks(budget({ minAvailable: "100%" })!), "minAvailable: 100%");
  assert.match(alwaysBlocks(budget({})!) ?? "", /^neither minAvailable nor maxUnavailable/);
  assert.equal(alwaysBlocks(budget({ maxUnavailable: "1%" })!), undefined);
  assert.equal(alwaysBlocks(budget({ minAvailable: "99%" })!), undefined);
});

it("model/disruption: only an integer minAvailable counts pods instead of asking the owner's scale", () => {
  assert.deepEqual([{ minAvailable: 1 }, { minAvailable: "50%" }, { maxUnavailable: 1 }].map((s) => needsExpectedScale(budget(s)!)), [false, true, true]);
});

it("model/disruption: selectors — null selects nothing, {} everything (policy/v1), {} nothing (policy/v1beta1)", () => {
  assert.equal(budget({ maxUnavailable: 1 })!.selector, undefined);
  assert.deepEqual(budget({ maxUnavailable: 1, selector: {} })!.selector, {});
  assert.equal(budget({ maxUnavailable: 1, selector: {} }, "policy/v1beta1")!.selector, undefined);
  assert.deepEqual(budget({ maxUnavailable: 1, selector: { matchLabels: { a: "b" } } }, "policy/v1beta1")!.selector, { matchLabels: { a: "b" } });
});

const labels = { app: "web", tier: "front" };
const selections: [string, unknown, boolean][] = [
  ["empty selector selects everything", {}, true],
  ["matchLabels and matchExpressions are ANDed", { matchLabels: { app: "web" }, matchExpressions: [{ key: "tier", operator: "In", values: ["back"] }] }, false],
  ["In", { matchExpressions: [{ key: "tier", operator: "In", values: ["front", "back"] }] }, true],
  ["NotIn on a missing key matches", { matchExpressions: [{ key: "canary", operator: "NotIn", values: ["true"] }] }, true],
  ["NotIn on a present value", { matchExpressions: [{ key: "tier", operator: "NotIn", values: ["front"] }] }, false],
  ["Exists", { matchExpressions: [{ key: "app", operator: "Exists" }] }, true],
  ["DoesNotExist", { matchExpressions: [{ key: "app", operator: "DoesNotExist" }] }, false],
  ["In with no values matches nothing", { matchExpressions: [{ key: "app", operator: "In", values: [] }] }, false],
  ["an unknown operator matches nothing (the API rejects it)", { matchExpressions: [{ key: "app", operator: "Equals", values: ["web"] }] }, false],
  ["every matchLabels entry must match", { matchLabels: { app: "web", tier: "back" } }, false],
];
for (const [name, sel, expected] of selections) {
  it(`model/selectors: ${name}`, () => assert.equal(selectorMatches(toLabelSelector(sel as never)!, labels), expected));
}
