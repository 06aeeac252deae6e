// What kubeready keeps of an API server's answer: list items checked for shape (a null or nameless item is skipped and
// counted, never a crash), fields no rule reads dropped on arrival, and the namespace include/exclude filter.
import type { LiveObject } from "./snapshot.js";

/** Namespaces the control plane itself runs in; judged against workload rules they only produce noise (kube-proxy alone gets 8 errors under `restricted`). */
export const SYSTEM_NAMESPACES: readonly string[] = ["kube-system", "kube-public", "kube-node-lease"];

export interface NamespaceFilter {
  /** Only these namespaces (names or `*` globs); empty or absent: every namespace not excluded. */
  include?: readonly string[];
  /** Never these namespaces (names or `*` globs). Absent: the system namespaces. */
  exclude?: readonly string[];
}

function globToRegExp(pattern: string): RegExp {
  return new RegExp(`^${pattern.split("*").map((p) => p.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")).join(".*")}$`);
}

/** Compiles a filter to a predicate on a namespace name; an include list wins over the default exclusion of system namespaces only when it names them. */
export function namespacePredicate(filter: NamespaceFilter = {}): (namespace: string) => boolean {
  const include = (filter.include ?? []).filter(Boolean).map(globToRegExp);
  const explicitExclude = filter.exclude !== undefined;
  const exclude = (filter.exclude ?? SYSTEM_NAMESPACES).filter(Boolean).map(globToRegExp);
  return (namespace) => {
    const included = include.length === 0 || include.some((r) => r.test(namespace));
    if (!included) return false;
    // Naming a system namespace in include is asking for it, unless it is also excluded explicitly.
    if (!explicitExclude && include.length > 0 && include.some((r) => r.test(namespace))) return true;
    return !exclude.some((r) => r.test(namespace));
  };
}

/** Annotations that can be large and that no rule reads. */
const DROPPED_ANNOTATIONS = ["kubectl.kubernetes.io/last-applied-configuration"];

/**
 * Whether `item` can be a live object: a JSON object with `metadata.name` a non-empty string and `metadata.namespace`
 * a string when present. Anything else (null, a number, a nameless object) is what a broken or hostile server sends.
 */
export function isLiveItem(item: unknown): item is Record<string, unknown> & { metadata: { name: string; namespace?: string } } {
  if (!item || typeof item !== "object" || Array.isArray(item)) return false;
  const metadata = (item as { metadata?: unknown }).metadata;
  if (!metadata || typeof metadata !== "object" || Array.isArray(metadata)) return false;
  const { name, namespace } = metadata as { name?: unknown; namespace?: unknown };
  return typeof name === "string" && name !== "" && (namespace === undefined || typeof namespace === "string");
}

/**
 * The object as kubeready keeps it: apiVersion and kind filled in (built-in lists leave them off their items), and
 * `managedFields` and the last-applied annotation dropped — typically half of an object's size, and read by no rule.
 * `force`: set apiVersion and kind even when the item has its own. The item is changed in place (it was just parsed and is not shared).
 */
export function slimLiveObject(item: Record<string, unknown> & { metadata: Record<string, unknown> }, apiVersion: string, kind: string, force = true): LiveObject {
  const metadata = item.metadata;
  delete metadata.managedFields;
  delete metadata.selfLink;
  const annotations = metadata.annotations;
  if (annotations && typeof annotations === "object") {
    for (const a of DROPPED_ANNOTATIONS) delete (annotations as Record<string, unknown>)[a];
    if (Object.keys(annotations).length === 0) delete metadata.annotations;
  }
  // A list's items are of the list's kind (items of built-in lists carry none); a watch event's object says its own.
  item.apiVersion = force || typeof item.apiVersion !== "string" ? apiVersion : item.apiVersion;
  item.kind = force || typeof item.kind !== "string" ? kind : item.kind;
  return item as unknown as LiveObject;
}
