// One finding per root cause across the files of a run: a per-namespace fact said in several files, one finding said
// again on a copy of the same object (a Helm render, a plain folder, a kustomize base, a release bundle), one Helm
// value that leaves several objects with the same problem, and a broken file's later syntax errors are folded into
// the first, the others as related locations.
import { MAX_RELATED, SKIP_RULE, SYNTAX_RULE, type RelatedLocation } from "../../rules/engine.js";
import type { LintFinding } from "./result.js";

/**
 * Rules whose finding is a fact about a namespace (the engine says it once per namespace and file, so the editor shows
 * it in every file; a run over a repository says it once).
 */
const PER_NAMESPACE = new Set(["network/missing-default-deny", "hardening/namespace-pss-enforce"]);

/**
 * Where a rendered finding came from, appended by the render layer: "(in overlays/prod, overlays/dev)", "(value from
 * .Values.x in values.yaml)", "(.Values.x is used in templates/a.yaml:3)", "(in Deployment a rendered from chart; …)".
 * A copy of the object in a plain folder says the same thing without it.
 */
const PROVENANCE = /(?: \((?:in [^()]*|value from \.Values\.[^()]*|\.Values\.[^()]* is used in [^()]*)\))+$/;
/** The values key a rendered Helm finding traces to, in either of its two forms. */
const VALUES_KEY = / \((?:value from \.Values\.([\w.-]+)(?: in [^()]*)?|\.Values\.([\w.-]+) is used in [^()]*)\)$/;

/** The fact a message states, without the render layer's note on where it was rendered from. */
export function factOf(message: string): string {
  return message.replace(PROVENANCE, "");
}

type Why = "namespace" | "skip" | "copy" | "value" | "syntax" | "pod" | "rule";

/**
 * Rules whose findings on one object state one pod-level fact however many containers, fields or probes show it: the
 * QoS class is the pod's, the root group is set once, a probe port is undeclared for liveness and readiness alike, one
 * image is untagged in two containers. Keyed by the object and, where the fact has one, its subject (port, image).
 */
const POD_FACTS: Record<string, ((message: string) => string) | undefined> = {
  "resources/qos-not-guaranteed": () => "",
  // The pod's runAsGroup, fsGroup and supplementalGroups are one setting; a container's own runAsGroup is its own edit.
  "hardening/root-group": (m) => /^Container "([^"]*)"/.exec(m)?.[1] ?? "",
  "operations/probe-port-not-declared": (m) => /targets port (\S+?),? /.exec(m)?.[1] ?? m,
  "operations/image-not-pinned": (m) => /image "([^"]*)"/.exec(m)?.[1] ?? m,
};
/** Paths of documentation and examples: a copy there is never the one kept when the object is also installed from elsewhere. */
const DOCS_LIKE = /(^|\/)(docs?|examples?|samples?|snippets?|tutorials?)\//;

/** Per-namespace facts said by a rule on each object of the namespace (each PVC of a namespace without a backup). */
const NAMESPACE_FACTS = new Set(["backup/stateful-namespace-not-backed-up"]);

