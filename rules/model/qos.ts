// Pod QoS class exactly as Kubernetes computes it (pkg/apis/core/helper/qos ComputePodQOS), after API defaulting.
import { asObject, type Json, type JsonObject } from "./object.js";
import { containersOf, type ContainerRef, type PodTemplate } from "./podspec.js";
import type { Path } from "./position.js";
import { quantityOf, type Quantity } from "./quantity.js";

export type QosClass = "Guaranteed" | "Burstable" | "BestEffort";
/** Only CPU and memory decide the QoS class. */
export const QOS_RESOURCES = ["cpu", "memory"] as const;
export type QosResource = (typeof QOS_RESOURCES)[number];

/** How one resource of one container (or of the pod-level resources) stands with respect to Guaranteed. */
export interface ResourceStanding {
  resource: QosResource;
  /** The request as the API server stores it: the written request, else the limit (defaulting). */
  request: Quantity | undefined;
  requestWritten: boolean;
  limit: Quantity | undefined;
  /** Raw YAML values, for messages and fixes. */
  requestValue: Json | undefined;
  limitValue: Json | undefined;
  /** Guaranteed needs a positive limit and a request equal to it. */
  guaranteed: boolean;
}

/** Where resources are declared: one container, or the pod-level `spec.resources`. */
export interface ResourceOwner {
  /** Container name, or undefined for the pod-level resources. */
  container?: ContainerRef;
  /** Path of the `resources` field. */
  resourcesPath: Path;
  /** How messages name the owner when it is neither a container nor the pod (an operator resource's `spec.resources`). */
  label?: string;
  /** Not written in the object (an operator's own container with its defaults): counts for the class, is never reported. */
  implicit?: boolean;
  standings: ResourceStanding[];
}

export interface QosResult {
  qos: QosClass;
  /** Pod-level resources decide the class (PodLevelResources, beta and on by default since v1.34). */
  podLevel: boolean;
  owners: ResourceOwner[];
}

function resourceList(resources: JsonObject | undefined, field: "requests" | "limits"): JsonObject {
  return asObject(resources?.[field]) ?? {};
}

/** Reads one resources block as the API server would store it: requests default to limits, key by key. */
export function standingsOf(resources: JsonObject | undefined): ResourceStanding[] {
  const requests = resourceList(resources, "requests");
  const limits = resourceList(resources, "limits");
  return QOS_RESOURCES.map((resource) => {
    const limitValue = limits[resource];
    const writtenRequest = requests[resource];
    const requestWritten = writtenRequest !== undefined && writtenRequest !== null;
    const requestValue = requestWritten ? writtenRequest : limitValue;
    const limit = positive(quantityOf(limitValue));
    const request = positive(quantityOf(requestValue));
    return {
      resource, request, requestWritten, limit, requestValue, limitValue,
      guaranteed: limit !== undefined && request !== undefined && request.nanos === limit.nanos,
    };
  });
}

/** Zero quantities are ignored by ComputePodQOS (`quantity.Cmp(zero) == 1`). */
function positive(q: Quantity | undefined): Quantity | undefined {
  return q && q.nanos > 0n ? q : undefined;
}

/** Whether `spec.resources` names a pod-level resource (isPodLevelResourcesSet). */
function podLevelResourcesSet(spec: JsonObject): boolean {
  const r = asObject(spec.resources);
  if (!r) return false;
  const names = [...Object.keys(resourceList(r, "requests")), ...Object.keys(resourceList(r, "limits"))];
  return names.some((n) => n === "cpu" || n === "memory" || n.startsWith("hugepages-"));
}

/**
 * Pod-level resources after SetDefaults_Pod (pkg/apis/core/v1/defaults.go, PodLevelResources):
 * defaultPodRequests — when pod-level limits are set, a missing pod request becomes the containers' effective
 * request if any container requests that resource, else the pod limit; defaultPodLimits — when no pod-level limit
 * is set but requests are, a missing pod limit becomes the containers' effective limit if every container has one.
 */
