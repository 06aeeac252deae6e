// Autoscalers (HPA, KEDA ScaledObject): what they scale, their floor, and the cpu/memory metrics they measure.
import { deployedTogether } from "./units.js";
import { asArray, asObject, getIn, type KObject } from "./object.js";
import type { Path } from "./position.js";
import type { ObjectIndex } from "./scope.js";
import { groupOf, type PodSource } from "./workloads.js";
import { isSubstituted } from "./substitution.js";

const MEMO = "kubeready.model.autoscaling";


export interface ResourceMetric {
  resource: string;
  /** Utilization is measured against requests; AverageValue is an absolute amount. */
  utilization: boolean;
  /** Only this container counts (ContainerResource metrics). */
  container?: string;
  /** Where the metric is written; for the implicit default, the HPA's spec. */
  path: Path;
  implicit: boolean;
}

/**
 * The resource metrics of an HPA, including the API default of 80% CPU utilization when it names none; for a KEDA
 * ScaledObject, its `cpu` and `memory` triggers (which become Resource or ContainerResource metrics of the HPA KEDA
 * creates; `metricType`, or the deprecated `metadata.type`, says Utilization or AverageValue).
 */
export function resourceMetricsOf(hpa: KObject): ResourceMetric[] {
  if (hpa.kind === "ScaledObject") {
    const out: ResourceMetric[] = [];
    asArray(getIn(hpa.value, ["spec", "triggers"])).forEach((t, i) => {
      const trigger = asObject(t);
      if (!trigger || (trigger.type !== "cpu" && trigger.type !== "memory")) return;
      const metadata = asObject(trigger.metadata) ?? {};
      const type = trigger.metricType ?? metadata.type;
      const container = typeof metadata.containerName === "string" && metadata.containerName !== "" ? metadata.containerName : undefined;
      out.push({ resource: String(trigger.type), utilization: type === "Utilization", container, path: ["spec", "triggers", i, "type"], implicit: false });
    });
    return out;
  }
  if (hpa.apiVersion === "autoscaling/v1") {
    const written = getIn(hpa.value, ["spec", "targetCPUUtilizationPercentage"]) !== undefined;
    return [{ resource: "cpu", utilization: true, path: written ? ["spec", "targetCPUUtilizationPercentage"] : ["spec"], implicit: !written }];
  }
  const metrics = asArray(getIn(hpa.value, ["spec", "metrics"]));
  if (metrics.length === 0) return [{ resource: "cpu", utilization: true, path: ["spec"], implicit: true }];
  const out: ResourceMetric[] = [];
  metrics.forEach((m, i) => {
    const type = getIn(m, ["type"]);
    const field = type === "Resource" ? "resource" : type === "ContainerResource" ? "containerResource" : undefined;
    if (!field) return;
    const r = asObject(getIn(m, [field]));
    if (!r || typeof r.name !== "string") return;
    const target = asObject(r.target);
    // v2beta1 wrote targetAverageUtilization / targetAverageValue instead of target.
    const utilization = target ? target.type === "Utilization" : r.targetAverageUtilization !== undefined;
    out.push({
      resource: r.name, utilization,
      container: field === "containerResource" && typeof r.container === "string" ? r.container : undefined,
      path: ["spec", "metrics", i, field, "name"], implicit: false,
    });
  });
  return out;
}


/** An HPA (or a KEDA ScaledObject, which creates one) and the workload it scales. */
export interface Autoscaler {
  readonly object: KObject;
  readonly target: { apiVersion: string; kind: string; name: string };
  readonly minReplicas: number;
  readonly maxReplicas: number | undefined;
  /** Path of the minReplicas field (written or not). */
  readonly minReplicasPath: readonly string[];
}

export function autoscalerOf(o: KObject): Autoscaler | undefined {
  if (o.partial) return undefined;
  const group = groupOf(o.apiVersion);
  if (o.kind === "HorizontalPodAutoscaler" && group === "autoscaling") {
    const ref = asObject(getIn(o.value, ["spec", "scaleTargetRef"]));
    if (!ref) return undefined;
    const min = getIn(o.value, ["spec", "minReplicas"]);
    const max = getIn(o.value, ["spec", "maxReplicas"]);
    return {
      object: o,
      target: { apiVersion: String(ref.apiVersion ?? ""), kind: String(ref.kind ?? ""), name: String(ref.name ?? "") },
      // minReplicas defaults to 1 (HPAScaleToZero lets it be 0 when written); a placeholder (`${MIN}`) is unknown: NaN
      // compares false with every bound, and minimumPods says undefined.
      minReplicas: typeof min === "number" ? min : isSubstituted(min) ? Number.NaN : 1,
      maxReplicas: typeof max === "number" ? max : undefined,
      minReplicasPath: ["spec", "minReplicas"],
    };
  }
  if (o.kind === "ScaledObject" && group === "keda.sh") {
    const ref = asObject(getIn(o.value, ["spec", "scaleTargetRef"]));
    if (!ref) return undefined;
    const min = getIn(o.value, ["spec", "minReplicaCount"]);
    const max = getIn(o.value, ["spec", "maxReplicaCount"]);
    return {
      object: o,
      // KEDA's defaults: apps/v1 Deployment, 0 to 100 replicas.
      target: { apiVersion: String(ref.apiVersion ?? "apps/v1"), kind: String(ref.kind ?? "Deployment"), name: String(ref.name ?? "") },
      minReplicas: typeof min === "number" ? min : isSubstituted(min) ? Number.NaN : 0,
      maxReplicas: typeof max === "number" ? max : 100,
      minReplicasPath: ["spec", "minReplicaCount"],
    };
  }
  return undefined;
}

