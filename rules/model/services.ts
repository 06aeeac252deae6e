// Services as the API server reads them (selector, ports), and which pods of the scope they send traffic to.
import type { ObjectIndex } from "./scope.js";
import { asArray, asObject, getIn, stringMap, type KObject } from "./object.js";
import { containersOf } from "./podspec.js";
import type { Path } from "./position.js";
import { firstRequiredPair, labelPair, mapSelectorMatches } from "./selectors.js";
import { groupOf, podSourceCandidates, type PodSource } from "./workloads.js";

export interface ServicePort {
  name?: string;
  port?: number;
  /** A number, a container port name, or undefined (then it equals `port`). */
  targetPort?: number | string;
  path: Path;
}

export interface ServiceInfo {
  object: KObject;
  type: string;
  /** `spec.selector`; undefined or empty when the Service has none (Endpoints are managed by hand or by a controller). */
  selector: Readonly<Record<string, string>> | undefined;
  ports: readonly ServicePort[];
}

export function serviceOf(o: KObject): ServiceInfo | undefined {
  if (o.kind !== "Service" || o.apiVersion !== "v1" || o.partial) return undefined;
  const type = typeof getIn(o.value, ["spec", "type"]) === "string" ? (getIn(o.value, ["spec", "type"]) as string) : "ClusterIP";
  const rawSelector = asObject(getIn(o.value, ["spec", "selector"]));
  const selector = rawSelector ? stringMap(rawSelector) : undefined;
  const ports: ServicePort[] = [];
  asArray(getIn(o.value, ["spec", "ports"])).forEach((p, i) => {
    const v = asObject(p);
    if (!v) return;
    const tp = v.targetPort;
    ports.push({
      name: typeof v.name === "string" ? v.name : undefined,
      port: typeof v.port === "number" ? v.port : undefined,
      targetPort: typeof tp === "number" || (typeof tp === "string" && tp !== "") ? (/^\d+$/.test(String(tp)) ? Number(tp) : (tp as string)) : undefined,
      path: ["spec", "ports", i],
    });
  });
  return { object: o, type, selector, ports };
}

/** The pod sources of the Service's namespace whose pod labels its selector selects (none for a selector-less Service). */
export function podSourcesOfService(index: ObjectIndex, s: ServiceInfo): PodSource[] {
  const sel = s.selector;
  if (!sel || Object.keys(sel).length === 0) return [];
  return podSourceCandidates(index, s.object.namespace, firstRequiredPair(sel)).filter((p) => mapSelectorMatches(sel, p.podLabels));
}

/**
 * The `spec.selector` maps (as stringMap reads them) of every object of kind Service in a namespace, by their first
 * pair (`labelPair`); selector-less Services are left out, since they select no pods.
 */
function serviceSelectorsIn(index: ObjectIndex, namespace: string): ReadonlyMap<string, readonly Readonly<Record<string, string>>[]> {
  return index.derived(`kubeready.model.services.selectors|${namespace}`, (ix) => {
    const byPair = new Map<string, Record<string, string>[]>();
    for (const svc of ix.inNamespace("Service", namespace)) {
      const sel = stringMap(getIn(svc.value, ["spec", "selector"]));
      const pair = firstRequiredPair(sel);
      if (pair === undefined) continue;
      const list = byPair.get(pair);
      if (list) list.push(sel); else byPair.set(pair, [sel]);
    }
    return byPair;
  });
}

/**
 * Whether an object of kind Service in the namespace selects pods with these labels (its `spec.selector`, a map, is
 * part of them). Only the Services whose selector's first pair the labels carry are tried.
 */
export function anyServiceSelects(index: ObjectIndex, namespace: string, podLabels: Readonly<Record<string, string>>): boolean {
  const byPair = serviceSelectorsIn(index, namespace);
  if (byPair.size === 0) return false;
  for (const k in podLabels) {
    const v: unknown = podLabels[k];
    if (!Object.prototype.hasOwnProperty.call(podLabels, k) || typeof v !== "string") continue;
    const candidates = byPair.get(labelPair(k, v));
    if (candidates) for (const sel of candidates) if (mapSelectorMatches(sel, podLabels)) return true;
  }
  return false;
}

/** Every container port name the pods of a source declare; undefined when the source has no readable template. */
export function containerPortNames(source: PodSource): ReadonlySet<string> | undefined {
  if (!source.template) return undefined;
  const names = new Set<string>();
  for (const c of containersOf(source.template, ["initContainers", "containers"])) {
    for (const p of asArray(c.value.ports)) { const n = getIn(p, ["name"]); if (typeof n === "string") names.add(n); }
  }
  return names;
}

/** A Service's own labels as deployed: `metadata.labels` plus what the kustomize builds deploying it add (`commonLabels`, `labels`). */
export function serviceLabels(s: ServiceInfo): Readonly<Record<string, string>> {
  const own = stringMap(getIn(s.object.value, ["metadata", "labels"]));
  const fromBuilds = s.object.builds.reduce<Record<string, string>>((acc, b) => (b.templateLabels ? { ...acc, ...b.templateLabels } : acc), {});
  return { ...own, ...fromBuilds };
}

/**
 * Pairs of kustomize `labels:` entries that label only metadata (no includeTemplates/includeSelectors): they land on
 * the Services of the builds too, but the deploy contexts do not record them. Rules that match Service labels treat them
 * as possibly present (so a missing pair is never reported as a mismatch).
 */
export function metadataOnlyLabels(index: ObjectIndex): Readonly<Record<string, string>> {
  return index.derived("kubeready.model.services.metadataLabels", (ix) => {
    const out: Record<string, string> = {};
    for (const k of [...ix.ofKind("Kustomization"), ...ix.ofKind("Component")]) {
      if (!k.apiVersion.startsWith("kustomize.config.k8s.io/")) continue;
      for (const entry of asArray(getIn(k.value, ["labels"]))) {
        if (getIn(entry, ["includeTemplates"]) === true || getIn(entry, ["includeSelectors"]) === true) continue;
        Object.assign(out, stringMap(getIn(entry, ["pairs"])));
      }
    }
    return out;
  }, (a, b) => JSON.stringify(a) === JSON.stringify(b));
}

/** Operators name the Services they make after their resource (`<name>-kafka-bootstrap`, `<name>-rw`). */
export function madeByOperator(objects: readonly KObject[], service: string): boolean {
  return objects.some((x) => {
    const g = groupOf(x.apiVersion);
    if (g === "" || g === "apps" || g === "batch" || g === "policy" || g.endsWith(".k8s.io") || g.startsWith("kustomize.")) return false;
    return service === x.name || service.startsWith(`${x.name}-`);
  });
}
