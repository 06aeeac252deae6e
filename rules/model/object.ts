// Turns parsed YAML documents into Kubernetes objects that remember where they came from.
import { isMap, isSeq, type Document, type Node } from "yaml";
import { MAX_ALIAS_COUNT, type SourceDocument } from "./document.js";
import { clusterToolConfig } from "./notManifest.js";
import { documentValue } from "./plain.js";
import { templateMarkerOf } from "./template.js";
import { offsetRange, toRange, type Anchor, type Path, type Range } from "./position.js";

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
export type JsonObject = { [key: string]: Json };

/** A Kubernetes object from a file (or a live cluster), with its source for positions and fixes. */
export interface KObject {
  readonly uri: string;
  readonly apiVersion: string;
  readonly kind: string;
  readonly name: string;
  /** The namespace it lives in: metadata.namespace, else the kustomization's, else the configured default. */
  readonly namespace: string;
  /** Whether metadata.namespace was written in the object itself. */
  readonly namespaceExplicit: boolean;
  /**
   * Whether the namespace is known rather than assumed: written in the object or set by a kustomization that deploys
   * it. An object whose namespace is only the configured default lands wherever it is applied.
   */
  readonly namespacePinned: boolean;
  /**
   * What deploys it, for deciding whether two objects are deployed together (`model/units.ts`): `k:<folder>` for the
   * root kustomization(s) that reach the file, `d:<folder>` for a plain file's folder, the URI's origin otherwise.
   */
  readonly units: readonly string[];
  /** The kustomize builds that deploy it in this namespace (none for a plain file). */
  readonly builds: readonly DeployContext[];
  readonly labels: Readonly<Record<string, string>>;
  readonly annotations: Readonly<Record<string, string>>;
  /** The whole object as plain JSON. Rules read this; never mutate it. */
  readonly value: JsonObject;
  /** A kustomize patch or other partial object: rules that need a whole object skip it. */
  readonly partial: boolean;
  readonly source: ObjectSource;
}

export interface ObjectSource {
  readonly chunk: SourceDocument;
  readonly doc: Document.Parsed;
  /**
   * `offsetRange(doc, path, anchor)`, worked out without the syntax tree (a live object places a path from where its
   * writer put each node: cluster/liveSource.ts). Absent: the tree is walked.
   */
  offsetRange?(path: Path, anchor: Anchor): [number, number];
}

/** Where a path of an object's source is, in chunk offsets ([start, end)), by the anchor rules of `offsetRange`. */
export function placeIn(source: ObjectSource, path: Path, anchor: Anchor = "value"): [number, number] {
  return source.offsetRange ? source.offsetRange(path, anchor) : offsetRange(source.doc, path, anchor);
}

/** A stable key for an object within its scope. */
export function objectKey(o: Pick<KObject, "apiVersion" | "kind" | "namespace" | "name">): string {
  return `${o.kind}|${o.namespace}|${o.name}|${o.apiVersion.split("/")[0]}`;
}

export function rangeOf(o: KObject, path: Path, anchor: Anchor = "value"): Range {
  return toRange(o.source.chunk, placeIn(o.source, path, anchor));
}

/** Cluster-scoped kinds never get a namespace. */
const CLUSTER_SCOPED = new Set([
  "Namespace", "Node", "PersistentVolume", "ClusterRole", "ClusterRoleBinding", "CustomResourceDefinition",
  "StorageClass", "PriorityClass", "ClusterIssuer", "ClusterSecretStore", "ValidatingWebhookConfiguration",
  "MutatingWebhookConfiguration", "APIService", "IngressClass", "RuntimeClass", "CSIDriver", "VolumeAttachment",
  "PodSecurityPolicy", "ValidatingAdmissionPolicy", "ValidatingAdmissionPolicyBinding", "EncryptionConfiguration",
]);
export function isClusterScoped(kind: string): boolean { return CLUSTER_SCOPED.has(kind); }

export interface ObjectOptions {
  uri: string;
  /** Namespace for objects that do not name one (from kustomization.yaml or configuration). */
  defaultNamespace?: string;
  /** The file is a kustomize patch: its objects are partial. */
  partial?: boolean;
  /**
   * The kustomize builds that deploy the file (`model/kustomize.ts`): each yields the file's objects once, in its
   * namespace. Builds that give an object the same namespace make one object (deployed by all of them).
   */
  contexts?: readonly DeployContext[];
  /** The file is in a Helm chart's `templates/` folder: any `{{` makes a document a template. */
  chartTemplate?: boolean;
}

