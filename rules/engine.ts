// Runs the registered rules over parsed files: per-document caching for single-object rules, the index for the rest.
import type { FactTag, Fix, GroupMember, GroupTag, Related, Rule, RuleMeta, Severity } from "./api.js";
import { factKeys } from "./facts.js";
import { DEFAULT_CONFIG, type KubereadyConfig } from "./config.js";
import { DocumentCache, DUPLICATE_KEY_RULE, looksBinary, MAX_FILE_BYTES, runSteps, splitDocumentsInSteps, STEP_DOCUMENTS, type SourceDocument } from "./model/document.js";
import { setField } from "./model/edit.js";
import { HELM_VALUES_FILE, notAManifest, terraformTemplateWhat } from "./model/notManifest.js";
import { isLiveObject, isTemplate, objectsOf, orphanPatchShape, placeIn, valuesObject, type DeployContext, type KObject, type ObjectProblem } from "./model/object.js";
import { deepSkip, notManifestSkip, orphanPatchSkip, patchSkip, SKIP_RULE, templateSkip, type Skip } from "./skipped.js";
import { toRange, type Path, type Range } from "./model/position.js";
import { WorkspaceIndex, type Dependencies, type ObjectIndex } from "./model/scope.js";
import { deploymentsByFile, isKustomizationFile, readKustomization, type FileDeployment, type KustomizationInfo } from "./model/kustomize.js";
import { IGNORE_ANNOTATION, suppressedByAnnotation, suppressedByComment } from "./suppress.js";
import { RULES } from "./index.js";
import { compareRuleIds } from "./ruleIds.js";

export interface ObjectRef { apiVersion: string; kind: string; namespace: string; name: string }

export interface Finding {
  rule: string;
  severity: Severity;
  message: string;
  uri: string;
  range: Range;
  object?: ObjectRef;
  /** Identifies the finding within its object for code actions (rule id + key). */
  key: string;
  fixable: "safe" | "unsafe" | "none";
  /** Computed on demand. The last fix of a finding on an object is "disable this rule for this object". */
  fixes?: () => Fix[];
  /** Every rule this finding stands for, when it is several rules' findings shown as one (`rule` is the first). */
  rules?: string[];
  /** Other places that belong to this finding (LSP relatedInformation, SARIF relatedLocations). */
  related?: RelatedLocation[];
  /**
   * Root-cause identity (rules/facts.ts): findings sharing one of these keys state one root cause, whatever file or
   * message they have. Independent of the file and the position; set where the finding is made.
   */
  facts?: string[];
}

export interface RelatedLocation { uri: string; range: Range; message: string }

/** At most this many related locations per finding: past it, the message says how many there are. */
export const MAX_RELATED = 20;

/** Pseudo-rules the engine itself reports (they have docs pages but no check). */
export const SYNTAX_RULE = "yaml/syntax";
export const FILE_RULE = "yaml/unreadable";
export { SKIP_RULE };
export { DUPLICATE_KEY_RULE } from "./model/document.js";

export interface FileOptions {
  defaultNamespace?: string;
  partial?: boolean;
  /** The kustomize builds that deploy the file (see `ObjectOptions.contexts`). */
  contexts?: readonly DeployContext[];
  /** The file is in a Helm chart's `templates/` folder (see ObjectOptions.chartTemplate). */
  chartTemplate?: boolean;
  /** The file is a Terraform template: a `templatefile()` call in this Terraform file (a path for the message) renders it. */
  terraformTemplate?: string;
  /** Files larger than this are not analysed (default MAX_FILE_BYTES, the editor's limit; the CLI sets its own). */
  maxBytes?: number;
}

/** A file's parsed state; hand it back to `parseFile` as `previous` so unchanged documents are reused. */
export interface ParsedFile {
  uri: string;
  text: string;
  chunks: SourceDocument[];
  objects: KObject[];
  /** Syntax errors and unreadable-file notes. */
  problems: Finding[];
  /** A Helm values file's content as a stand-in object (see `valuesObject`): read through `ObjectIndex.valuesFile`. */
  values?: KObject;
}

const sharedCache = new DocumentCache();
const objectCache = new WeakMap<SourceDocument, { key: string; objects: KObject[]; problems: ObjectProblem[] }>();

/** Forgets every cached document parse, so the next analysis is cold (for benchmarks; callers never need it). */
export function clearParseCache(): void {
  sharedCache.clear();
}

