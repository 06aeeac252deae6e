// One finding per root cause across the files of a run (`kubeready lint`; `kubeready cluster`, where each live object
// is a file of its own; the text, JSON and SARIF outputs are all made from the folded result): a per-namespace fact
// said in several files, one finding said again on a copy of the same object (a Helm render, a plain folder, a
// kustomize base, a release bundle), one Helm value that leaves several objects with the same problem, and a broken
// file's later syntax errors are folded into the first, the others as related locations.
import { MAX_RELATED, SKIP_RULE, SYNTAX_RULE, type RelatedLocation } from "../../rules/engine.js";
import { factKind, type FactKind } from "../../rules/facts.js";
import type { LintFinding } from "./result.js";

// Which findings repeat one another is decided by identity only (`Finding.facts`, set where each finding is made: the
// rules, the engine, the render layer; see rules/facts.ts), never by reading message text: a reworded message folds as
// before. The engine already says a per-namespace fact once per file and groups several rules at one container; what
// is left here is what only a whole run can see (the same namespace or object in several files, one Helm value behind
// several templates) and the pod-level facts and rule pairs the engine leaves as separate findings.

type Why = FactKind | "skip" | "syntax";

/** Paths of documentation and examples: a copy there is never the one kept when the object is also installed from elsewhere. */
const DOCS_LIKE = /(^|\/)(docs?|examples?|samples?|snippets?|tutorials?)\//;

/**
 * Words in the name of an overlay or values file that say it is not where the software runs for real: a developer's
 * cluster, a test or demo, a comparison-only copy of an old layout. "examples" is not one of them: overlays under
 * examples/ are often the ones users deploy (examples/base, examples/aws).
 */
const NOT_PRODUCTION = new Set(["dev", "devel", "develop", "development", "local", "localdev", "minikube", "kind", "k3d", "microk8s",
  "test", "tests", "testing", "e2e", "ci", "demo", "demos", "sample", "samples", "sandbox", "playground", "debug", "old", "legacy",
  "deprecated", "experimental", "tmp", "temp"]);

/** The render contexts (overlays, chart + values files) a finding was seen in: none for a plain file. */
const deploymentsOf = (lf: LintFinding): readonly string[] | undefined => (lf.finding as { deployments?: string[] }).deployments;

const productionContext = (label: string) => !label.toLowerCase().split(/[\/\s._-]+/).some((w) => NOT_PRODUCTION.has(w));

/**
 * Where a finding was seen, as a place to keep: 2 a plain file or a render context that runs for real (the base itself,
 * a production overlay), 1 only dev/test/demo contexts, 0 documentation. One fact seen in several render contexts is
 * kept where it is seen in production: a copy that names only a comparison-only overlay is dismissed by its reader.
 */
function contextRank(lf: LintFinding): number {
  if (DOCS_LIKE.test(lf.file)) return 0;
  const contexts = deploymentsOf(lf);
  return !contexts?.length || contexts.some(productionContext) ? 2 : 1;
}

/** The same object's finding in another file or another render context: a copy, not another rule saying the same. */
function elsewhere(a: LintFinding, b: LintFinding): boolean {
  if (a.file !== b.file) return true;
  const x = deploymentsOf(a) ?? [], y = deploymentsOf(b) ?? [];
  return x.length !== y.length || x.some((d) => !y.includes(d));
}

/** The same finding told again on the values file that sets the value (render/judge.ts). */
const companionOf = (lf: LintFinding) => (lf.finding as { valuesOf?: string }).valuesOf;

/** The keys under which a finding repeats another: findings sharing any key are one root cause. */
function identities(lf: LintFinding): { key: string; why: Why }[] {
  const f = lf.finding;
  // "Not analysed" notes: one per folder and reason (a chart's templates/ folder is one note, not one per template).
  if (f.rule === SKIP_RULE) {
    const dir = lf.file.includes("/") ? lf.file.slice(0, lf.file.lastIndexOf("/")) : ".";
    return [{ key: `skip\u0000${dir}\u0000${f.key}\u0000${f.key.endsWith("|file") ? f.message : ""}`, why: "skip" }];
  }
  // A broken file: the first syntax error is the one to fix (the parser loses its footing after it, and every later
  // line of a block scalar with an unindented line reports again); the others are named, not repeated.
  if (f.rule === SYNTAX_RULE) return [{ key: `syntax\u0000${lf.file}`, why: "syntax" }];
  // A fact within one object (one image in two containers, the sources of one Application, a container not hardened
  // said by other rules in another rendering) folds within one file: its render contexts, whatever namespace each
  // overlay sets, are one place a person edits. Another file holding an object of that name is a copy only when it
  // says the same in the same words (the object key).
  return (f.facts ?? []).map((key) => {
    const why = factKind(key);
    return { key: why === "pod" || why === "rule" ? `${key}\u0000${lf.file}` : key, why };
  });
}