/** One way a file is deployed: through the root kustomization in `unit`, with the namespace it sets (if any). */
export interface DeployContext {
  /** `k:<root kustomization folder>`. */
  readonly unit: string;
  readonly namespace?: string;
  /** The `images:` entries of every kustomization on the way from the root to the file. */
  readonly images?: readonly ImageOverride[];
  /** The build also deploys what kubeready cannot see (a Helm chart, a remote base): partners may be there. */
  readonly unseen?: boolean;
  /** Labels the kustomizations on the way add to pod templates (`commonLabels`, `labels` with includeTemplates). */
  readonly templateLabels?: Readonly<Record<string, string>>;
}

/** A kustomize `images:` entry that applies to a file, with the kustomization that declares it (its URI or path). */
export interface ImageOverride { name: string; newName?: string; newTag?: string; digest?: string; from: string }

/** A document that could not be turned into objects (an alias bomb, an undefined alias), in chunk offsets. */
export interface ObjectProblem { message: string; start: number; end: number }

/**
 * Extracts the Kubernetes objects of a document chunk. Documents without apiVersion and kind are ignored; the items
 * of a `kind: List` (what `kubectl get -o yaml` prints) are objects of their own. Documents that cannot be read are
 * reported through `problems` rather than silently skipped.
 */
export function objectsOf(chunk: SourceDocument, options: ObjectOptions, problems: ObjectProblem[] = []): KObject[] {
  if (isTemplate(chunk, options)) return [];
  const out: KObject[] = [];
  for (const doc of chunk.docs) {
    if (!isMap(doc.contents)) continue;
    let value: unknown;
    try {
      value = documentValue(doc);
    } catch (e) {
      const range = (doc.contents as { range?: [number, number, number] }).range ?? [0, 0, 0];
      const why = /alias count/i.test((e as Error).message)
        ? `its aliases expand to more than ${MAX_ALIAS_COUNT} nodes (an alias bomb)`
        : (e as Error).message.split("\n")[0];
      problems.push({ message: `This document is not analysed: ${why}.`, start: range[0], end: Math.min(range[0] + 1, range[1]) });
      continue;
    }
    const obj = asObject(value);
    if (!obj) continue;
    if (typeof obj.kind === "string" && obj.kind.endsWith("List") && Array.isArray(obj.items) && isMap(doc.contents)) {
      const itemsNode = doc.contents.get("items", true);
      obj.items.forEach((item, i) => {
        const itemNode = isSeq(itemsNode) ? (itemsNode.items[i] as Node | undefined) : undefined;
        const itemValue = asObject(item);
        if (!itemNode || !itemValue) return;
        // The item's own node stands in for a document root, so paths and edits stay relative to the object.
        const itemDoc = { contents: itemNode } as unknown as Document.Parsed;
        out.push(...makeObjects(itemValue, { chunk, doc: itemDoc }, options));
      });
      continue;
    }
    out.push(...makeObjects(obj, { chunk, doc }, options));
  }
  return out;
}

/**
 * The objects one manifest makes: one, or one per namespace when several kustomize builds deploy the file (a base
 * reached through a dev and a prod overlay is judged in each). Deterministic order: by namespace.
 */
export function makeObjects(obj: JsonObject, source: ObjectSource, options: ObjectOptions): KObject[] {
  const contexts = options.contexts;
  if (!contexts || contexts.length === 0) {
    const o = makeObject(obj, source, options);
    return o ? [o] : [];
  }
  const byNamespace = new Map<string, { o: KObject; builds: DeployContext[] }>();
  for (const c of contexts) {
    const o = makeObject(obj, source, { ...options, contexts: [c] });
    if (!o) return [];
    const seen = byNamespace.get(o.namespace);
    if (seen) seen.builds.push(c); else byNamespace.set(o.namespace, { o, builds: [c] });
  }
  return [...byNamespace.entries()].sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0))
    .map(([, { o, builds }]) => builds.length === 1 ? o : { ...o, builds, units: [...new Set(builds.map((b) => b.unit))].sort() });
}

