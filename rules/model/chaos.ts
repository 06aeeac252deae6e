// Chaos experiments in scope (Chaos Mesh, LitmusChaos) and the pods they target.
import { asArray, asObject, getIn, type Json, type KObject } from "./object.js";
import type { ObjectIndex } from "./scope.js";
import { selectorMatches, toLabelSelector } from "./selectors.js";
import { groupOf } from "./workloads.js";

const MEMO = "kubeready.model.chaos";

/** Chaos Mesh's experiment kinds (chaos-mesh.org), its Schedule and Workflow, and LitmusChaos's ChaosEngine. */
export const CHAOS_KINDS: readonly string[] = [
  "PodChaos", "NetworkChaos", "StressChaos", "IOChaos", "TimeChaos", "DNSChaos", "HTTPChaos", "KernelChaos", "JVMChaos",
  "Schedule", "Workflow", "ChaosEngine",
];

/** Which pods an experiment targets: namespaces and a label selector. */
export interface ChaosTarget { readonly experiment: KObject; readonly namespaces: readonly string[]; readonly labels: Json | undefined }

/** Chaos Mesh pod selectors anywhere in an experiment's spec (a Schedule keeps it under spec.<type>, a Workflow under its templates). */
function chaosMeshSelectors(v: Json | undefined, out: Json[] = [], depth = 0): Json[] {
  if (depth > 6) return out;
  const o = asObject(v);
  if (o) {
    for (const [k, child] of Object.entries(o)) {
      if (k === "selector" && asObject(child)) out.push(child);
      else chaosMeshSelectors(child, out, depth + 1);
    }
  } else for (const item of asArray(v)) chaosMeshSelectors(item, out, depth + 1);
  return out;
}

/** Litmus applabel "app=web,tier=front" as matchLabels (other forms are not read). */
function litmusLabels(text: unknown): Json | undefined {
  if (typeof text !== "string" || !text.trim()) return undefined;
  const pairs = text.split(",").map((p) => p.split("=").map((s) => s.trim()));
  if (pairs.some((p) => p.length !== 2 || !p[0])) return undefined;
  return { matchLabels: Object.fromEntries(pairs) };
}

export function chaosTargetsOf(o: KObject): ChaosTarget[] {
  if (o.partial) return [];
  const group = groupOf(o.apiVersion);
  if (group === "chaos-mesh.org") {
    return chaosMeshSelectors(getIn(o.value, ["spec"])).map((s) => {
      const ns = asArray(getIn(s, ["namespaces"])).filter((n): n is string => typeof n === "string");
      // Chaos Mesh: an empty namespace list means the experiment's own namespace.
      return { experiment: o, namespaces: ns.length ? ns : [o.namespace], labels: { matchLabels: getIn(s, ["labelSelectors"]) ?? {}, matchExpressions: getIn(s, ["expressionSelectors"]) ?? [] } };
    });
  }
  if (group === "litmuschaos.io" && o.kind === "ChaosEngine") {
    const app = asObject(getIn(o.value, ["spec", "appinfo"])) ?? {};
    const ns = typeof app.appns === "string" && app.appns ? app.appns : o.namespace;
    return [{ experiment: o, namespaces: [ns], labels: litmusLabels(app.applabel) }];
  }
  return [];
}

export function chaosTargetsIn(index: ObjectIndex): readonly ChaosTarget[] {
  return index.derived(`${MEMO}.targets`, (ix) => CHAOS_KINDS.flatMap((k) => ix.ofKind(k)).flatMap(chaosTargetsOf));
}

/** Whether a target selects pods with these labels in this namespace (a Litmus engine without a label targets nothing readable). */
export function targetSelects(t: ChaosTarget, namespace: string, labels: Readonly<Record<string, string>>): boolean {
  if (!t.namespaces.includes(namespace)) return false;
  const sel = toLabelSelector(t.labels);
  return !!sel && selectorMatches(sel, labels);
}
