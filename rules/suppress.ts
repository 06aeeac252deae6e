// Suppression: the kubeready.io/ignore annotation (and kube-linter, kube-score, Polaris equivalents) and disable comments.
import type { RuleMeta } from "./api.js";
import type { SourceDocument } from "./model/document.js";
import type { KObject } from "./model/object.js";
import { podTemplateOf } from "./model/podspec.js";

export const IGNORE_ANNOTATION = "kubeready.io/ignore";
const COMMENT = /#\s*kubeready-disable-(next-line|line)\b([^\n]*)/;

function listMatches(list: string, ruleId: string): boolean {
  const family = ruleId.split("/")[0];
  return list.split(/[,\s]+/).some((item) => {
    const t = item.trim();
    return t === ruleId || t === "*" || t === "all" || t === `${family}/*` || t === family;
  });
}

/** The annotation sets of an object (its own, its pod template's) that could silence something: usually none. */
function annotationSets(o: KObject): readonly Readonly<Record<string, string>>[] {
  // Asked for every finding: decided once per object (objects are immutable).
  let sets = relevantSets.get(o);
  if (!sets) {
    const all = [o.annotations];
    const t = podTemplateOf(o);
    if (t && t.path.length > 0) all.push(t.annotations);
    sets = all.filter(mentionsSuppression);
    relevantSets.set(o, sets);
  }
  return sets;
}

const relevantSets = new WeakMap<KObject, readonly Readonly<Record<string, string>>[]>();

/** Whether a set has any annotation `suppressedByAnnotation` reads (the ignore keys of kubeready and the other tools). */
function mentionsSuppression(ann: Readonly<Record<string, string>>): boolean {
  for (const k in ann) {
    if (k === IGNORE_ANNOTATION || k === "kube-score/ignore" || k.startsWith("ignore-check.kube-linter.io/") || k.startsWith("polaris.fairwinds.com/")) return true;
  }
  return false;
}

/** Whether the object (or its pod template) carries an annotation that silences this rule. */
export function suppressedByAnnotation(o: KObject, meta: RuleMeta): boolean {
  for (const ann of annotationSets(o)) {
    const own = ann[IGNORE_ANNOTATION];
    if (own !== undefined && listMatches(own, meta.id)) return true;
    const s = meta.sources;
    if (!s) continue;
    // Another tool's annotation silences a rule only where the two map one to one: ignoring kube-linter's
    // host-network must not also hide hostPID, which kubeready reports under the same rule.
    const one = (list: readonly string[] | undefined) => (list?.length === 1 ? list[0] : undefined);
    const kl = one(s.kubeLinter);
    if (kl && ann[`ignore-check.kube-linter.io/${kl}`] !== undefined) return true;
    const ksCheck = one(s.kubeScore);
    const ks = ann["kube-score/ignore"];
    if (ksCheck && ks !== undefined && ks.split(",").map((x) => x.trim()).includes(ksCheck)) return true;
    const pol = one(s.polaris);
    if (pol && (ann["polaris.fairwinds.com/exempt"] === "true" || ann[`polaris.fairwinds.com/${pol}-exempt`] === "true")) return true;
  }
  return false;
}

/** Whether a `# kubeready-disable-next-line` on the line above (or `# kubeready-disable-line` on the line) silences it. */
export function suppressedByComment(chunk: SourceDocument, offset: number, ruleId: string): boolean {
  if (!hasDisableComment(chunk)) return false;
  const text = chunk.text;
  const lineStart = text.lastIndexOf("\n", offset - 1) + 1;
  const lineEndRaw = text.indexOf("\n", offset);
  const lineEnd = lineEndRaw < 0 ? text.length : lineEndRaw;
  const same = COMMENT.exec(text.slice(lineStart, lineEnd));
  if (same && same[1] === "line" && ruleListMatches(same[2], ruleId)) return true;
  // Look upwards over comment-only lines: several disable comments may be stacked.
  let end = lineStart - 1;
  while (end > 0) {
    const start = text.lastIndexOf("\n", end - 1) + 1;
    const line = text.slice(start, end);
    if (!/^\s*#/.test(line)) break;
    const m = COMMENT.exec(line);
    if (m && m[1] === "next-line" && ruleListMatches(m[2], ruleId)) return true;
    end = start - 1;
  }
  return false;
}

/** Whether a chunk mentions `kubeready-disable` at all; asked for every finding, scanned once per chunk. */
function hasDisableComment(chunk: SourceDocument): boolean {
  let has = disableComments.get(chunk);
  if (has === undefined) disableComments.set(chunk, (has = chunk.text.includes("kubeready-disable")));
  return has;
}

const disableComments = new WeakMap<SourceDocument, boolean>();

function ruleListMatches(rest: string, ruleId: string): boolean {
  const list = rest.replace(/--.*$/, "").trim();
  return list === "" || listMatches(list, ruleId);
}