/** `d:<folder>` for a file, the scheme and authority for anything else (a live cluster object, an untitled buffer). */
export function plainUnitOf(uri: string): string {
  if (uri.startsWith("file:")) return `d:${uri.slice(0, uri.lastIndexOf("/") + 1)}`;
  const m = /^[a-z][a-z0-9+.-]*:(?:\/\/[^/]*)?/i.exec(uri);
  return m ? m[0] : uri;
}

/** Whether a chunk is a template that is not analysed: markers in its YAML structure, or any `{{` in a chart's templates. */
export function isTemplate(chunk: SourceDocument, options: Pick<ObjectOptions, "chartTemplate">): boolean {
  return chunk.template || (options.chartTemplate === true && templateMarkerOf(chunk.text, true) !== undefined);
}

export function makeObject(obj: JsonObject, source: ObjectSource, options: ObjectOptions): KObject | null {
  let apiVersion = obj.apiVersion, kind = obj.kind;
  // kustomize reads a kustomization.yaml without apiVersion and kind as a Kustomization: so does the index.
  if (apiVersion === undefined && kind === undefined && /\/(kustomization\.ya?ml|Kustomization)$/.test(options.uri)) {
    apiVersion = "kustomize.config.k8s.io/v1beta1";
    kind = "Kustomization";
  }
  if (typeof apiVersion !== "string" || typeof kind !== "string" || !apiVersion || !kind) return null;
  // kind/k3d cluster configurations look like objects but never reach an API server.
  if (clusterToolConfig(apiVersion)) return null;
  const metadata = asObject(obj.metadata) ?? {};
  const ns = typeof metadata.namespace === "string" && metadata.namespace ? metadata.namespace : undefined;
  const clusterScoped = isClusterScoped(kind);
  // One build at a time here (makeObjects splits them); its namespace wins over the configured default.
  const context = options.contexts?.length === 1 ? options.contexts[0] : undefined;
  const fallback = context?.namespace ?? options.defaultNamespace ?? "default";
  return {
    uri: options.uri,
    apiVersion,
    kind,
    name: typeof metadata.name === "string" ? metadata.name : typeof metadata.generateName === "string" ? `${metadata.generateName}*` : "",
    // kustomize's namespace transformer overrides what the object says; without a build, the object's own wins.
    namespace: clusterScoped ? "" : context?.namespace ?? ns ?? fallback,
    namespaceExplicit: ns !== undefined,
    namespacePinned: !clusterScoped && (ns !== undefined || context?.namespace !== undefined),
    units: context ? [context.unit] : [plainUnitOf(options.uri)],
    builds: context ? [context] : [],
    labels: stringMap(metadata.labels),
    annotations: stringMap(metadata.annotations),
    value: obj,
    // Without a name (or generateName) the API server rejects the object: it is a fragment (a docs excerpt, a
    // snippet being written), so rules that need whole objects leave it alone.
    partial: options.partial === true || isPatchLikeChunk(source.chunk) || (isApiObject(apiVersion) && typeof metadata.name !== "string" && typeof metadata.generateName !== "string")
      || orphanPatchShape(String(apiVersion), String(kind), obj),
    source,
  };
}

/** The kind of the stand-in object for a Helm values file (`valuesObject`): never in the index's object lists. */
export const HELM_VALUES_KIND = "HelmValues";

/**
 * A Helm values file's first document as a stand-in object, so that a rule reading a chart's configuration (Cilium's
 * `cluster.name`, say) can place a related location in the file. It is not a Kubernetes object: the index keeps it
 * apart (`ObjectIndex.valuesFile`) and no rule is run on it. Undefined when the document is not a mapping.
 */
export function valuesObject(uri: string, chunk: SourceDocument): KObject | undefined {
  const doc = chunk.docs.find((d) => d.contents !== null);
  if (!doc || !isMap(doc.contents)) return undefined;
  let value: JsonObject | undefined;
  try { value = asObject(documentValue(doc)); } catch { return undefined; }
  if (!value) return undefined;
  return {
    uri, apiVersion: "", kind: HELM_VALUES_KIND, name: uri.slice(uri.lastIndexOf("/") + 1), namespace: "", namespaceExplicit: false,
    namespacePinned: false, units: [], builds: [], labels: {}, annotations: {}, value, partial: true, source: { chunk, doc },
  };
}