export function parseFile(uri: string, text: string, options: FileOptions = {}, previous?: ParsedFile, cache: DocumentCache = sharedCache): ParsedFile {
  return runSteps(parseFileInSteps(uri, text, options, previous, cache));
}

/**
 * `parseFile`, pausing (`yield`) every few documents while it parses them and reads their objects: a language server
 * drives it in slices (server/lsp/slices.ts) so a file of 100,000 documents does not stop it answering other files.
 */
export function* parseFileInSteps(uri: string, text: string, options: FileOptions = {}, previous?: ParsedFile, cache: DocumentCache = sharedCache): Generator<void, ParsedFile> {
  const problems: Finding[] = [];
  const maxBytes = options.maxBytes ?? MAX_FILE_BYTES;
  if (text.length > maxBytes) {
    problems.push(fileProblem(uri, `File is ${(text.length / 1048576).toFixed(1)} MB; kubeready analyses files up to ${maxBytes / 1048576} MB here.`, "info"));
    return { uri, text, chunks: [], objects: [], problems };
  }
  if (looksBinary(text)) {
    problems.push(fileProblem(uri, "File contains binary data (NUL characters); it is not analysed.", "info"));
    return { uri, text, chunks: [], objects: [], problems };
  }
  const chunks = yield* splitDocumentsInSteps(text, { cache, previous: previous?.uri === uri ? previous.chunks : undefined });
  const what = options.terraformTemplate ? terraformTemplateWhat(options.terraformTemplate) : notAManifest(uri, chunks);
  if (what) {
    problems.push(skipFinding(uri, notManifestSkip(what)));
    const values = what === HELM_VALUES_FILE && chunks.length > 0 ? valuesObject(uri, chunks[0]) : undefined;
    return { uri, text, chunks, objects: [], problems, ...(values ? { values } : {}) };
  }
  const templates = templateSkip(chunks, options);
  if (templates) problems.push(skipFinding(uri, templates));
  if (options.partial) problems.push(skipFinding(uri, patchSkip()));
  const deep = deepSkip(chunks);
  if (deep) problems.push(skipFinding(uri, deep));
  const objects: KObject[] = [];
  const key = `${uri}|${options.defaultNamespace ?? ""}|${options.partial ? 1 : 0}|${options.chartTemplate ? 1 : 0}|${contextsKey(options.contexts)}`;
  for (let i = 0; i < chunks.length; i++) {
    const chunk = chunks[i];
    if (i % STEP_DOCUMENTS === STEP_DOCUMENTS - 1) yield;
    let cached = objectCache.get(chunk);
    if (!cached || cached.key !== key) {
      // Same text, other options (a kustomization set the namespace or made the file a patch): new objects, so
      // nothing found on the old ones may be served for them.
      if (cached) forgetFindings(chunk);
      const unreadable: ObjectProblem[] = [];
      cached = { key, objects: objectsOf(chunk, { uri, defaultNamespace: options.defaultNamespace, partial: options.partial, contexts: options.contexts, chartTemplate: options.chartTemplate }, unreadable), problems: unreadable };
      objectCache.set(chunk, cached);
    }
    objects.push(...cached.objects);
    for (const p of cached.problems) {
      problems.push({ rule: SYNTAX_RULE, severity: "error", message: p.message, uri, key: `${SYNTAX_RULE}|${chunk.offset + p.start}|unreadable`, range: toRange(chunk, [p.start, p.end]), fixable: "none" });
    }
    for (const err of isTemplate(chunk, options) ? [] : chunk.errors) {
      // A duplicate key matters for what kubectl applies: in a document that is no Kubernetes object (a values file, a
      // site config that looks like nothing kubeready knows) it is not kubeready's business, like the rest of it.
      if (err.rule === DUPLICATE_KEY_RULE && cached.objects.length === 0) continue;
      problems.push({
        rule: err.rule ?? SYNTAX_RULE, severity: err.severity ?? "error", message: err.message, uri, key: `${err.rule ?? SYNTAX_RULE}|${chunk.offset + err.start}`,
        range: clampToLine(toRange(chunk, [err.start, err.end]), chunk, err.start), fixable: "none",
      });
    }
  }
  if (!options.partial) {
    // An object read from a cluster is never a patch file (and the lean live path, which has no file, says nothing either).
    const orphans = objects.filter((o) => o.partial && !isLiveObject(o) && orphanPatchShape(o.apiVersion, o.kind, o.value));
    if (orphans.length) problems.push(skipFinding(uri, orphanPatchSkip(orphans.map((o) => `${o.kind} "${o.name}"`))));
  }
  return { uri, text, chunks, objects, problems: dedupeSyntax(problems) };
}

