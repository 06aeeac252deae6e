// Table tests for model/disruption.ts and model/selectors.ts: the disruption controller's arithmetic and label-selector matching.
import assert from "node:assert/strict";
import { it } from "node:test";
import { alwaysBlocks, disruptionBudgetOf, disruptionsAllowed, needsExpectedScale, predictBudgetStatus, scaled, type DisruptionBudget } from "./disruption.js";
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

// predictBudgetStatus: the statuses the disruption controller of Kubernetes v1.37 wrote in the real-cluster suite
// (test/real-cluster/suite.real.ts), over the same shapes of pods and controllers.
{
  const owner = (kind: string, name: string, apiVersion = "apps/v1") => [{ apiVersion, kind, name, uid: `uid-${name}`, controller: true }];
  const obj = (apiVersion: string, kind: string, name: string, extra: Record<string, unknown> = {}) =>
    ({ apiVersion, kind, ...extra, metadata: { name, namespace: "ns", uid: `uid-${name}`, ...((extra.metadata as object) ?? {}) } });
  const podOf = (name: string, app: string, ready: boolean, ownerReferences?: unknown[], more: Record<string, unknown> = {}) => obj("v1", "Pod", name, {
    metadata: { labels: { app }, ...(ownerReferences ? { ownerReferences } : {}), ...more },
    status: { conditions: [{ type: "Ready", status: ready ? "True" : "False" }] },
  });
  const objects = [
    obj("apps/v1", "Deployment", "web", { spec: { replicas: 3 } }),
    obj("apps/v1", "ReplicaSet", "web-1", { metadata: { ownerReferences: owner("Deployment", "web") }, spec: { replicas: 3 } }),
    obj("apps/v1", "StatefulSet", "db", { spec: { replicas: 2 } }),
    obj("apps/v1", "DaemonSet", "agent", { spec: {} }),
    podOf("web-a", "web", true, owner("ReplicaSet", "web-1")), podOf("web-b", "web", true, owner("ReplicaSet", "web-1")), podOf("web-c", "web", false, owner("ReplicaSet", "web-1")),
    podOf("db-0", "db", true, owner("StatefulSet", "db")), podOf("db-1", "db", false, owner("StatefulSet", "db")),
    podOf("agent-0", "agent", true, owner("DaemonSet", "agent")), podOf("agent-1", "agent", true, owner("DaemonSet", "agent")),
    podOf("bare0", "bare", true), podOf("bare1", "bare", true), podOf("bare2", "bare", true), podOf("bare3", "bare", false),
    podOf("gone", "orphan", true, owner("ReplicaSet", "deleted-rs")),
    podOf("leaving", "leaving", true, undefined, { deletionTimestamp: "2026-01-01T00:00:00Z" }),
  ];
  const predict = (app: string | undefined, spec: Record<string, unknown>) => {
    const selector = app === undefined ? {} : { matchLabels: { app } };
    const p = predictBudgetStatus(budget({ selector, ...spec })!, objects);
    return p === undefined ? "none" : p.synced ? [p.status.expectedPods, p.status.desiredHealthy, p.status.currentHealthy, p.status.disruptionsAllowed] : `failSafe: ${p.reason}`;
  };
  const cases: [string, string | undefined, Record<string, unknown>, unknown][] = [
    // [name, app, spec, [expectedPods, desiredHealthy, currentHealthy, disruptionsAllowed] or failSafe]
    ["integer minAvailable counts the selected pods", "web", { minAvailable: 2 }, [3, 2, 2, 0]],
    ["a percentage takes the Deployment's replicas, through its ReplicaSet", "web", { minAvailable: "50%" }, [3, 2, 2, 0]],
    ["maxUnavailable 34% of 3 rounds up to 2", "web", { maxUnavailable: "34%" }, [3, 1, 2, 1]],
    ["maxUnavailable 0", "web", { maxUnavailable: 0 }, [3, 3, 2, 0]],
    ["neither field: nothing expected, healthy pods still counted", "web", {}, [0, 0, 2, 0]],
    ["bare pods under an integer minAvailable", "bare", { minAvailable: 2 }, [4, 2, 3, 1]],
    ["bare pods under maxUnavailable: left out of the scale, not an error", "bare", { maxUnavailable: 1 }, [0, 0, 3, 0]],
    ["bare pods under a percentage", "bare", { minAvailable: "100%" }, [0, 0, 3, 0]],
    ["a StatefulSet's replicas", "db", { maxUnavailable: 1 }, [2, 1, 1, 0]],
    ["a DaemonSet's pods under an integer minAvailable", "agent", { minAvailable: 1 }, [2, 1, 2, 1]],
    ["a DaemonSet's pods under maxUnavailable fail the sync", "agent", { maxUnavailable: 1 }, "failSafe: daemonsets.apps does not implement the scale subresource"],
    ["a pod whose controller is gone fails the sync", "orphan", { maxUnavailable: 1 }, 'failSafe: found no controllers for pod "gone"'],
    ["a pod being deleted is not healthy", "leaving", { minAvailable: 1 }, [1, 1, 0, 0]],
    ["an empty selector selects every pod of the namespace", undefined, { minAvailable: 5 }, [13, 5, 9, 4]],
    ["a selector that matches nothing", "none", { minAvailable: 1 }, [0, 1, 0, 0]],
  ];
  for (const [name, app, spec, expected] of cases) {
    it(`model/disruption: predicted status: ${name}`, () => assert.deepEqual(predict(app, spec), expected));
  }
  it("model/disruption: predicted status: a recently evicted pod is not healthy for 2 minutes", () => {
    const now = Date.parse("2026-06-01T12:00:00Z");
    const b = disruptionBudgetOf({ apiVersion: "policy/v1", kind: "PodDisruptionBudget", name: "b", namespace: "ns", partial: false,
      value: { spec: { selector: { matchLabels: { app: "bare" } }, minAvailable: 1 }, status: { disruptedPods: { bare0: "2026-06-01T11:59:00Z", bare1: "2026-06-01T11:50:00Z" } } } } as unknown as KObject)!;
    const p = predictBudgetStatus(b, objects, now);
    assert.ok(p?.synced);
    assert.equal(p.status.currentHealthy, 2);
  });
  it("model/disruption: predicted status: a controller of another kind is the cluster's to say", () => {
    const custom = [...objects, podOf("c-0", "custom", true, owner("Rollout", "r", "argoproj.io/v1alpha1"))];
    assert.equal(predictBudgetStatus(budget({ selector: { matchLabels: { app: "custom" } }, maxUnavailable: 1 })!, custom), undefined);
  });
}