/**
 * Whether an object was read from a live cluster rather than written as a manifest: the API server assigns both
 * metadata.uid and metadata.resourceVersion to every object it stores, and a manifest that carries them cannot even
 * be created (kube-apiserver rejects a resourceVersion on create), so no hand-written or generated manifest has both.
 * metadata.creationTimestamp alone is no evidence: `kubectl create --dry-run=client -o yaml` writes
 * `creationTimestamp: null` into countless committed manifests. One field alone is not enough either: a manifest
 * copied from `kubectl get -o yaml` and half cleaned up is still a manifest someone means to apply.
 */
export function isLiveObject(o: Pick<KObject, "value">): boolean {
  const md = asObject(o.value.metadata);
  if (!md) return false;
  const set = (v: unknown) => (typeof v === "string" && v !== "") || typeof v === "number";
  return set(md.uid) && set(md.resourceVersion);
}

/** Component configuration files (EncryptionConfiguration, KubeletConfiguration, Kustomization) have no names. */
function isApiObject(apiVersion: string): boolean {
  const group = apiVersion.includes("/") ? apiVersion.slice(0, apiVersion.indexOf("/")) : "";
  return !group.endsWith("config.k8s.io");
}

/** Strategic-merge patches carry `$patch`, `$setElementOrder` or `$retainKeys` directives. */
const SELECTOR_WORKLOADS = new Set(["Deployment", "StatefulSet", "DaemonSet", "ReplicaSet"]);

/**
 * A workload written the way a strategic-merge patch is, and that the API server would reject as a whole object:
 * an `apps/v1` Deployment, StatefulSet, DaemonSet or ReplicaSet with no `spec.selector` whose containers all lack an
 * `image` (only names and the fields being changed: resources, volumeMounts, env). Such a file is a kustomize patch even
 * when no kustomization lists it (left over, or its listing commented out), so only partial-object rules check it.
 * Both signals are required: a whole manifest with one forgotten field is still judged.
 */
export function orphanPatchShape(apiVersion: string, kind: string, obj: JsonObject): boolean {
  if (apiVersion !== "apps/v1" || !SELECTOR_WORKLOADS.has(kind)) return false;
  const spec = asObject(obj.spec);
  if (!spec || asObject(spec.selector)) return false;
  const podSpec = asObject(asObject(asObject(spec.template)?.spec));
  const containers = [...asArray(podSpec?.containers), ...asArray(podSpec?.initContainers)].map(asObject);
  return containers.length > 0 && containers.every((c) => c !== undefined && c.image === undefined);
}

/** Per document chunk: a `kind: List` of many items asked once per item, each time a scan of the whole chunk. */
const patchLike = new WeakMap<SourceDocument, boolean>();
function isPatchLikeChunk(chunk: SourceDocument): boolean {
  let v = patchLike.get(chunk);
  if (v === undefined) patchLike.set(chunk, (v = isPatchLike(chunk.text)));
  return v;
}

function isPatchLike(text: string): boolean {
  return text.includes("$patch") || text.includes("$setElementOrder/") || text.includes("$retainKeys");
}

export function asObject(v: unknown): JsonObject | undefined {
  return v !== null && typeof v === "object" && !Array.isArray(v) ? (v as JsonObject) : undefined;
}
export function asArray(v: unknown): Json[] { return Array.isArray(v) ? (v as Json[]) : []; }

export function stringMap(v: unknown): Record<string, string> {
  const o = asObject(v);
  const out: Record<string, string> = {};
  if (!o) return out;
  for (const [k, val] of Object.entries(o)) {
    // Labels, selectors and annotations are map[string]string: a scalar is read as its text, a mapping or list there is
    // invalid (the API server rejects it) and left out, never printed as "[object Object]".
    if (val === null || val === undefined || typeof val === "object" || typeof val === "function") continue;
    out[k] = typeof val === "string" ? val : String(val);
  }
  return out;
}

/** Reads a nested value by path; undefined when any step is missing or of the wrong type. */
export function getIn(v: unknown, path: Path): Json | undefined {
  let cur: unknown = v;
  for (const seg of path) {
    if (cur === null || typeof cur !== "object") return undefined;
    cur = (cur as Record<string | number, unknown>)[seg];
  }
  return cur as Json | undefined;
}