function contextsKey(contexts: readonly DeployContext[] | undefined): string {
  return contexts ? contexts.map((c) => `${c.unit}>${c.namespace ?? ""}`).join(";") : "";
}

function skipFinding(uri: string, skip: Skip): Finding {
  return { rule: SKIP_RULE, severity: "info", message: skip.message, uri, key: skip.key, range: skip.range, fixable: "none" };
}

function fileProblem(uri: string, message: string, severity: Severity): Finding {
  const zero = { line: 0, character: 0 };
  return { rule: FILE_RULE, severity, message, uri, key: FILE_RULE, range: { start: zero, end: zero }, fixable: "none" };
}

/**
 * A syntax error range stays on the line where it starts (some yaml errors span to the end of the document) and
 * inside that line: an empty range is widened to one character of the line, never past its end.
 */
function clampToLine(r: Range, chunk: SourceDocument, start: number): Range {
  if (r.end.line === r.start.line && r.end.character > r.start.character) return r;
  const text = chunk.text;
  const nl = text.indexOf("\n", start);
  const lineLength = (nl < 0 ? text.length : nl) - (text.lastIndexOf("\n", start - 1) + 1);
  const line = r.start.line, from = r.start.character;
  if (from < lineLength) return { start: r.start, end: { line, character: r.end.line === line ? from + 1 : lineLength } };
  // At the end of its line (often the end of the file): underline the line's last character, or nothing on an empty line.
  const at = Math.min(from, lineLength);
  return at > 0 ? { start: { line, character: at - 1 }, end: { line, character: at } } : { start: { line, character: 0 }, end: { line, character: 0 } };
}

/** At most this many syntax errors per file: past it, more red squiggles help nobody. */
export const MAX_SYNTAX_FINDINGS = 100;

/** One report per line (a broken line often yields several cascading errors), and at most MAX_SYNTAX_FINDINGS. */
function dedupeSyntax(problems: Finding[]): Finding[] {
  const seen = new Set<number>();
  let kept = 0, dropped = 0;
  const out = problems.filter((p) => {
    if (p.rule !== SYNTAX_RULE) return true;
    if (seen.has(p.range.start.line)) return false;
    seen.add(p.range.start.line);
    if (kept >= MAX_SYNTAX_FINDINGS) { dropped++; return false; }
    kept++;
    return true;
  });
  if (dropped > 0) {
    const last = out.filter((p) => p.rule === SYNTAX_RULE).at(-1)!;
    out.push({ ...last, key: `${SYNTAX_RULE}|more`, message: `${dropped} more YAML syntax errors in this file are not shown.`, severity: "info" });
  }
  return out;
}

// ---- checking -------------------------------------------------------------------------------------

interface ActiveRule { rule: Rule; severity: Severity; options: Record<string, unknown> }
interface RawFinding {
  meta: RuleMeta; severity: Severity; message: string; target: KObject; start: number; end: number; key: string;
  fix?: () => Fix | Fix[] | undefined; fixSafety?: "safe" | "unsafe"; elsewhere?: boolean;
  path?: Path; related?: readonly Related[]; group?: GroupTag; fact?: FactTag;
  /** A grouped finding: every member's rule, and where the other members point. */
  rules?: RuleMeta[]; memberRelated?: { start: number; end: number; message: string }[];
}

const activeCache = new WeakMap<KubereadyConfig, WeakMap<readonly Rule[], { byKind: Map<string, ActiveRule[]>; all: ActiveRule[]; stamp: string }>>();