function podLevelStandings(t: PodTemplate): ResourceStanding[] {
  const resources = asObject(t.spec.resources);
  const podRequests = resourceList(resources, "requests");
  const podLimits = resourceList(resources, "limits");
  const containers = containersOf(t, ["containers", "initContainers"]).map((c) => asObject(c.value.resources));
  const written = standingsOf(resources);
  const limitsSet = Object.keys(podLimits).length > 0;
  return written.map((s) => {
    let { request, limit, requestValue, limitValue } = s;
    if (!s.requestWritten && limitsSet) {
      const aggregate = effectiveContainerTotal(t, "requests", s.resource);
      if (aggregate !== undefined) { request = positiveNanos(aggregate); requestValue = nanosText(s.resource, aggregate); }
    }
    if (!limitsSet && Object.keys(podRequests).length > 0 && containers.length > 0) {
      const allLimited = containers.every((r) => quantityOf(resourceList(r, "limits")[s.resource]) !== undefined);
      const aggregate = allLimited ? effectiveContainerTotal(t, "limits", s.resource) : undefined;
      // Defaulted limits are not written anywhere: no limitValue, so a fix writes the limit instead of copying it.
      if (aggregate !== undefined) { limit = positiveNanos(aggregate); limitValue = undefined; }
    }
    return { ...s, request, limit, requestValue, limitValue, guaranteed: limit !== undefined && request !== undefined && request.nanos === limit.nanos };
  });
}

/**
 * resourcehelper.AggregateContainerRequests/Limits for one resource: regular containers and sidecars add up, a
 * plain init container needs its own amount plus the sidecars started before it; the larger wins. Requests
 * default to limits per container first. Undefined when no container names the resource.
 */
function effectiveContainerTotal(t: PodTemplate, field: "requests" | "limits", resource: QosResource): bigint | undefined {
  let named = false;
  const amount = (c: ContainerRef): bigint => {
    const r = asObject(c.value.resources);
    const v = resourceList(r, field)[resource] ?? (field === "requests" ? resourceList(r, "limits")[resource] : undefined);
    const q = quantityOf(v);
    if (q) named = true;
    return q ? q.nanos : 0n;
  };
  let sum = 0n;
  for (const c of containersOf(t, ["containers"])) sum += amount(c);
  let sidecars = 0n, initMax = 0n;
  for (const c of containersOf(t, ["initContainers"])) {
    if (c.sidecar) { sidecars += amount(c); sum += amount(c); }
    else { const need = amount(c) + sidecars; if (need > initMax) initMax = need; }
  }
  if (!named) return undefined;
  return sum > initMax ? sum : initMax;
}

function positiveNanos(n: bigint): Quantity | undefined {
  return n > 0n ? { ok: true, nanos: n, text: "", suffix: "" } : undefined;
}

/** A defaulted amount rendered for messages: millicores for cpu, bytes for memory. */
function nanosText(resource: QosResource, n: bigint): string {
  if (resource === "cpu") return n % 1_000_000n === 0n ? `${n / 1_000_000n}m` : `${n}n`;
  return n % 1_000_000_000n === 0n ? `${n / 1_000_000_000n}` : `${n}n`;
}

/** The QoS class of a pod template, with the per-container standings that explain it. */
export function qosOf(t: PodTemplate): QosResult {
  const owners: ResourceOwner[] = [];
  const podLevel = podLevelResourcesSet(t.spec);
  if (podLevel) {
    owners.push({ resourcesPath: [...t.specPath, "resources"], standings: podLevelStandings(t) });
  } else {
    // Ephemeral containers cannot declare resources and do not count; init containers (sidecars or not) do.
    for (const c of containersOf(t, ["containers", "initContainers"])) {
      owners.push({ container: c, resourcesPath: [...c.path, "resources"], standings: standingsOf(asObject(c.value.resources)) });
    }
  }
  return { qos: classify(owners), podLevel, owners };
}

/** ComputePodQOS over the owners: sums of requests and limits per resource, limits for cpu and memory on each owner. */
export function classify(owners: readonly ResourceOwner[]): QosClass {
  const requests = new Map<QosResource, bigint>();
  const limits = new Map<QosResource, bigint>();
  let guaranteed = true;
  for (const o of owners) {
    let limitsFound = 0;
    for (const s of o.standings) {
      if (s.request) requests.set(s.resource, (requests.get(s.resource) ?? 0n) + s.request.nanos);
      if (s.limit) { limits.set(s.resource, (limits.get(s.resource) ?? 0n) + s.limit.nanos); limitsFound++; }
    }
    if (limitsFound < QOS_RESOURCES.length) guaranteed = false;
  }
  if (requests.size === 0 && limits.size === 0) return "BestEffort";
  if (guaranteed) {
    for (const [name, req] of requests) {
      if (limits.get(name) !== req) { guaranteed = false; break; }
    }
  }
  return guaranteed && requests.size === limits.size ? "Guaranteed" : "Burstable";
}