/** The keys under which a finding repeats another: findings sharing any key are one root cause. */
function identities(lf: LintFinding): { key: string; why: Why }[] {
  const f = lf.finding;
  const o = f.object;
  // Keyed by the namespace itself, not the finding's key: a rendered chart's or overlay's finding has a key of its own.
  if (PER_NAMESPACE.has(f.rule)) return [{ key: `ns\u0000${f.rule}\u0000${o ? (o.kind === "Namespace" ? o.name : o.namespace) : f.key}`, why: "namespace" }];
  // "Not analysed" notes: one per folder and reason (a chart's templates/ folder is one note, not one per template).
  if (f.rule === SKIP_RULE) {
    const dir = lf.file.includes("/") ? lf.file.slice(0, lf.file.lastIndexOf("/")) : ".";
    return [{ key: `skip\u0000${dir}\u0000${f.key}\u0000${f.key.endsWith("|file") ? f.message : ""}`, why: "skip" }];
  }
  // A broken file: the first syntax error is the one to fix (the parser loses its footing after it, and every later
  // line of a block scalar with an unindented line reports again); the others are named, not repeated.
  if (f.rule === SYNTAX_RULE) return [{ key: `syntax\u0000${lf.file}`, why: "syntax" }];
  const out: { key: string; why: Why }[] = [];
  const objectId = o ? `${lf.file}\u0000${o.kind}\u0000${o.namespace}\u0000${o.name}` : "";
  const subject = POD_FACTS[f.rule];
  if (o && o.name && subject) out.push({ key: `pod\u0000${f.rule}\u0000${objectId}\u0000${subject(factOf(f.message))}`, why: "pod" });
  if (NAMESPACE_FACTS.has(f.rule)) {
    const ns = /namespace "([^"]*)"/.exec(f.message)?.[1] ?? o?.namespace;
    if (ns !== undefined) out.push({ key: `nsfact\u0000${f.rule}\u0000${ns}`, why: "pod" });
  }
  // One setting said by two rules: root (runAsUser: 0 and runAsNonRoot: false, or a container that may run as root),
  // a capability added to one container (baseline and restricted both name it).
  if (o && o.name && (f.rule === "pss/capabilities-baseline" || f.rule === "pss/capabilities-restricted") && / must not include /.test(f.message)) {
    const c = /[Cc]ontainer "([^"]*)" must not include/.exec(f.message)?.[1] ?? "";
    out.push({ key: `caps\u0000${objectId}\u0000${c}`, why: "rule" });
  }
  // The same object (kind, namespace, name) with the same fact: a copy (a Helm render of the chart beside the plain
  // manifests it was made from, a kustomize base holding the same files, a release bundle). The fact is the message
  // without the render layer's provenance note; the finding's key is not compared (a rendered finding has a key of
  // its own). Nameless fragments are never folded.
  if (o && o.name) out.push({ key: `obj\u0000${f.rule}\u0000${o.kind}\u0000${o.namespace}\u0000${o.name}\u0000${factOf(f.message)}`, why: "copy" });
  // One Helm value behind the same problem in several templates (`{{ if .Values.securityContext.enable }}` in every
  // service): one edit of the value fixes all of them.
  const v = VALUES_KEY.exec(f.message);
  const chart = /^(.*?\/)?templates\//.exec(lf.file)?.[1] ?? (lf.file.includes("/") ? lf.file.slice(0, lf.file.lastIndexOf("/") + 1) : "");
  if (v) out.push({ key: `value\u0000${f.rule}\u0000${chart}\u0000${v[1] ?? v[2]}`, why: "value" });
  return out;
}

const containerOf = (m: string) => /[Cc]ontainer "([^"]*)"/.exec(m)?.[1];

/**
 * "Runs as root" said by two rules on one object: `runAsUser: 0` (pss/run-as-user) and `runAsNonRoot: false` or a
 * missing `runAsNonRoot` (pss/run-as-non-root). Each run-as-user finding is paired with the run-as-non-root finding of
 * the same container, else the object's first: two containers' run-as-non-root findings stay two.
 */
function rootPairs(findings: readonly LintFinding[]): Map<number, string> {
  const objectId = (lf: LintFinding) => { const o = lf.finding.object; return o && o.name ? `${lf.file}\u0000${o.kind}\u0000${o.namespace}\u0000${o.name}` : ""; };
  const nonRoot = new Map<string, number[]>();
  findings.forEach((lf, i) => {
    if (lf.finding.rule !== "pss/run-as-non-root" || !objectId(lf)) return;
    const l = nonRoot.get(objectId(lf));
    if (l) l.push(i); else nonRoot.set(objectId(lf), [i]);
  });
  const out = new Map<number, string>();
  findings.forEach((lf, i) => {
    if (lf.finding.rule !== "pss/run-as-user" || !/runAsUser=0\b/.test(lf.finding.message)) return;
    const cands = nonRoot.get(objectId(lf));
    if (!cands) return;
    const c = containerOf(lf.finding.message);
    const partner = cands.find((j) => c !== undefined && containerOf(findings[j].finding.message) === c) ?? cands[0];
    out.set(i, `root\u0000${partner}`);
    out.set(partner, `root\u0000${partner}`);
  });
  return out;
}

/**
 * Folds repeats into the first occurrence in output order (a finding on a Namespace object is preferred for a
 * per-namespace fact: that is where the policy is added). `findings` must be sorted; the result keeps that order.
 */