function activeRules(config: KubereadyConfig, rules: readonly Rule[]) {
  let perRules = activeCache.get(config);
  if (!perRules) activeCache.set(config, (perRules = new WeakMap()));
  let active = perRules.get(rules);
  if (!active) {
    const all: ActiveRule[] = [];
    for (const rule of rules) {
      const setting = config.rules[rule.meta.id];
      if (setting === "off" || (setting === undefined && rule.meta.enabledByDefault === false)) continue;
      const options: Record<string, unknown> = {};
      for (const [k, o] of Object.entries(rule.meta.options ?? {})) options[k] = o.default;
      Object.assign(options, config.ruleOptions[rule.meta.id] ?? {});
      all.push({ rule, severity: setting ?? rule.meta.defaultSeverity, options });
    }
    // Keyed by content, not identity: the server resolves an equal configuration object per request.
    active = { byKind: new Map(), all, stamp: `${rulesId(rules)}|${JSON.stringify(config)}` };
    perRules.set(rules, active);
  }
  return active;
}

const rulesIds = new WeakMap<readonly Rule[], number>();
let nextRulesId = 0;
function rulesId(rules: readonly Rule[]): number {
  let id = rulesIds.get(rules);
  if (id === undefined) rulesIds.set(rules, (id = ++nextRulesId));
  return id;
}

function rulesForKind(active: ReturnType<typeof activeRules>, kind: string): ActiveRule[] {
  let list = active.byKind.get(kind);
  if (!list) {
    list = active.all.filter((a) => a.rule.meta.kinds === "*" || a.rule.meta.kinds.includes(kind));
    active.byKind.set(kind, list);
  }
  return list;
}

/**
 * What the caches and the grouping of checkFile key on: a document chunk, or for an object whose syntax tree is parsed
 * again only when a finding needs a position (see lean.ts), the stand-in its source gives (same line, no parse).
 */
type ChunkKey = object & { readonly line: number };
function groupOf(o: KObject): ChunkKey {
  return (o.source as { group?: ChunkKey }).group ?? o.source.chunk;
}

/** Findings of single-object rules per document chunk, valid while its text and the config stay the same. */
const localCache = new WeakMap<ChunkKey, { stamp: string; findings: RawFinding[] }>();

/**
 * Findings of cross-object rules per document chunk and rule, valid while the config and everything the rule read
 * from the index stay the same (the index records the reads: see `WorkspaceIndex.track`). Typing in one object then
 * re-runs only the rules of other objects that read it.
 */
interface CrossEntry { deps: Dependencies; findings: RawFinding[] }
interface CrossCache {
  stamp: string;
  index: ObjectIndex;
  byRule: Map<Rule, CrossEntry>;
  /** When every rule's result is cached: all their reads together, and all their findings (the common, fast case). */
  union?: { deps: Dependencies; findings: RawFinding[] };
}
const crossCache = new WeakMap<ChunkKey, CrossCache>();

/** For benchmarks and tests: how many cross-object rule runs `checkFile` made and re-used since the last reset. */
export const crossObjectStats = { ran: 0, reused: 0, byRule: new Map<string, number>(), reset() { this.ran = 0; this.reused = 0; this.byRule.clear(); } };

function tracks(index: ObjectIndex): index is WorkspaceIndex {
  return index instanceof WorkspaceIndex && index.incremental;
}

function runRules(o: KObject, list: ActiveRule[], crossObject: boolean, index: ObjectIndex, config: KubereadyConfig, out: RawFinding[]): void {
  for (const a of list) {
    if (a.rule.meta.crossObject !== crossObject) continue;
    runRule(o, a, index, config, out);
  }
}

function applies(o: KObject, a: ActiveRule, live: () => boolean): boolean {
  if (o.partial && !a.rule.meta.partialObjects) return false;
  // Rules about what is committed to Git (appliesTo: "files") say nothing about an object read from a cluster.
  if (a.rule.meta.appliesTo === "files" && live()) return false;
  return true;
}

function runRule(o: KObject, a: ActiveRule, index: ObjectIndex, config: KubereadyConfig, out: RawFinding[]): void {
  let live: boolean | undefined;
  if (!applies(o, a, () => (live ??= isLiveObject(o)))) return;
  const meta = a.rule.meta;
  try {
    a.rule.check({
      object: o, index, config, options: a.options,
      report(r) {
        const target = r.on ?? o;
        // A finding on an object of another file is that file's to show: its position is never needed here (and the
        // other file may be held without its syntax tree).
        if (target.uri !== o.uri) { out.push({ meta, severity: "info", message: "", target, start: 0, end: 0, key: "", elsewhere: true }); return; }
        const [start, end] = placeIn(target.source, r.path, r.anchor);
        out.push({ meta, severity: r.severity ?? a.severity, message: r.message, target, start, end, key: r.key ?? r.path.join("."), fix: r.fix, fixSafety: r.fixSafety, path: r.path, related: r.related, group: r.group, fact: r.fact });
      },
    });
  } catch (e) {
    // A rule bug must never take the whole analysis down; it shows up as a finding so it gets reported.
    out.push({ meta, severity: "info", message: `internal error in rule ${meta.id}: ${(e as Error).message}`, target: o, start: 0, end: 0, key: "internal-error" });
  }
}

