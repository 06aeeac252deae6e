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
    // Two definitions of one Namespace (operations/namespace-defined-twice reports them): the stricter enforce level
    // is taken, whatever the order of the files, so the verdict never depends on file names.
    for (const ns of ix.ofKind("Namespace")) {
      if (ns.apiVersion !== "v1" || !ns.name || ns.partial) continue;
      const seen = m.get(ns.name);
      if (!seen || stricterFirst(ns.labels, seen) < 0) m.set(ns.name, ns.labels);
    }
    return m;
  });
}

const STRICTNESS: Record<string, number> = { privileged: 0, baseline: 1, restricted: 2 };

/** Orders two Namespace label sets: the stricter enforce level first (an invalid one counts as restricted), then by content. */
function stricterFirst(a: Readonly<Record<string, string>>, b: Readonly<Record<string, string>>): number {
  const level = (l: Readonly<Record<string, string>>) => (l[ENFORCE_LABEL] === undefined ? -1 : STRICTNESS[l[ENFORCE_LABEL]] ?? 2);
  const d = level(b) - level(a);
  if (d !== 0) return d;
  const ka = JSON.stringify(Object.entries(a).sort()), kb = JSON.stringify(Object.entries(b).sort());
  return ka < kb ? -1 : ka > kb ? 1 : 0;
}

export function policyFor(o: KObject, index: ObjectIndex, config: KubereadyConfig): AppliedPolicy {
  // Every pss/* rule asks, for every workload: the policy objects are made once per Namespace and per configuration,
  // which also keys the verdict cache below by identity instead of by a string built per call.
  const labels = namespaceLabels(index).get(o.namespace);
  const enforce = labels?.[ENFORCE_LABEL];
  if (labels && enforce !== undefined) {
    const hit = namespacePolicies.get(labels);
    if (hit && hit.namespace === o.namespace) return hit.policy;
    // PSA treats an invalid label value as the most restrictive evaluation; we do the same.
    const level = parsePssLevel(enforce) ?? "restricted";
    const v = labels[ENFORCE_VERSION_LABEL];
    const version = v === undefined ? "latest" : parsePssVersion(v) ?? "latest";
    const policy: AppliedPolicy = { level, version, origin: `namespace "${o.namespace}"` };
    namespacePolicies.set(labels, { namespace: o.namespace, policy });
    return policy;
  }
  const hit = configPolicies.get(config);
  if (hit && hit.level === config.pss.level && hit.version === config.pss.version) return hit.policy;
  const fallbackVersion = parsePssVersion(config.pss.version) ?? "latest";
  const isDefault = config.pss.level === DEFAULT_CONFIG.pss.level && config.pss.version === DEFAULT_CONFIG.pss.version;
  const policy: AppliedPolicy = { level: config.pss.level, version: fallbackVersion, origin: isDefault ? "kubeready's default" : "configuration" };
  configPolicies.set(config, { level: config.pss.level, version: config.pss.version, policy });
  return policy;
}

/** Policies set by a Namespace, by its (immutable) labels record. */
const namespacePolicies = new WeakMap<Readonly<Record<string, string>>, { namespace: string; policy: AppliedPolicy }>();
/** Policies of the configuration, checked against the settings they were made from (a config object may be edited). */
const configPolicies = new WeakMap<KubereadyConfig, { level: string; version: string; policy: AppliedPolicy }>();

/** A workload's PSA verdict under one policy level and version: each firing check's violation, by check ID. */
type Verdict = ReadonlyMap<string, PssViolation>;

/** Verdicts per object (objects are immutable), per evaluation ("restricted|latest", "baseline|28"). */
const verdicts = new WeakMap<KObject, Map<string, { list: PssViolation[]; byCheck: Verdict }>>();

function verdictOf(o: KObject, podMetadata: unknown, podSpec: unknown, policy: AppliedPolicy): { list: PssViolation[]; byCheck: Verdict } {
  const key = evaluationKey(policy);
  let perObject = verdicts.get(o);
  if (!perObject) verdicts.set(o, (perObject = new Map()));
  let v = perObject.get(key);
  if (!v) {
    // A restricted check replaces its baseline twin in PSA's verdict; the twin is still reported when it fires too,
    // because the pod then fails even the baseline profile, which is worth knowing (and names the check PSA tests).
    const list = evaluatePod(podMetadata, podSpec, policy.level, policy.version, { includeOverridden: true });
    const byCheck = new Map<string, PssViolation>();
    for (const x of list) if (!byCheck.has(x.checkId)) byCheck.set(x.checkId, x);
    v = { list, byCheck };
    perObject.set(key, v);
  }
  return v;
}

const evaluationKeys = new WeakMap<AppliedPolicy, string>();
function evaluationKey(policy: AppliedPolicy): string {
  let k = evaluationKeys.get(policy);
  if (k === undefined) evaluationKeys.set(policy, (k = `${policy.level}|${policy.version === "latest" ? "latest" : policy.version.minor}`));
  return k;
}

/** The PSA verdict for a workload's pod template, computed once per object, level and version for all 19 rules. */
export function violationsOf(o: KObject, podMetadata: unknown, podSpec: unknown, policy: AppliedPolicy): PssViolation[] {
  if (policy.level === "privileged") return [];
  return verdictOf(o, podMetadata, podSpec, policy).list;
}

/** The violation of one check in that verdict, if the check fires (what each pss/* rule asks). */
export function violationOf(o: KObject, podMetadata: unknown, podSpec: unknown, policy: AppliedPolicy, checkId: string): PssViolation | undefined {
  if (policy.level === "privileged") return undefined;
  return verdictOf(o, podMetadata, podSpec, policy).byCheck.get(checkId);
}
