// Defensive readers over plain pod objects and the PSA helpers (visitContainers, pluralize, joinQuote) they port.
import type { ContainerRef, Path } from "./types.js";

export type Obj = Record<string, unknown>;

/** A mapping, or undefined: a Go pointer to a struct is nil when the JSON is absent, null or not an object. */
export function obj(value: unknown): Obj | undefined {
  return value !== null && typeof value === "object" && !Array.isArray(value) ? (value as Obj) : undefined;
}

/** A list, or an empty one: a Go slice decodes from a JSON array only. */
export function list(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

/** A string, or "" (Go's zero value) when absent or not a string. */
export function str(value: unknown): string {
  return typeof value === "string" ? value : "";
}

/** A *bool: true, false, or undefined when absent or not a boolean. */
export function optBool(value: unknown): boolean | undefined {
  return typeof value === "boolean" ? value : undefined;
}

/** An integer field (*int64, int32), or undefined when absent or not a number. */
export function optInt(value: unknown): number | undefined {
  return typeof value === "number" && Number.isFinite(value) ? value : undefined;
}

/** A container as PSA's visitor sees it, with where it lives in the pod. */
export interface VisitedContainer {
  container: Obj;
  name: string;
  ref: ContainerRef;
  /** Path of the container relative to the pod root, e.g. ["spec", "containers", 0]. */
  path: Path;
}

const CONTAINER_KINDS = ["initContainers", "containers", "ephemeralContainers"] as const;

/**
 * The pod spec being evaluated and its containers: every check visits the same containers, so one evaluation lists
 * them once (checks only read the list). Set by `evaluating` for the duration of one evaluation, never longer, so a
 * spec changed between two evaluations is always read afresh.
 */
let current: { spec: Obj; containers: readonly VisitedContainer[] | undefined } | undefined;

/** Runs `fn` (the checks of one pod evaluation) with the containers of `spec` listed at most once. */
export function evaluating<T>(spec: Obj, fn: () => T): T {
  const outer = current;
  current = { spec, containers: undefined };
  try {
    return fn();
  } finally {
    current = outer;
  }
}

/** Ports visitContainers: init containers, then containers, then ephemeral containers, in order. */
export function containersOf(spec: Obj): readonly VisitedContainer[] {
  if (current && current.spec === spec) return (current.containers ??= listContainers(spec));
  return listContainers(spec);
}

function listContainers(spec: Obj): VisitedContainer[] {
  const out: VisitedContainer[] = [];
  for (const kind of CONTAINER_KINDS) {
    list(spec[kind]).forEach((entry, index) => {
      // A non-object entry cannot decode into a Container; PSA never sees it.
      const container = obj(entry);
      if (!container) return;
      const name = str(container.name);
      out.push({ container, name, ref: { kind, index, name }, path: ["spec", kind, index] });
    });
  }
  return out;
}

/** The container's securityContext, if it is an object. */
export function securityContextOf(c: VisitedContainer): Obj | undefined {
  return obj(c.container.securityContext);
}

/** The pod-level securityContext, if it is an object. */
export function podSecurityContext(spec: Obj): Obj | undefined {
  return obj(spec.securityContext);
}

/** `hostUsers: false` — the user-namespace relaxation trigger (policy/helpers.go relaxPolicyForUserNamespacePod). */
export function inUserNamespace(spec: Obj): boolean {
  return spec.hostUsers === false;
}

/** `spec.os.name == "windows"` — the 1.25 Windows exemption trigger. */
export function isWindowsPod(spec: Obj): boolean {
  return str(obj(spec.os)?.name) === "windows";
}

export function pluralize(singular: string, plural: string, count: number): string {
  return count === 1 ? singular : plural;
}

/** `"a", "b"` — policy/helpers.go joinQuote. */
export function joinQuote(items: readonly string[]): string {
  return items.length === 0 ? "" : `"${items.join('", "')}"`;
}

/** Go's %q for a string (close enough: JSON escaping matches Go for printable text). */
export function goQuote(value: string): string {
  return JSON.stringify(value);
}

/** sets.NewString(...).List(): unique and sorted by byte order. */
export function sortedUnique(values: Iterable<string>): string[] {
  return [...new Set(values)].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