export function foldRepeats(findings: readonly LintFinding[]): LintFinding[] {
  findings = foldValuesCompanions(findings);
  // Union-find over findings: a finding can repeat one through a copy and another through a shared value.
  const parent = findings.map((_, i) => i);
  const find = (i: number): number => (parent[i] === i ? i : (parent[i] = find(parent[i])));
  const firstWith = new Map<string, number>();
  const reasons = findings.map(() => new Set<Why>());
  const pairs = rootPairs(findings);
  findings.forEach((lf, i) => {
    const ids = identities(lf);
    const pair = pairs.get(i);
    if (pair) ids.push({ key: pair, why: "rule" });
    for (const { key, why } of ids) {
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
    const keepAt = idx.find((i) => findings[i].finding.object?.kind === "Namespace") ?? idx.find((i) => !DOCS_LIKE.test(findings[i].file)) ?? idx[0];
    const keep = findings[keepAt];
    const others = idx.filter((i) => i !== keepAt);
    const perNamespace = PER_NAMESPACE.has(keep.finding.rule);
    const skip = keep.finding.rule === SKIP_RULE;
    const syntax = keep.finding.rule === SYNTAX_RULE;
    const whyOf = (i: number): Why => (reasons[i].has("copy") ? "copy" : reasons[i].has("value") ? "value" : reasons[i].has("rule") && findings[i].finding.rule !== keep.finding.rule ? "rule" : reasons[i].has("pod") || reasons[i].has("rule") ? "pod" : "copy");
    const extra: RelatedLocation[] = others.map((i) => {
      const x = findings[i];
      const o = x.finding.object;
      const why = whyOf(i);
      return {
        uri: x.finding.uri,
        range: x.finding.range,
        message: skip ? `not analysed either: ${x.file}`
          : / \(\.Values\.[\w.-]+ is used in [^()]*\)$/.test(x.finding.message) ? `where the value is set: ${x.file}`
          : perNamespace ? `the same namespace, in ${x.file}`
          : syntax ? `another syntax error, line ${x.finding.range.start.line + 1}`
          : why === "pod" ? (x.file === keep.file ? `the same fact, line ${x.finding.range.start.line + 1}: ${x.finding.message}` : `the same fact, in ${x.file}: ${x.finding.message}`)
          : why === "rule" ? `${x.finding.rule} says the same, line ${x.finding.range.start.line + 1}: ${x.finding.message}`
          : why === "value" ? `the same value leaves ${o ? `${o.kind} "${o.name}"` : "this object"} with the same problem, in ${x.file}`
          : `the same finding on a copy of this object, in ${x.file}`,
      };
    });
    const related = [...(keep.finding.related ?? []), ...extra];
    let note: string;
    if (skip) note = ` So ${others.length === 1 ? "is 1 more file" : `are ${others.length} more files`} in this folder, for the same reason (related locations).`;
    else if (perNamespace) note = ` Said once for the run: ${others.length} more ${others.length === 1 ? "file uses" : "files use"} this namespace (related locations).`;
    else if (syntax) note = ` ${others.length} more syntax ${others.length === 1 ? "error follows" : "errors follow"} in this file, most often caused by this one (related locations).`;
    else {
      const copies = others.filter((i) => whyOf(i) === "copy");
      const byValue = others.filter((i) => whyOf(i) === "value");
      const parts: string[] = [];
      const pod = others.filter((i) => whyOf(i) === "pod");
      const byRule = others.filter((i) => whyOf(i) === "rule");
      if (pod.length) parts.push(`said once: ${pod.length} more ${pod.length === 1 ? "place shows" : "places show"} the same fact`);
      if (byRule.length) parts.push(`${[...new Set(byRule.map((i) => findings[i].finding.rule))].join(" and ")} ${byRule.length === 1 ? "says" : "say"} the same`);
      if (copies.length) {
        const files = new Set(copies.map((i) => findings[i].file).filter((f) => f !== keep.file)).size || copies.length;
        parts.push(`The same object is defined again in ${files} other ${files === 1 ? "place" : "places"} with the same problem`);
      }
      if (byValue.length) {
        const names = [...new Set(byValue.map((i) => findings[i].finding.object?.name).filter((n): n is string => !!n && n !== keep.finding.object?.name))];
        const shown = names.slice(0, 5).map((n) => `"${n}"`).join(", ") + (names.length > 5 ? ` and ${names.length - 5} more` : "");
        parts.push(names.length ? `the same value leaves ${names.length === 1 ? "1 other object" : `${names.length} other objects`} (${shown}) with this problem, so one edit of it fixes all` : "the same value is reported again at the values file");
      }
      note = ` ${parts.map((p, i) => (i ? p : p[0].toUpperCase() + p.slice(1))).join("; ")} (related locations).`;
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
    list.push({ uri: lf.finding.uri, range: lf.finding.range, message: `where the value is set: ${lf.file}` });
    extra.set(of, list);
  }
  return out.map((lf) => {
    const more = extra.get(lf.finding.key);
    if (!more || companionOf(lf) !== undefined) return lf;
    return { file: lf.file, finding: { ...lf.finding, related: [...(lf.finding.related ?? []), ...more].slice(0, MAX_RELATED) } };
  });
}