/**
 * Folds repeats into the first occurrence in output order (a finding on a Namespace object is preferred for a
 * per-namespace fact: that is where the policy is added). `findings` must be sorted; the result keeps that order.
 */
export function foldRepeats(findings: readonly LintFinding[]): LintFinding[] {
  // Union-find over findings: a finding can repeat one through a copy and another through a shared value.
  const parent = findings.map((_, i) => i);
  const find = (i: number): number => (parent[i] === i ? i : (parent[i] = find(parent[i])));
  const firstWith = new Map<string, number>();
  const reasons = findings.map(() => new Set<Why>());
  findings.forEach((lf, i) => {
    for (const { key, why } of identities(lf)) {
      const j = firstWith.get(key);
      if (j === undefined) { firstWith.set(key, i); continue; }
      reasons[i].add(why);
      const a = find(i), b = find(j);
      if (a !== b) parent[Math.max(a, b)] = Math.min(a, b);
    }
  });
  const groups = new Map<number, number[]>();
  findings.forEach((_, i) => {
    const r = find(i);
    const g = groups.get(r);
    if (g) g.push(i);
    else groups.set(r, [i]);
  });
  const replaced = new Map<LintFinding, LintFinding | null>();
  for (const idx of groups.values()) {
    if (idx.length < 2) continue;
    // Kept: the Namespace object (where a per-namespace fact is fixed), else the first place that is not documentation
    // (a docs snippet or example met first must not make the install manifest a mere related location), else the first.
    // A values-file companion is never the one kept while its template's finding is there (that is where the value is used).
    const main = idx.filter((i) => companionOf(findings[i]) === undefined);
    const pool = main.length ? main : idx;
    // A grouped finding (several rules, one hardened securityContext) is kept over a single rule it shares a root cause
    // with in the same file (pss/run-as-user beside a group holding run-as-non-root): its fix writes the whole block.
    // Among the rest, the place seen in production (see contextRank), first in output order.
    const best = Math.max(...pool.map((i) => contextRank(findings[i])));
    const first = pool.find((i) => contextRank(findings[i]) === best) ?? pool[0];
    const grouped = pool.find((i) => findings[i].finding.rules && findings[i].file === findings[first].file && contextRank(findings[i]) === best);
    const keepAt = pool.find((i) => findings[i].finding.object?.kind === "Namespace") ?? grouped ?? first;
    const keep = findings[keepAt];
    const others = idx.filter((i) => i !== keepAt);
    const perNamespace = (keep.finding.facts ?? []).some((k) => factKind(k) === "namespace");
    const skip = keep.finding.rule === SKIP_RULE;
    const syntax = keep.finding.rule === SYNTAX_RULE;
    const whyOf = (i: number): Why => {
      const r = reasons[i];
      if (r.has("object")) return "object";
      if (r.has("value")) return "value";
      if (r.has("patch")) return "patch";
      // One root cause shared by two findings of one object: in another file or render context it is a copy.
      if ((r.has("rule") || r.has("pod")) && elsewhere(findings[i], keep)) return "object";
      if (r.has("rule") && findings[i].finding.rule !== keep.finding.rule) return "rule";
      return r.has("pod") || r.has("rule") ? "pod" : "object";
    };
    const extra: RelatedLocation[] = others.map((i) => {
      const x = findings[i];
      const o = x.finding.object;
      const why = whyOf(i);
      return {
        uri: x.finding.uri,
        range: x.finding.range,
        message: skip ? `not analysed either: ${x.file}`
          : companionOf(x) !== undefined ? `where the value is set: ${x.file}`
          : perNamespace ? (x.file === keep.file ? `the same namespace, line ${x.finding.range.start.line + 1}: ${x.finding.message}` : `the same namespace, in ${x.file}`)
          : syntax ? `another syntax error, line ${x.finding.range.start.line + 1}`
          : why === "pod" ? (x.file === keep.file ? `the same fact, line ${x.finding.range.start.line + 1}: ${x.finding.message}` : `the same fact, in ${x.file}: ${x.finding.message}`)
          : why === "rule" ? `${x.finding.rule} says the same, line ${x.finding.range.start.line + 1}: ${x.finding.message}`
          : why === "value" ? `the same value leaves ${o ? `${o.kind} "${o.name}"` : "this object"} with the same problem, in ${x.file}`
          : why === "patch" ? `the same patches leave ${o ? `${o.kind} "${o.name}"` : "this object"} with the same problem, in ${x.file}${x.file === keep.file ? `:${x.finding.range.start.line + 1}` : ""}`
          : x.file === keep.file ? `the same finding on a copy of this object, line ${x.finding.range.start.line + 1}${deploymentsOf(x)?.length ? ` (in ${deploymentsOf(x)!.join(", ")})` : ""}`
          : `the same finding on a copy of this object, in ${x.file}`,
      };
    });
    const related = [...(keep.finding.related ?? []), ...extra];
    let note: string;
    if (skip) note = ` So ${others.length === 1 ? "is 1 more file" : `are ${others.length} more files`} in this folder, for the same reason (related locations).`;
    else if (perNamespace) {
      const files = new Set(others.map((i) => findings[i].file).filter((f) => f !== keep.file)).size;
      note = files ? ` Said once for the run: ${files} more ${files === 1 ? "file uses" : "files use"} this namespace (related locations).`
        : ` Said once: ${others.length} more ${others.length === 1 ? "place shows" : "places show"} the same fact (related locations).`;
    }
    else if (syntax) note = ` ${others.length} more syntax ${others.length === 1 ? "error follows" : "errors follow"} in this file, most often caused by this one (related locations).`;
    else {
      // A values-file companion is named by its related location; the template's message already names the value.
      const told = others.filter((i) => companionOf(findings[i]) === undefined);
      const copies = told.filter((i) => whyOf(i) === "object");
      const byValue = told.filter((i) => whyOf(i) === "value");
      const parts: string[] = [];
      const pod = told.filter((i) => whyOf(i) === "pod");
      const byRule = told.filter((i) => whyOf(i) === "rule");
      if (pod.length) parts.push(`said once: ${pod.length} more ${pod.length === 1 ? "place shows" : "places show"} the same fact`);
      if (byRule.length) parts.push(`the same is said by ${[...new Set(byRule.map((i) => findings[i].finding.rule))].join(" and ")}`);
      if (copies.length) {
        const files = new Set(copies.map((i) => findings[i].file).filter((f) => f !== keep.file)).size || copies.length;
        parts.push(`The same object is defined again in ${files} other ${files === 1 ? "place" : "places"} with the same problem`);
      }
      const byPatch = told.filter((i) => whyOf(i) === "patch");
      if (byPatch.length) {
        const names = [...new Set(byPatch.map((i) => findings[i].finding.object?.name).filter((n): n is string => !!n && n !== keep.finding.object?.name))];
        const shown = names.slice(0, 5).map((n) => `"${n}"`).join(", ") + (names.length > 5 ? ` and ${names.length - 5} more` : "");
        parts.push(names.length ? `the same kustomize patches leave ${names.length === 1 ? "1 other object" : `${names.length} other objects`} (${shown}) with this problem` : "the same kustomize patches are reported again");
      }
      if (byValue.length) {
        const names = [...new Set(byValue.map((i) => findings[i].finding.object?.name).filter((n): n is string => !!n && n !== keep.finding.object?.name))];
        const shown = names.slice(0, 5).map((n) => `"${n}"`).join(", ") + (names.length > 5 ? ` and ${names.length - 5} more` : "");
        parts.push(names.length ? `the same value leaves ${names.length === 1 ? "1 other object" : `${names.length} other objects`} (${shown}) with this problem, so one edit of it fixes all` : "the same value is reported again at the values file");
      }
      note = parts.length ? ` ${parts.map((p, i) => (i ? p : p[0].toUpperCase() + p.slice(1))).join("; ")} (related locations).` : "";
    }
    replaced.set(keep, { file: keep.file, finding: { ...keep.finding, message: keep.finding.message + note, related: related.slice(0, MAX_RELATED) } });
    for (const i of others) replaced.set(findings[i], null);
  }
  const out: LintFinding[] = [];
  for (const lf of findings) {
    const r = replaced.get(lf);
    if (r === null) continue;
    out.push(r ?? lf);
  }
  return out;
}
