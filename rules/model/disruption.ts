// PodDisruptionBudgets as the disruption controller and the eviction API read them: selector, coverage, disruptions allowed.
import { asArray, asObject, getIn, stringMap, type KObject } from "./object.js";
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


/** The counts the disruption controller writes into a budget's status. */
export interface BudgetStatus {
  readonly expectedPods: number;
  readonly desiredHealthy: number;
  readonly currentHealthy: number;
  readonly disruptionsAllowed: number;
}

/**
 * What the disruption controller will write for a budget: the counts of a sync, or a failed sync (failSafe), which
 * sets disruptionsAllowed to 0, leaves the other counts as they were and sets the DisruptionAllowed condition to
 * False with reason SyncFailed.
 */
export type PredictedBudgetStatus =
  | { readonly synced: true; readonly status: BudgetStatus; readonly unmanagedPods: readonly string[] }
  | { readonly synced: false; readonly reason: string };

/** How long an evicted pod stays out of currentHealthy while it is expected to be deleted (disruption.DeletionTimeout). */
const DISRUPTED_POD_TIMEOUT_MS = 2 * 60 * 1000;

const groupOfApiVersion = (apiVersion: unknown) => (typeof apiVersion === "string" && apiVersion.includes("/") ? apiVersion.split("/")[0]! : "");

function controllerRefOf(value: unknown): { apiVersion: string; kind: string; name: string; uid: string } | undefined {
  const ref = asArray(getIn(value, ["metadata", "ownerReferences"])).map(asObject).find((r) => r?.controller === true);
  if (!ref || typeof ref.kind !== "string" || typeof ref.name !== "string") return undefined;
  return { apiVersion: String(ref.apiVersion ?? ""), kind: ref.kind, name: ref.name, uid: String(ref.uid ?? "") };
}

function isPodReady(pod: unknown): boolean {
  return asArray(getIn(pod, ["status", "conditions"])).some((c) => getIn(c, ["type"]) === "Ready" && getIn(c, ["status"]) === "True");
}

/**
 * Predicts the status the disruption controller (kube-controller-manager, pkg/controller/disruption: trySync,
 * getExpectedPodCount, getExpectedScale, countHealthyPods, updatePdbStatus) writes for a live budget, from the
 * live objects of the budget's namespace (plain JSON: its Pods and the ReplicaSets, Deployments, StatefulSets,
 * ReplicationControllers, DaemonSets and Jobs that own them).
 *
 * - An integer minAvailable counts the selected pods; maxUnavailable and a percentage take the sum of the pods'
 *   controllers' replicas (a Deployment's ReplicaSets count as the Deployment), scaled with rounding up.
 * - A pod without a controller is left out of that sum (since Kubernetes 1.26 an UnmanagedPods event, not an
 *   error); a controller without a scale subresource (DaemonSet, Job) or one that is gone fails the sync.
 * - currentHealthy counts Ready pods that are not being deleted and not recently evicted (status.disruptedPods).
 * - disruptionsAllowed is currentHealthy - desiredHealthy, and 0 when that is negative or no pod is expected.
 *
 * Undefined when the budget selects nothing or a pod's controller is a kind whose scale is not known here
 * (a custom resource with a scale subresource).
 */