/**
 * Cross-object findings of one chunk's objects, re-using each rule's cached result while what it read is unchanged.
 * Returns whether every result was re-used.
 */
function crossFindings(chunk: ChunkKey, objects: KObject[], active: ReturnType<typeof activeRules>, index: ObjectIndex, config: KubereadyConfig, out: RawFinding[]): boolean {
  if (!tracks(index)) {
    for (const o of objects) runRules(o, rulesForKind(active, o.kind), true, index, config, out);
    return false;
  }
  let cache = crossCache.get(chunk);
  if (!cache || cache.stamp !== active.stamp || cache.index !== index) {
    cache = { stamp: active.stamp, index, byRule: new Map() };
    crossCache.set(chunk, cache);
  }
  if (cache.union && index.isCurrent(cache.union.deps)) {
    crossObjectStats.reused += cache.byRule.size;
    for (const f of cache.union.findings) out.push(f);
    return true;
  }
  cache.union = undefined;
  let reusedAll = true;
  const rules = new Set<ActiveRule>();
  for (const o of objects) for (const a of rulesForKind(active, o.kind)) if (a.rule.meta.crossObject) rules.add(a);
  for (const a of rules) {
    const hit = cache.byRule.get(a.rule);
    if (hit && index.isCurrent(hit.deps)) {
      crossObjectStats.reused++;
      for (const f of hit.findings) out.push(f);
      continue;
    }
    reusedAll = false;
    crossObjectStats.ran++;
    crossObjectStats.byRule.set(a.rule.meta.id, (crossObjectStats.byRule.get(a.rule.meta.id) ?? 0) + 1);
    const findings: RawFinding[] = [];
    const { deps } = index.track(() => {
      for (const o of objects) {
        const list = rulesForKind(active, o.kind);
        if (list.includes(a)) runRule(o, a, index, config, findings);
      }
    });
    // A finding on an object of another document of this file holds that document's offsets: not kept past this run.
    if (findings.every((f) => f.elsewhere || groupOf(f.target) === chunk)) cache.byRule.set(a.rule, { deps, findings });
    else cache.byRule.delete(a.rule);
    for (const f of findings) out.push(f);
  }
  if ([...rules].every((a) => cache.byRule.has(a.rule))) {
    const keys = new Set<string>();
    const findings: RawFinding[] = [];
    let at = Infinity;
    for (const a of rules) {
      const e = cache.byRule.get(a.rule)!;
      for (const k of e.deps.keys) keys.add(k);
      at = Math.min(at, e.deps.at);
      for (const f of e.findings) findings.push(f);
    }
    cache.union = { deps: { keys, at: at === Infinity ? index.version : at }, findings };
  }
  return reusedAll;
}

/** Finished findings of a chunk, re-used while its raw findings are (lines shift with the chunk). */
const finishedCache = new WeakMap<ChunkKey, { stamp: string; index: ObjectIndex; uri: string; line: number; findings: Finding[] }>();

/** Drops every cached finding of a chunk (its objects were rebuilt). */
function forgetFindings(chunk: ChunkKey): void {
  localCache.delete(chunk);
  crossCache.delete(chunk);
  finishedCache.delete(chunk);
}

function shiftRange({ start, end }: Range, by: number): Range {
  return { start: { line: start.line + by, character: start.character }, end: { line: end.line + by, character: end.character } };
}

/** A cached finding of a chunk that moved; its related places are in the same chunk (else it is never cached). */
function shifted(f: Finding, by: number): Finding {
  const out = { ...f, range: shiftRange(f.range, by) };
  if (f.related) out.related = f.related.map((r) => ({ ...r, range: shiftRange(r.range, by) }));
  return out;
}

