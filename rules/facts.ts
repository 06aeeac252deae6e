// Root-cause identity of findings: keys made where a finding is made (the engine from the rule's report, the render
// layer for Helm values), so that repeats are recognised by identity and never by reading message text.
import type { FactTag } from "./api.js";

/**
 * Why findings sharing a key repeat one root cause:
 * - namespace: a fact about a namespace, said by several objects or files (no default-deny, no enforce label, no backup);
 * - object: the same rule at the same key of the same object (kind, namespace, name), saying the same — a copy of the
 *   object in another file (a Helm render, a plain folder, a kustomize base, a release bundle);
 * - pod: the same rule and subject on one object (one image in two containers, one port for two probes);
 * - rule: one setting that two rules report on one object (runs as root, an added capability);
 * - value: one Helm value behind the same problem in several templates of one chart;
 * - patch: the patches of one kustomize component or overlay that leave several objects with the same problem (a
 *   "privileged" component setting runAsUser: 0 on every service).
 */
export type FactKind = "namespace" | "object" | "pod" | "rule" | "value" | "patch";

const SEP = "\u0000";

export interface FactObject { kind: string; namespace: string; name: string }

/**
 * The keys of a finding of `rule` with the within-object `key` on `object`, saying `said` (the rule's own message, before
 * anything such as the render layer's provenance note is added to it). Nameless fragments have none but namespace facts.
 */
export function factKeys(rule: string, object: FactObject | undefined, key: string, tag: FactTag | undefined, said: string): string[] {
  const out: string[] = [];
  if (tag?.namespace !== undefined) out.push(["namespace", rule, tag.namespace, tag.subject ?? ""].join(SEP));
  if (!object || !object.name) return out;
  const id = [object.kind, object.namespace, object.name].join(SEP);
  // A copy states the same fact in the same words: the same object in two alternative examples with different volumes
  // or containers is two findings (fixing one file does not fix the other). Compared whole, never parsed.
  if (tag?.namespace === undefined) out.push(["object", rule, id, key, tag?.subject ?? "", said].join(SEP));
  if (tag?.subject !== undefined && tag.namespace === undefined) out.push(["pod", rule, id, tag.subject].join(SEP));
  // A root cause two rules share is one place a person edits: keyed without the namespace (the CLI keeps it within one
  // file), so the base file rendered into overlays with other namespaces states it once.
  for (const s of tag?.shared ?? []) out.push(["rule", object.kind, object.name, s].join(SEP));
  return out;
}

/** The key of one Helm value (`valuesKey`, dotted) of the chart rendered from `root` behind a finding of `rule`. */
export function valueFact(rule: string, root: string, valuesKey: string): string {
  return ["value", rule, root, valuesKey].join(SEP);
}

export function factKind(key: string): FactKind {
  return key.slice(0, key.indexOf(SEP)) as FactKind;
}

/**
 * The key of the patches a kustomization (`dir`, a component or an overlay) applies, behind a finding of `rule` whose
 * value one of them set: every object they leave with the same problem states one root cause.
 */
export function patchFact(rule: string, dir: string): string {
  return ["patch", rule, dir].join(SEP);
}