export function predictBudgetStatus(b: DisruptionBudget, namespaceObjects: readonly unknown[], now = Date.now()): PredictedBudgetStatus | undefined {
  if (!b.selector) return undefined;
  const kindOf = (o: unknown) => getIn(o, ["kind"]);
  const pods = namespaceObjects.filter((o) => kindOf(o) === "Pod" && budgetSelects(b, stringMap(getIn(o, ["metadata", "labels"]))));
  const find = (kind: string, groups: readonly string[], name: string, uid: string) =>
    namespaceObjects.find((o) => kindOf(o) === kind && groups.includes(groupOfApiVersion(getIn(o, ["apiVersion"]))) &&
      getIn(o, ["metadata", "name"]) === name && (uid === "" || getIn(o, ["metadata", "uid"]) === uid));
  const replicasOf = (o: unknown) => {
    const r = getIn(o, ["spec", "replicas"]);
    return typeof r === "number" ? r : 1; // the API server defaults replicas to 1
  };
  const uidOf = (o: unknown) => String(getIn(o, ["metadata", "uid"]) ?? getIn(o, ["metadata", "name"]));

  const expectedScale = (): { count: number; unmanaged: string[] } | { error: string } | undefined => {
    const scales = new Map<string, number>();
    const unmanaged: string[] = [];
    for (const pod of pods) {
      const podName = String(getIn(pod, ["metadata", "name"]));
      const ref = controllerRefOf(pod);
      if (!ref) {
        unmanaged.push(podName);
        continue;
      }
      const group = groupOfApiVersion(ref.apiVersion);
      let found: { uid: string; scale: number } | undefined;
      if (ref.kind === "ReplicationController" && group === "") {
        const rc = find("ReplicationController", [""], ref.name, ref.uid);
        if (rc) found = { uid: uidOf(rc), scale: replicasOf(rc) };
      } else if (ref.kind === "ReplicaSet" && (group === "apps" || group === "extensions")) {
        const rs = find("ReplicaSet", ["apps", "extensions"], ref.name, ref.uid);
        if (rs) {
          const owner = controllerRefOf(rs);
          const deployment = owner?.kind === "Deployment" ? find("Deployment", ["apps", "extensions"], owner.name, owner.uid) : undefined;
          // A ReplicaSet whose Deployment is gone is found through its own scale subresource.
          found = deployment ? { uid: uidOf(deployment), scale: replicasOf(deployment) } : { uid: uidOf(rs), scale: replicasOf(rs) };
        }
      } else if (ref.kind === "StatefulSet" && group === "apps") {
        const ss = find("StatefulSet", ["apps"], ref.name, ref.uid);
        if (ss) found = { uid: uidOf(ss), scale: replicasOf(ss) };
      } else if (ref.kind === "Deployment" && group === "apps") {
        const d = find("Deployment", ["apps"], ref.name, ref.uid);
        if (d) found = { uid: uidOf(d), scale: replicasOf(d) };
      } else if (UNSCALABLE_POD_OWNERS.includes(ref.kind) && (group === "apps" || group === "batch")) {
        const plural = `${ref.kind.toLowerCase()}s`;
        return { error: `${plural}.${group} does not implement the scale subresource` };
      } else {
        return undefined; // another kind: whether it has a scale subresource is the cluster's to say
      }
      if (!found) return { error: `found no controllers for pod "${podName}"` };
      scales.set(found.uid, found.scale);
    }
    return { count: [...scales.values()].reduce((a, n) => a + n, 0), unmanaged };
  };

  let expectedPods = 0;
  let desiredHealthy = 0;
  let unmanagedPods: string[] = [];
  if (b.maxUnavailable !== undefined || typeof b.minAvailable === "string") {
    const scale = expectedScale();
    if (scale === undefined) return undefined;
    if ("error" in scale) return { synced: false, reason: scale.error };
    expectedPods = scale.count;
    unmanagedPods = scale.unmanaged;
    const field = b.maxUnavailable !== undefined ? b.maxUnavailable : b.minAvailable!;
    const value = scaled(field, expectedPods);
    if (value === undefined) return { synced: false, reason: `invalid value for IntOrString: ${String(field)}` };
    desiredHealthy = b.maxUnavailable !== undefined ? Math.max(0, expectedPods - value) : value;
  } else if (typeof b.minAvailable === "number") {
    desiredHealthy = b.minAvailable;
    expectedPods = pods.length;
  }

  const disrupted = asObject(getIn(b.object.value, ["status", "disruptedPods"])) ?? {};
  let currentHealthy = 0;
  for (const pod of pods) {
    if (getIn(pod, ["metadata", "deletionTimestamp"]) !== undefined) continue;
    const name = String(getIn(pod, ["metadata", "name"]));
    const evictedAt = disrupted[name];
    if (typeof evictedAt === "string" && Date.parse(evictedAt) + DISRUPTED_POD_TIMEOUT_MS > now) continue;
    if (isPodReady(pod)) currentHealthy++;
  }
  const difference = currentHealthy - desiredHealthy;
  const disruptionsAllowed = expectedPods <= 0 || difference <= 0 ? 0 : difference;
  return { synced: true, status: { expectedPods, desiredHealthy, currentHealthy, disruptionsAllowed }, unmanagedPods };
}