/** Checks the objects of one parsed file against the index of everything in scope. */
export function checkFile(file: ParsedFile, index: ObjectIndex, config: KubereadyConfig = DEFAULT_CONFIG, rules: readonly Rule[] = RULES): Finding[] {
  const active = activeRules(config, rules);
  const byChunk = new Map<ChunkKey, KObject[]>();
  for (const o of file.objects) {
    const group = groupOf(o);
    const list = byChunk.get(group);
    if (list) list.push(o); else byChunk.set(group, [o]);
  }
  const out: Finding[] = [...file.problems];
  const elsewhere: RawFinding[] = [];
  // A one-shot analysis (the CLI) never checks the same objects again: caching per chunk would only hold memory.
  const keep = tracks(index);
  for (const [chunk, objects] of byChunk) {
    let local = localCache.get(chunk);
    const localHit = !!local && local.stamp === active.stamp;
    if (!local || !localHit) {
      const found: RawFinding[] = [];
      for (const o of objects) runRules(o, rulesForKind(active, o.kind), false, index, config, found);
      local = { stamp: active.stamp, findings: found };
      if (keep) localCache.set(chunk, local);
    }
    const raw: RawFinding[] = local.findings.slice();
    const crossHit = crossFindings(chunk, objects, active, index, config, raw);
    const done = finishedCache.get(chunk);
    if (localHit && crossHit && done && done.stamp === active.stamp && done.index === index && done.uri === file.uri) {
      if (done.line !== chunk.line) {
        done.findings = done.findings.map((f) => shifted(f, chunk.line - done.line));
        done.line = chunk.line;
      }
      for (const f of done.findings) out.push(f);
      continue;
    }
    // Findings on this chunk's objects are finished here and kept with the chunk; others (a List item's report on
    // another document of the file) are finished below.
    const findings: Finding[] = [];
    const seen = new Set<string>();
    let cacheable = true;
    const kept: RawFinding[] = [];
    for (const f of raw) {
      if (f.elsewhere || f.target.uri !== file.uri) continue; // reported on an object of another file: that file's check shows it
      if (groupOf(f.target) !== chunk) { elsewhere.push(f); cacheable = false; continue; }
      if (suppressedByAnnotation(f.target, f.meta)) continue;
      if (suppressedByComment(f.target.source.chunk, f.start, f.meta.id)) continue;
      const dedupe = `${f.meta.id}|${f.start}|${f.key}`;
      if (seen.has(dedupe)) continue;
      seen.add(dedupe);
      kept.push(f);
    }
    for (const f of groupFindings(kept, rules)) {
      // Related places in other documents or files move without this chunk: such a finding is rebuilt every time.
      if (f.related?.some((r) => r.on && (r.on.uri !== file.uri || r.on.source.chunk !== chunk))) cacheable = false;
      findings.push(toFinding(f));
    }
    if (cacheable && keep) finishedCache.set(chunk, { stamp: active.stamp, index, uri: file.uri, line: chunk.line, findings });
    else finishedCache.delete(chunk);
    for (const f of findings) out.push(f);
  }
  const seen = new Set<string>();
  for (const f of elsewhere) {
    if (suppressedByAnnotation(f.target, f.meta)) continue;
    if (suppressedByComment(f.target.source.chunk, f.start, f.meta.id)) continue;
    const dedupe = `${f.meta.id}|${f.target.source.chunk.offset}|${f.start}|${f.key}`;
    if (seen.has(dedupe)) continue;
    seen.add(dedupe);
    out.push(toFinding(f));
  }
  return out.sort((a, b) => a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character || compareRuleIds(a.rule, b.rule));
}

const SEVERITY_RANK: Record<Severity, number> = { error: 0, warning: 1, info: 2 };

/**
 * Findings of one object that carry the same group key (several rules, one root cause) become one finding: the
 * most severe rule's id first, every rule listed in `rules`, the composer's message and fix, and the other members'
 * positions as related locations. Suppression already ran: a suppressed rule is simply not a member.
 */
