// Finds the pod template inside every workload kind and the containers in it, with their paths.
import { asArray, asObject, getIn, type Json, type JsonObject, type KObject } from "./object.js";
import type { Path } from "./position.js";

/** Where each workload kind keeps its pod template (metadata and spec). */
const POD_TEMPLATE_PATHS: Record<string, Path> = {
  Pod: [],
  PodTemplate: ["template"],
  ReplicationController: ["spec", "template"],
  ReplicaSet: ["spec", "template"],
  Deployment: ["spec", "template"],
  DaemonSet: ["spec", "template"],
  StatefulSet: ["spec", "template"],
  Job: ["spec", "template"],
  CronJob: ["spec", "jobTemplate", "spec", "template"],
};

export const POD_KINDS: readonly string[] = Object.keys(POD_TEMPLATE_PATHS);
/** Kinds that keep pods running (not run-to-completion, not bare templates). */
export const LONG_RUNNING_KINDS: readonly string[] = ["Deployment", "StatefulSet", "DaemonSet", "ReplicaSet", "ReplicationController"];

export interface PodTemplate {
  /** Path of the pod template in the object; [] for a Pod. */
  readonly path: Path;
  readonly metadataPath: Path;
  readonly specPath: Path;
  readonly metadata: JsonObject;
  readonly spec: JsonObject;
  readonly labels: Readonly<Record<string, string>>;
  readonly annotations: Readonly<Record<string, string>>;
}

export function hasPodTemplate(kind: string): boolean { return kind in POD_TEMPLATE_PATHS; }

/** The pod template of a workload, or undefined for other kinds and for workloads without a spec. */
export function podTemplateOf(o: KObject): PodTemplate | undefined {
  // Every rule asks for it, on every keystroke: compute it once per object (objects are immutable).
  if (templates.has(o)) return templates.get(o);
  const t = readPodTemplate(o);
  templates.set(o, t);
  return t;
}

const templates = new WeakMap<KObject, PodTemplate | undefined>();

function readPodTemplate(o: KObject): PodTemplate | undefined {
  // Only core/apps/batch kinds: a CRD that happens to be called "Deployment" has another shape.
  const path = POD_TEMPLATE_PATHS[o.kind];
  if (!path || !isBuiltInGroup(o.apiVersion)) return undefined;
  const template = path.length === 0 ? o.value : asObject(getIn(o.value, path));
  if (!template) return undefined;
  const spec = asObject(template.spec);
  if (!spec) return undefined;
  const metadata = asObject(template.metadata) ?? {};
  return {
    path,
    metadataPath: [...path, "metadata"],
    specPath: [...path, "spec"],
    metadata,
    spec,
    labels: stringRecord(metadata.labels),
    annotations: stringRecord(metadata.annotations),
  };
}

function isBuiltInGroup(apiVersion: string): boolean {
  const group = apiVersion.includes("/") ? apiVersion.slice(0, apiVersion.indexOf("/")) : "";
  return group === "" || group === "apps" || group === "batch" || group === "extensions";
}

function stringRecord(v: Json | undefined): Record<string, string> {
  const o = asObject(v);
  const out: Record<string, string> = {};
  if (o) for (const [k, val] of Object.entries(o)) if (val !== null && val !== undefined) out[k] = String(val);
  return out;
}

export type ContainerKind = "initContainers" | "containers" | "ephemeralContainers";
export const CONTAINER_KINDS: readonly ContainerKind[] = ["initContainers", "containers", "ephemeralContainers"];

export interface ContainerRef {
  readonly kind: ContainerKind;
  readonly index: number;
  readonly name: string;
  readonly value: JsonObject;
  /** Path of the container in the object. */
  readonly path: Path;
  /** A restartable init container (restartPolicy: Always) is a sidecar that runs for the pod's lifetime. */
  readonly sidecar: boolean;
}

/** All containers of a pod template: init, regular and ephemeral, in that order. */
export function containersOf(t: PodTemplate, kinds: readonly ContainerKind[] = CONTAINER_KINDS): ContainerRef[] {
  const out: ContainerRef[] = [];
  for (const kind of kinds) for (const c of containersOfKind(t, kind)) out.push(c);
  return out;
}

/**
 * The containers of one kind, read once per template: a dozen rules list them for every workload. The refs are
 * shared between callers (nobody modifies them); each call of containersOf still returns its own array.
 */
function containersOfKind(t: PodTemplate, kind: ContainerKind): readonly ContainerRef[] {
  let perKind = containerRefs.get(t);
  if (!perKind) containerRefs.set(t, (perKind = {}));
  let refs = perKind[kind];
  if (!refs) {
    const list: ContainerRef[] = [];
    asArray(t.spec[kind]).forEach((c, index) => {
      const value = asObject(c);
      if (!value) return;
      list.push({
        kind, index, value,
        name: typeof value.name === "string" ? value.name : `#${index}`,
        path: [...t.specPath, kind, index],
        sidecar: kind === "initContainers" && value.restartPolicy === "Always",
      });
    });
    perKind[kind] = refs = list;
  }
  return refs;
}

const containerRefs = new WeakMap<PodTemplate, Partial<Record<ContainerKind, readonly ContainerRef[]>>>();

/** A security-context field as it applies to a container, and where it is written. */
export interface EffectiveField<T = Json> {
  value: T | undefined;
  /** Path of the field that decides the value, or undefined when neither level sets it. */
  path: Path | undefined;
  level: "container" | "pod" | undefined;
}

/** Fields a container inherits from the pod's securityContext when it does not set them itself. */
const INHERITED = ["runAsUser", "runAsGroup", "runAsNonRoot", "seLinuxOptions", "seccompProfile", "windowsOptions", "appArmorProfile"] as const;
export type InheritedField = (typeof INHERITED)[number];
export type ContainerOnlyField = "privileged" | "allowPrivilegeEscalation" | "capabilities" | "readOnlyRootFilesystem" | "procMount";

/** The value that applies to a container for a security-context field (container wins over pod, as the kubelet does). */
export function effectiveSecurityContext(t: PodTemplate, c: ContainerRef, field: InheritedField | ContainerOnlyField): EffectiveField {
  const csc = asObject(c.value.securityContext);
  if (csc && csc[field] !== undefined && csc[field] !== null) {
    return { value: csc[field], path: [...c.path, "securityContext", field], level: "container" };
  }
  if ((INHERITED as readonly string[]).includes(field)) {
    const psc = asObject(t.spec.securityContext);
    if (psc && psc[field] !== undefined && psc[field] !== null) {
      return { value: psc[field], path: [...t.specPath, "securityContext", field], level: "pod" };
    }
  }
  return { value: undefined, path: undefined, level: undefined };
}

/** The replica count a workload asks for; undefined when it does not say (1 by default for Deployments). */
export function replicasOf(o: KObject): number | undefined {
  const r = getIn(o.value, ["spec", "replicas"]);
  return typeof r === "number" ? r : undefined;
}