function sameGroup(a: string, b: string): boolean {
  const ga = groupOf(a), gb = groupOf(b);
  const norm = (g: string) => (g === "extensions" ? "apps" : g);
  // scaleTargetRef.apiVersion is optional in practice for built-in kinds; an empty one matches by kind and name.
  return !a || norm(ga) === norm(gb);
}

/** Autoscalers of a namespace, computed once per index version. */
export function autoscalersIn(index: ObjectIndex, namespace: string): readonly Autoscaler[] {
  const all = index.derived(`${MEMO}.autoscalers`, (ix) => {
    const byNs = new Map<string, Autoscaler[]>();
    for (const kind of ["HorizontalPodAutoscaler", "ScaledObject"]) {
      for (const o of ix.ofKind(kind)) {
        const a = autoscalerOf(o);
        if (!a) continue;
        let list = byNs.get(o.namespace);
        if (!list) byNs.set(o.namespace, (list = []));
        list.push(a);
      }
    }
    return byNs;
  });
  return all.get(namespace) ?? [];
}

/** The autoscalers that scale this workload: those whose target, resolved as autoscalerTargets does, includes this object. */
export function autoscalersOf(index: ObjectIndex, o: KObject): Autoscaler[] {
  return autoscalersIn(index, o.namespace).filter((a) => a.target.kind === o.kind && a.target.name === o.name && autoscalerTargets(index, a).includes(o));
}

/** Whether an object the autoscaler names exists in its namespace anywhere in scope (deployed with it or not). */
export function autoscalerTargetNamed(index: ObjectIndex, a: Autoscaler): boolean {
  return index.inNamespace(a.target.kind, a.object.namespace).some((o) => o.name === a.target.name && sameGroup(a.target.apiVersion, o.apiVersion));
}

/** The object an autoscaler scales, if it is in scope (the first of autoscalerTargets). */
export function autoscalerTarget(index: ObjectIndex, a: Autoscaler): KObject | undefined {
  return autoscalerTargets(index, a)[0];
}

/**
 * The objects in scope an autoscaler may scale. A repository often holds several variants of one object
 * (install.yaml and ha/install.yaml, test data beside samples); in the cluster only one of them exists, and the
 * one applied with the autoscaler is one written nearest to it (the longest shared folder path). Variants
 * equally near (manifests/ and complete-demo.yaml beside an autoscaling/ folder) are all candidates.
 */
export function autoscalerTargets(index: ObjectIndex, a: Autoscaler): KObject[] {
  // Only a workload deployed with the autoscaler is its target (not another example's that shares an assumed namespace).
  const named = index.inNamespace(a.target.kind, a.object.namespace).filter((o) => o.name === a.target.name && sameGroup(a.target.apiVersion, o.apiVersion) && deployedTogether(o, a.object));
  // A kustomize patch beside the autoscaler is not a variant of the workload, only a change to it.
  const whole = named.filter((o) => !o.partial);
  const candidates = whole.length ? whole : named;
  if (candidates.length <= 1) return candidates;
  const depth = candidates.map((c) => sharedFolderDepth(c.uri, a.object.uri));
  const best = Math.max(...depth);
  return candidates.filter((_, i) => depth[i] === best);
}

/** How many leading folders two file URIs share (a file is in its own folder: same file, same folder). */
function sharedFolderDepth(a: string, b: string): number {
  const da = a.split("/").slice(0, -1), db = b.split("/").slice(0, -1);
  let n = 0;
  while (n < da.length && n < db.length && da[n] === db[n]) n++;
  return a === b ? n + 1 : n;
}

/** The fewest pods a source runs: the autoscaler's minimum when one manages it, else its spec. */
export function minimumPods(index: ObjectIndex, s: PodSource): { count: number | undefined; autoscaler?: Autoscaler } {
  const a = autoscalersOf(index, s.object)[0];
  if (a) return { count: Number.isNaN(a.minReplicas) ? undefined : a.minReplicas, autoscaler: a };
  return { count: s.replicas };
}