function groupFindings(list: RawFinding[], rules: readonly Rule[]): RawFinding[] {
  if (!list.some((f) => f.group)) return list;
  const groups = new Map<string, RawFinding[]>();
  for (const f of list) {
    if (!f.group) continue;
    const k = `${objectIdOf(f.target)}|${f.group.key}`;
    const g = groups.get(k);
    if (g) g.push(f); else groups.set(k, [f]);
  }
  const order = (m: RuleMeta) => { const i = rules.findIndex((r) => r.meta === m); return i < 0 ? rules.length : i; };
  const out: RawFinding[] = [];
  const done = new Set<string>();
  for (const f of list) {
    if (!f.group) { out.push(f); continue; }
    const k = `${objectIdOf(f.target)}|${f.group.key}`;
    const members = groups.get(k)!;
    // A group of one is the rule's own finding, under the group's key: the key stays the same while parts come and go.
    if (members.length === 1) { out.push({ ...f, key: `group|${f.group.key}` }); continue; }
    if (done.has(k)) continue;
    done.add(k);
    // The most severe rule names the finding; ties keep the registry's order.
    const sorted = members.slice().sort((a, b) => SEVERITY_RANK[a.severity] - SEVERITY_RANK[b.severity] || order(a.meta) - order(b.meta));
    const parts: GroupMember[] = sorted.map((m) => ({ rule: m.meta.id, severity: m.severity, message: m.message, item: m.group!.item, data: m.group!.data, path: m.path ?? [], fix: m.fix }));
    let composed;
    try {
      composed = sorted[0].group!.compose(f.target, parts);
    } catch (e) {
      composed = { message: `${sorted.map((m) => m.message).join(" ")} (internal error grouping these findings: ${(e as Error).message})` };
    }
    const at = sorted[Math.min(Math.max(composed.at ?? 0, 0), sorted.length - 1)];
    // The other members' places (the pod's securityContext for the pod-level parts), one entry per place.
    const memberRelated: { start: number; end: number; message: string }[] = [];
    const places = new Map<string, { start: number; end: number; message: string }>();
    for (const m of sorted) {
      if (m.start === at.start && m.end === at.end) continue;
      const place = `${m.start}-${m.end}`;
      const item = `${m.meta.id}: ${m.group!.item}`;
      const known = places.get(place);
      if (known) { known.message += `; ${item}`; continue; }
      const entry = { start: m.start, end: m.end, message: item };
      places.set(place, entry);
      memberRelated.push(entry);
    }
    const related: Related[] = [];
    for (const m of sorted) for (const r of m.related ?? []) related.push(r);
    // The group still states its members' root causes that other rules share ("these containers are not hardened",
    // which the group found in another rendering of the object states too).
    const shared = [...new Set(sorted.flatMap((m) => m.fact?.shared ?? []))];
    out.push({
      meta: sorted[0].meta, severity: sorted[0].severity, message: composed.message, target: f.target, start: at.start, end: at.end,
      // Stable while parts come and go (a fix of some parts leaves the same finding with fewer `rules`).
      key: `group|${f.group.key}`, fix: composed.fix, fixSafety: composed.fixSafety, path: at.path, related: related.length ? related : undefined,
      rules: sorted.map((m) => m.meta), memberRelated, fact: shared.length ? { shared } : undefined,
    });
  }
  return out;
}

function relatedOf(f: RawFinding): RelatedLocation[] | undefined {
  if (!f.memberRelated?.length && !f.related?.length) return undefined; // most findings: nothing to place
  const o = f.target;
  const out: RelatedLocation[] = [];
  // The finding's own place is never related to itself.
  const own = toRange(o.source.chunk, [f.start, f.end]).start;
  const seen = new Set<string>([`${o.uri}|${own.line}|${own.character}`]);
  const add = (r: RelatedLocation) => {
    const k = `${r.uri}|${r.range.start.line}|${r.range.start.character}`;
    if (seen.has(k) || out.length >= MAX_RELATED) return;
    seen.add(k);
    out.push(r);
  };
  for (const m of f.memberRelated ?? []) add({ uri: o.uri, range: toRange(o.source.chunk, [m.start, m.end]), message: m.message });
  for (const r of f.related ?? []) {
    // Full: nothing more is added (a namespace finding relates every workload: placing the rest would build their syntax trees for nothing).
    if (out.length >= MAX_RELATED) break;
    const t = r.on ?? o;
    try {
      const [start, end] = placeIn(t.source, r.path, r.anchor);
      add({ uri: t.uri, range: toRange(t.source.chunk, [start, end]), message: r.message });
    } catch { /* a related place that cannot be located is left out */ }
  }
  return out.length ? out : undefined;
}

