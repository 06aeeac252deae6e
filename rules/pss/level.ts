// Which Pod Security level and version apply to a workload: its Namespace's enforce labels, else the configuration.
import { DEFAULT_CONFIG, type KubereadyConfig } from "../config.js";
import type { KObject } from "../model/object.js";
import type { ObjectIndex } from "../model/scope.js";
import { evaluatePod, parsePssLevel, parsePssVersion, type PssLevel, type PssVersion, type PssViolation } from "./policy/index.js";

export const ENFORCE_LABEL = "pod-security.kubernetes.io/enforce";
export const ENFORCE_VERSION_LABEL = "pod-security.kubernetes.io/enforce-version";

export interface AppliedPolicy {
  level: PssLevel;
  version: PssVersion;
  /** Where the level comes from, for messages: `namespace "shop"` or `configuration`. */
  origin: string;
}

/** Namespaces of the index that carry an enforce label, by name (memoised per index version). */
function namespaceLabels(index: ObjectIndex): Map<string, Readonly<Record<string, string>>> {
  return index.derived("pss.namespaceLabels", (ix) => {
    const m = new Map<string, Readonly<Record<string, string>>>();
    for (const ns of ix.ofKind("Namespace")) if (ns.apiVersion === "v1" && ns.name) m.set(ns.name, ns.labels);
    return m;
  });
}

export function policyFor(o: KObject, index: ObjectIndex, config: KubereadyConfig): AppliedPolicy {
  const fallbackVersion = parsePssVersion(config.pss.version) ?? "latest";
  const labels = namespaceLabels(index).get(o.namespace);
  const enforce = labels?.[ENFORCE_LABEL];
  if (labels && enforce !== undefined) {
    // PSA treats an invalid label value as the most restrictive evaluation; we do the same.
    const level = parsePssLevel(enforce) ?? "restricted";
    const v = labels[ENFORCE_VERSION_LABEL];
    const version = v === undefined ? "latest" : parsePssVersion(v) ?? "latest";
    return { level, version, origin: `namespace "${o.namespace}"` };
  }
  const isDefault = config.pss.level === DEFAULT_CONFIG.pss.level && config.pss.version === DEFAULT_CONFIG.pss.version;
  return { level: config.pss.level, version: fallbackVersion, origin: isDefault ? "kubeready's default" : "configuration" };
}

const cache = new WeakMap<KObject, Map<string, PssViolation[]>>();

/** The PSA verdict for a workload's pod template, computed once per object, level and version for all 19 rules. */
export function violationsOf(o: KObject, podMetadata: unknown, podSpec: unknown, policy: AppliedPolicy): PssViolation[] {
  if (policy.level === "privileged") return [];
  const key = `${policy.level}|${policy.version === "latest" ? "latest" : policy.version.minor}`;
  let perObject = cache.get(o);
  if (!perObject) cache.set(o, (perObject = new Map()));
  let v = perObject.get(key);
  if (!v) {
    // A restricted check replaces its baseline twin in PSA's verdict; the twin is still reported when it fires too,
    // because the pod then fails even the baseline profile, which is worth knowing (and names the check PSA tests).
    v = evaluatePod(podMetadata, podSpec, policy.level, policy.version, { includeOverridden: true });
    perObject.set(key, v);
  }
  return v;
}
