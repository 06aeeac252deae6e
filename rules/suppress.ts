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

function annotationSets(o: KObject): Readonly<Record<string, string>>[] {
  const sets = [o.annotations];
  const t = podTemplateOf(o);
  if (t && t.path.length > 0) sets.push(t.annotations);
  return sets;
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
  const text = chunk.text;
  if (!text.includes("kubeready-disable")) return false;
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

function ruleListMatches(rest: string, ruleId: string): boolean {
  const list = rest.replace(/--.*$/, "").trim();
  return list === "" || listMatches(list, ruleId);
}