function toFinding(f: RawFinding): Finding {
  const o = f.target;
  const ids = f.rules?.map((m) => m.id);
  const related = relatedOf(f);
  const facts = factKeys(f.meta.id, o, f.key, f.fact, f.message);
  return {
    ...(ids ? { rules: ids } : {}),
    ...(related ? { related } : {}),
    ...(facts.length ? { facts } : {}),
    rule: f.meta.id,
    severity: f.severity,
    message: f.message,
    uri: o.uri,
    range: toRange(o.source.chunk, [f.start, f.end]),
    object: { apiVersion: o.apiVersion, kind: o.kind, namespace: o.namespace, name: o.name },
    key: `${ids || f.group ? "group" : f.meta.id}|${objectIdOf(o)}|${f.key}`,
    fixable: f.fix ? f.fixSafety ?? f.meta.fix : "none",
    fixes: () => {
      const fixes: Fix[] = [];
      if (f.fix) {
        try {
          const r = f.fix();
          if (r) fixes.push(...(Array.isArray(r) ? r : [r]).filter((x) => x.edits.length > 0));
        } catch { /* a fix that cannot be computed is simply not offered */ }
      }
      const disable = disableForObject(o, ids ? ids.join(",") : f.meta.id);
      if (disable) fixes.push(disable);
      return fixes;
    },
  };
}

function objectIdOf(o: KObject): string {
  return `${o.kind}/${o.namespace}/${o.name}`;
}

/** "Disable this rule for this object": adds the rule to the object's kubeready.io/ignore annotation. */
export function disableForObject(o: KObject, ruleId: string): Fix | undefined {
  const existing = o.annotations[IGNORE_ANNOTATION];
  const value = existing ? `${existing},${ruleId}` : ruleId;
  const edit = setField(o, ["metadata", "annotations", IGNORE_ANNOTATION], value);
  if (!edit) return undefined;
  return { title: `Disable ${ruleId} for ${o.kind} ${o.name || "(unnamed)"}`, safe: false, suppression: true, edits: [edit] };
}

// ---- convenience for the CLI and tests ------------------------------------------------------------

export interface FileInput extends FileOptions { uri: string; text: string }

/** Parses and checks a set of files together, with all of them as the index. */
export function analyzeFiles(files: readonly FileInput[], config: KubereadyConfig = DEFAULT_CONFIG, rules: readonly Rule[] = RULES, parse: (uri: string, text: string, options: FileOptions) => ParsedFile = parseFile): { parsed: ParsedFile[]; findings: Finding[]; index: WorkspaceIndex } {
  const index = new WorkspaceIndex(false);
  const options = fileOptionsOf(files, config);
  const parsed = files.map((f, k) => parse(f.uri, f.text, options[k]));
  for (const p of parsed) { index.setFile(p.uri, p.objects); if (p.values) index.setValuesFile(p.uri, p.values); }
  const findings = parsed.flatMap((p) => checkFile(p, index, config, rules));
  return { parsed, findings, index };
}

/** The options `analyzeFiles` parses each file with (the CLI's worker pool parses with the same: server/cli/pool.ts). */
export function fileOptionsOf(files: readonly FileInput[], config: KubereadyConfig): FileOptions[] {
  // Callers that know the kustomize builds (the CLI) say so per file; otherwise the kustomizations among the files decide.
  const deployments = files.some((f) => f.contexts !== undefined) ? undefined : kustomizeDeployments(files);
  return files.map((f) => {
    const d = deployments?.get(decodeURI(f.uri));
    return { defaultNamespace: f.defaultNamespace ?? config.defaultNamespace, partial: f.partial || d?.partial, contexts: f.contexts ?? d?.contexts, chartTemplate: f.chartTemplate, maxBytes: f.maxBytes, ...(f.terraformTemplate ? { terraformTemplate: f.terraformTemplate } : {}) };
  });
}

/** The kustomize builds of each file (by decoded URI), from the kustomization files among `files`. */
export function kustomizeDeployments(files: readonly { uri: string; text: string }[]): Map<string, FileDeployment> | undefined {
  const kustomizations = new Map<string, KustomizationInfo>();
  for (const f of files) if (isKustomizationFile(f.uri)) kustomizations.set(decodeURI(f.uri), readKustomization(f.text));
  return kustomizations.size ? deploymentsByFile(kustomizations) : undefined;
}

/** Analyses one text on its own (the index is the text itself). */
export function analyzeText(text: string, uri = "file:///input.yaml", config: KubereadyConfig = DEFAULT_CONFIG, rules: readonly Rule[] = RULES): Finding[] {
  return analyzeFiles([{ uri, text }], config, rules).findings;
}
