// PodDisruptionBudgets as the disruption controller and the eviction API read them: selector, coverage, disruptions allowed.
import { getIn, type KObject } from "./object.js";
import type { ObjectIndex } from "./scope.js";
import { selectorMatches, toLabelSelector, type LabelSelector } from "./selectors.js";
import { groupOf, podSourcesSelectedBy, type PodSource } from "./workloads.js";

const MEMO = "kubeready.model.disruption";


export interface DisruptionBudget {
  readonly object: KObject;
  /** The selector as the disruption controller applies it; undefined when it selects nothing at all. */
  readonly selector: LabelSelector | undefined;
  /** Why it selects nothing, when it does not. */
  readonly selectsNothingBecause?: string;
  readonly minAvailable: number | string | undefined;
  readonly maxUnavailable: number | string | undefined;
}

export function disruptionBudgetOf(o: KObject): DisruptionBudget | undefined {
  if (o.kind !== "PodDisruptionBudget" || groupOf(o.apiVersion) !== "policy" || o.partial) return undefined;
  const raw = getIn(o.value, ["spec", "selector"]);
  const sel = toLabelSelector(raw);
  const intOrString = (v: unknown) => (typeof v === "number" || typeof v === "string" ? v : undefined);
  const minAvailable = intOrString(getIn(o.value, ["spec", "minAvailable"]));
  const maxUnavailable = intOrString(getIn(o.value, ["spec", "maxUnavailable"]));
  if (!sel) return { object: o, selector: undefined, selectsNothingBecause: "it has no selector", minAvailable, maxUnavailable };
  const empty = Object.keys(sel.matchLabels ?? {}).length === 0 && (sel.matchExpressions ?? []).length === 0;
  // policy/v1beta1 converted an empty selector to one that matches nothing; policy/v1 selects every pod of the namespace.
  if (empty && o.apiVersion === "policy/v1beta1") {
    return { object: o, selector: undefined, selectsNothingBecause: "an empty selector selects no pods in policy/v1beta1", minAvailable, maxUnavailable };
  }
  return { object: o, selector: sel, minAvailable, maxUnavailable };
}

export function disruptionBudgetsIn(index: ObjectIndex, namespace: string): readonly DisruptionBudget[] {
  const all = index.derived(`${MEMO}.pdbs`, (ix) => {
    const byNs = new Map<string, DisruptionBudget[]>();
    for (const o of ix.ofKind("PodDisruptionBudget")) {
      const b = disruptionBudgetOf(o);
      if (!b) continue;
      let list = byNs.get(o.namespace);
      if (!list) byNs.set(o.namespace, (list = []));
      list.push(b);
    }
    return byNs;
  });
  return all.get(namespace) ?? [];
}

export function budgetSelects(b: DisruptionBudget, podLabels: Readonly<Record<string, string>>): boolean {
  return b.selector !== undefined && selectorMatches(b.selector, podLabels);
}

/** The budgets that cover a source's pods. */
export function budgetsCovering(index: ObjectIndex, s: PodSource): DisruptionBudget[] {
  return disruptionBudgetsIn(index, s.object.namespace).filter((b) => budgetSelects(b, s.podLabels));
}

/** The pod sources a budget covers. */
export function sourcesCoveredBy(index: ObjectIndex, b: DisruptionBudget): PodSource[] {
  if (!b.selector) return [];
  return podSourcesSelectedBy(index, b.object.namespace, b.selector);
}

/**
 * How many of `expected` pods may be evicted, as the disruption controller computes it: percentages are
 * scaled with rounding up (minAvailable 50% of 3 keeps 2; maxUnavailable 10% of 3 allows 1).
 * Undefined when the budget's numbers are unreadable.
 */
export function disruptionsAllowed(b: DisruptionBudget, expected: number): number | undefined {
  if (b.maxUnavailable !== undefined) {
    const max = scaled(b.maxUnavailable, expected);
    if (max === undefined) return undefined;
    return Math.max(0, Math.min(expected, max));
  }
  if (b.minAvailable !== undefined) {
    const min = scaled(b.minAvailable, expected);
    if (min === undefined) return undefined;
    return Math.max(0, expected - min);
  }
  // Neither set: there is no API default; the controller leaves expectedPods at 0, which allows nothing.
  return 0;
}

/** intstr.GetScaledValueFromIntOrPercent(v, total, roundUp=true). */
export function scaled(v: number | string, total: number): number | undefined {
  if (typeof v === "number") return v;
  // A string that is not a percentage is rejected by the API server.
  const m = /^(\d+)%$/.exec(v);
  if (!m) return undefined;
  return Math.ceil((Number(m[1]) * total) / 100);
}

/**
 * Kinds whose pods the disruption controller cannot count: for maxUnavailable and percentage minAvailable it
 * looks up each pod's controller among ReplicationController, ReplicaSet/Deployment, StatefulSet and anything
 * with a scale subresource (getExpectedScale). A DaemonSet, Job or CronJob has none, so the sync fails
 * ("does not implement the scale subresource") and failSafe sets disruptionsAllowed to 0.
 */
export const UNSCALABLE_POD_OWNERS: readonly string[] = ["DaemonSet", "Job", "CronJob"];

/** Whether the budget needs the controllers' scale (maxUnavailable, or minAvailable as a percentage); an integer minAvailable counts pods. */
export function needsExpectedScale(b: DisruptionBudget): boolean {
  return b.maxUnavailable !== undefined || typeof b.minAvailable === "string";
}

/** A budget that can never allow an eviction, whatever the pod count: maxUnavailable 0 / 0%, minAvailable 100%. */
export function alwaysBlocks(b: DisruptionBudget): string | undefined {
  if (b.maxUnavailable !== undefined) {
    return scaled(b.maxUnavailable, 1_000_000) === 0 ? `maxUnavailable: ${b.maxUnavailable}` : undefined;
  }
  if (typeof b.minAvailable === "string" && scaled(b.minAvailable, 1_000_000) === 1_000_000) return `minAvailable: ${b.minAvailable}`;
  if (b.minAvailable === undefined) return "neither minAvailable nor maxUnavailable (the disruption controller then expects 0 pods and allows no eviction)";
  return undefined;
}

