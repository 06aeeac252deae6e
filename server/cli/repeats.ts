// One finding per root cause across the files of a run: a per-namespace fact said in several files, and one finding said again on a copy of the same object, are folded into the first, the others as related locations.
import { MAX_RELATED, SKIP_RULE, SYNTAX_RULE, type Finding, type RelatedLocation } from "../../rules/engine.js";
import type { LintFinding } from "./result.js";

/**
 * Rules whose finding is a fact about a namespace (the engine says it once per namespace and file, so the editor shows
 * it in every file; a run over a repository says it once).
 */
const PER_NAMESPACE = new Set(["network/missing-default-deny", "hardening/namespace-pss-enforce"]);

function identity(lf: LintFinding): string | undefined {
  const f = lf.finding;
  const o = f.object;
  // Keyed by the namespace itself, not the finding's key: a rendered chart's or overlay's finding has a key of its own.
  if (PER_NAMESPACE.has(f.rule)) return `ns\u0000${f.rule}\u0000${o ? (o.kind === "Namespace" ? o.name : o.namespace) : f.key}`;
  // Broken YAML: the first error of a file is the one to fix; the parser's recovery makes the later ones unreliable.
  if (f.rule === SYNTAX_RULE) return `syntax\u0000${lf.file}`;
  // "Not analysed" notes: one per folder and reason (a chart's templates/ folder is one note, not one per template).
  if (f.rule === SKIP_RULE) {
    const dir = lf.file.includes("/") ? lf.file.slice(0, lf.file.lastIndexOf("/")) : ".";
    return `skip\u0000${dir}\u0000${f.key}\u0000${f.key.endsWith("|file") ? f.message : ""}`;
  }
  // The same object (apiVersion, kind, namespace, name) with the same finding: a copy (a release bundle beside its
  // sources, a generated folder beside the one it was made from). Nameless fragments are never folded.
  if (!o || !o.name) return undefined;
  // A rendered build's finding (a key of its own, its deployments named) is not folded into a raw copy: the copy the
  // output meets first may be a docs snippet while the rendered one is the install manifest.
  return `obj\u0000${f.rule}\u0000${f.key}\u0000${o.apiVersion}\u0000${o.kind}\u0000${o.namespace}\u0000${o.name}\u0000${f.message}`;
}

/**
 * Folds repeats into the first occurrence in output order (a finding on a Namespace object is preferred for a
 * per-namespace fact: that is where the policy is added). `findings` must be sorted; the result keeps that order.
 */
export function foldRepeats(findings: readonly LintFinding[]): LintFinding[] {
  findings = foldValuesCompanions(findings);
  const groups = new Map<string, LintFinding[]>();
  for (const lf of findings) {
    const id = identity(lf);
    if (id === undefined) continue;
    const g = groups.get(id);
    if (g) g.push(lf);
    else groups.set(id, [lf]);
  }
  const replaced = new Map<LintFinding, LintFinding | null>();
  for (const g of groups.values()) {
    if (g.length < 2) continue;
    const keep = g.find((x) => x.finding.object?.kind === "Namespace") ?? g[0];
    const perNamespace = PER_NAMESPACE.has(keep.finding.rule);
    const skip = keep.finding.rule === SKIP_RULE;
    const syntax = keep.finding.rule === SYNTAX_RULE;
    const others = g.filter((x) => x !== keep);
    if (others.length === 0) continue;
    const extra: RelatedLocation[] = others.map((x) => ({
      uri: x.finding.uri,
      range: x.finding.range,
      message: skip ? `not analysed either: ${x.file}` : syntax ? `the parser also stops here: ${x.finding.message}` : perNamespace ? `the same namespace, in ${x.file}` : `the same finding on a copy of this object, in ${x.file}`,
    }));
    const related = [...(keep.finding.related ?? []), ...extra];
    const files = new Set(others.map((x) => x.file).filter((f) => f !== keep.file)).size;
    const note = syntax
      ? ` The parser reports ${others.length} more ${others.length === 1 ? "error" : "errors"} after this one in the file (related locations); fix this one first.`
      : skip
      ? ` So ${others.length === 1 ? "is 1 more file" : `are ${others.length} more files`} in this folder, for the same reason (related locations).`
      : perNamespace
      ? ` Said once for the run: ${others.length} more ${others.length === 1 ? "file uses" : "files use"} this namespace (related locations).`
      : ` The same object is defined again in ${files || others.length} other ${(files || others.length) === 1 ? "place" : "places"} with the same problem (related locations).`;
    replaced.set(keep, { file: keep.file, finding: { ...keep.finding, message: keep.finding.message + note, related: related.slice(0, MAX_RELATED) } });
    for (const x of others) replaced.set(x, null);
  }
  const out: LintFinding[] = [];
  for (const lf of findings) {
    const r = replaced.get(lf);
    if (r === null) continue;
    out.push(r ?? lf);
  }
  return out;
}

/**
 * A rendered chart's finding whose value comes from values.yaml is told on the template and on the values file (the
 * editor shows it in both). A run's report says it once, on the template line, with the values file as a related location.
 */
function foldValuesCompanions(findings: readonly LintFinding[]): readonly LintFinding[] {
  const companionOf = (lf: LintFinding) => (lf.finding as { valuesOf?: string }).valuesOf;
  if (!findings.some((lf) => companionOf(lf) !== undefined)) return findings;
  const mains = new Map<string, LintFinding>();
  for (const lf of findings) if (companionOf(lf) === undefined) mains.set(lf.finding.key, lf);
  const extra = new Map<string, RelatedLocation[]>();
  const out: LintFinding[] = [];
  for (const lf of findings) {
    const of = companionOf(lf);
    if (of === undefined || !mains.has(of)) { out.push(lf); continue; }
    const list = extra.get(of) ?? [];
    list.push({ uri: lf.finding.uri, range: lf.finding.range, message: `the value is set here, in ${lf.file}` });
    extra.set(of, list);
  }
  return out.map((lf) => {
    const more = extra.get(lf.finding.key);
    if (!more || companionOf(lf) !== undefined) return lf;
    return { file: lf.file, finding: { ...lf.finding, related: [...(lf.finding.related ?? []), ...more].slice(0, MAX_RELATED) } };
  });
}
