// Fix-all: applies the fixes of a file in rounds of non-overlapping edits, re-analysing in between, to a bounded fixed
// point (as ESLint's and Ruff's --fix do). Every round is checked before it is kept — the text still parses, has the same
// documents (plus any a fix appends on purpose), keeps every comment and leaves the other documents' values alone — and
// a round that fails the check is retried one fix at a time, dropping the fix that breaks the file. The file's byte
// order mark and line endings are kept: inserted lines take the file's own line ending.
import { Lexer, parseAllDocuments } from "yaml";
import { isCreate, type Fix, type Rule, type TextEdit } from "./api.js";
import { DEFAULT_CONFIG, type KubereadyConfig } from "./config.js";
import { checkFile, parseFile, type FileOptions, type Finding } from "./engine.js";
import { applyTextEdits } from "./model/edit.js";
import type { KObject } from "./model/object.js";
import type { Range } from "./model/position.js";
import { WorkspaceIndex } from "./model/scope.js";
import { RULES } from "./index.js";
import { batchFixOf, type LeftForPerson } from "./model/placeholder.js";

export interface AppliedFix {
  rule: string; key: string; title: string; safe: boolean;
  /** How many rules the finding stood for (a grouped finding's safe part leaves it with fewer). */
  rules?: number;
}

export interface FixAllResult {
  text: string;
  /** Fixes applied (a finding fixed in two steps counts twice). */
  applied: number;
  rounds: number;
  fixed: AppliedFix[];
  /** Fixes dropped because applying them would have broken the file (never expected; reported so it is seen). */
  rejected: { rule: string; key: string; title: string; reason: string }[];
  /** Why fix-all stopped early (a file with syntax errors is never fixed), if it did. */
  stopped?: string;
  /**
   * Fixes left for a person: they write placeholders (`<REPLACE_ME…>`) for values only a person knows, which the API
   * server rejects, so no batch applies them, even with unsafe fixes; the editor offers them one at a time.
   */
  leftForPerson: LeftForPerson[];
}

export { batchFixOf, type LeftForPerson } from "./model/placeholder.js";

export interface FixAllOptions {
  /** Also apply unsafe fixes (the first non-suppression fix of each finding). Default: safe fixes only. */
  unsafe?: boolean;
  maxRounds?: number;
  /** Called with each round's starting text (line feeds, no BOM) and the fixes it takes (tests check every round). */
  onRound?: (round: { text: string; fixes: { finding: Finding; fix: Fix; edits: TextEdit[] }[] }) => void;
}

export const MAX_ROUNDS = 25;

/**
 * Applies the fixes of `uri`'s findings. `others` are the objects of the rest of the scope (cross-file rules still
 * see them). Only edits of `uri` itself are applied: a fix that edits or creates another file is left for the user.
 */
export function fixAll(uri: string, text: string, options: FileOptions, others: readonly KObject[], config: KubereadyConfig = DEFAULT_CONFIG, rules: readonly Rule[] = RULES, opts: FixAllOptions = {}): FixAllResult {
  const shape = textShape(text);
  let work = shape.toWork(text);
  const result: FixAllResult = { text, applied: 0, rounds: 0, fixed: [], rejected: [], leftForPerson: [] };
  const left = new Map<string, LeftForPerson>();
  const maxRounds = opts.maxRounds ?? MAX_ROUNDS;
  const seenTexts = new Set<string>([work]);
  /** Fixes already applied once (a fix that leaves its finding, e.g. a partial one, is not applied again). */
  const done = new Set<string>();
  const rejected = new Set<string>();
  const otherObjects = others.filter((o) => o.uri !== uri);
  for (; result.rounds < maxRounds; result.rounds++) {
    const parsed = parseFile(uri, work, options);
    if (parsed.problems.some((p) => p.severity === "error")) {
      // Never "fix" a file that does not parse: which edit is right depends on what the user meant.
      if (result.rounds === 0) result.stopped = "the file has YAML syntax errors";
      break;
    }
    const index = new WorkspaceIndex();
    index.setFile("\u0000others", otherObjects);
    index.setFile(uri, parsed.objects);
    const candidates: { finding: Finding; fix: Fix; edits: TextEdit[] }[] = [];
    // Read again each round: a finding that a later round's fix removed is no longer waiting for a person.
    left.clear();
    const taken: TextEdit[] = [];
    for (const f of checkFile(parsed, index, config, rules)) {
      if (rejected.has(f.key)) continue;
      const batch = batchFixOf(f, opts.unsafe === true);
      if (batch && "leftForPerson" in batch) { left.set(f.key, batch.leftForPerson); continue; }
      const fix = batch?.fix;
      // The same fix is not applied twice (a placeholder fix leaves its finding); another one may be, once an earlier
      // fix made it possible (removing privileged: true lets allowPrivilegeEscalation: false be written).
      if (!fix || done.has(`${f.key}\u0000${fix.title}`) || fix.edits.some((e) => isCreate(e) || e.uri !== uri)) continue;
      const edits = fix.edits as TextEdit[];
      if (edits.some((e) => taken.some((t) => conflicts(t.range, e.range))) || overlapsItself(edits)) continue;
      taken.push(...edits);
      candidates.push({ finding: f, fix, edits });
    }
    if (candidates.length === 0) break;
    opts.onRound?.({ text: work, fixes: candidates });
    if (shape.mixed) for (const c of candidates) c.edits = c.edits.map((e) => withLineEndingAt(work, e));
    let next = applyTextEdits(work, candidates.flatMap((c) => c.edits));
    let kept = candidates;
    if (checkRound(work, next)) {
      // The fixes together break the file: add them one at a time, keeping each that leaves the file sound; a fix
      // that breaks the file on its own is dropped for good.
      kept = [];
      next = work;
      for (const c of candidates) {
        const alone = checkRound(work, applyTextEdits(work, c.edits));
        if (alone) {
          rejected.add(c.finding.key);
          result.rejected.push({ rule: c.finding.rule, key: c.finding.key, title: c.fix.title, reason: alone });
          continue;
        }
        const withIt = applyTextEdits(work, [...kept, c].flatMap((k) => k.edits));
        if (!checkRound(work, withIt)) { kept.push(c); next = withIt; }
      }
      if (kept.length === 0) continue;
    }
    if (seenTexts.has(next)) break; // fixes that undo each other: stop rather than loop
    seenTexts.add(next);
    for (const c of kept) {
      done.add(`${c.finding.key}\u0000${c.fix.title}`);
      result.fixed.push({ rule: c.finding.rule, key: c.finding.key, title: c.fix.title, safe: c.fix.safe, rules: c.finding.rules?.length ?? 1 });
    }
    result.applied += kept.length;
    work = next;
  }
  result.leftForPerson = [...left.values()];
  // An insertion at the very end of a file without a final newline ends with one: the file keeps its shape.
  if (result.applied && !/\n$/.test(shape.toWork(text))) work = work.replace(/\n$/, "");
  result.text = result.applied ? shape.fromWork(work) : text;
  return result;
}

// ---- the file's shape: byte order mark and line endings ------------------------------------------------------------

interface TextShape {
  /** The text fix-all works on: without the BOM, with line feeds when the file uses CRLF throughout. */
  toWork(text: string): string;
  /** Back to the file's shape. */
  fromWork(text: string): string;
  /** Both CRLF and LF line endings: edits take the ending of the line they are on. */
  mixed: boolean;
}

/**
 * A file that ends its lines with CRLF throughout is worked on with line feeds and turned back, so inserted lines
 * get CRLF too. A file that mixes both keeps its bytes; lines inserted into it end the way the line before them does.
 */
export function textShape(text: string): TextShape {
  const bom = text.startsWith("\uFEFF") ? "\uFEFF" : "";
  const crlf = (text.match(/\r\n/g) ?? []).length;
  const lf = (text.match(/\n/g) ?? []).length - crlf;
  const allCrlf = crlf > 0 && lf === 0;
  return {
    toWork: (t) => {
      const body = bom && t.startsWith(bom) ? t.slice(1) : t;
      return allCrlf ? body.replace(/\r\n/g, "\n") : body;
    },
    fromWork: (t) => bom + (allCrlf ? t.replace(/\r?\n/g, "\r\n") : t),
    mixed: crlf > 0 && lf > 0,
  };
}

/** An edit whose inserted line breaks match the ending of the line it starts on (for files that mix CRLF and LF). */
function withLineEndingAt(text: string, e: TextEdit): TextEdit {
  if (!e.newText.includes("\n")) return e;
  let offset = 0;
  for (let line = 0; line < e.range.start.line; line++) {
    const next = text.indexOf("\n", offset);
    if (next < 0) { offset = text.length; break; }
    offset = next + 1;
  }
  let nl = text.indexOf("\n", offset + e.range.start.character);
  if (nl < 0) nl = text.lastIndexOf("\n");
  const eol = nl > 0 && text[nl - 1] === "\r" ? "\r\n" : "\n";
  return eol === "\n" ? e : { ...e, newText: e.newText.replace(/\r?\n/g, eol) };
}

/** The line ending a text uses most ("\r\n" or "\n"). */
export function lineEndingOf(text: string): "\r\n" | "\n" {
  const crlf = (text.match(/\r\n/g) ?? []).length;
  const lf = (text.match(/\n/g) ?? []).length - crlf;
  return crlf > lf ? "\r\n" : "\n";
}

// ---- the round check --------------------------------------------------------------------------------------------

/** Comments of a YAML text, in order (a multiset check: none may be lost or changed). */
export function commentsOf(text: string): string[] {
  const out: string[] = [];
  for (const token of new Lexer().lex(text)) if (token.startsWith("#")) out.push(token.replace(/\s+$/, ""));
  return out;
}

function documentsOf(text: string): { errors: number; values: string[] } {
  const docs = parseAllDocuments(text, { uniqueKeys: false, logLevel: "error" });
  const list = Array.isArray(docs) ? docs : [];
  let errors = 0;
  const values = list.map((d) => {
    errors += d.errors.length;
    try { return JSON.stringify(d.toJS({ maxAliasCount: -1 })) ?? "null"; } catch { return "?"; }
  });
  return { errors, values };
}

/**
 * Why `after` is not an acceptable result of fixing `before`, or undefined: it must parse as well as before, keep
 * every comment, keep its documents (a fix may append new ones) and change at most the documents a fix touched —
 * checked here as "no document disappeared": every document of `before` that is not changed keeps its position.
 */
export function checkRound(before: string, after: string): string | undefined {
  if (after === before) return "the fixes change nothing";
  const a = documentsOf(before), b = documentsOf(after);
  if (b.errors > a.errors) return "the result does not parse";
  if (b.values.length < a.values.length) return `documents lost (${a.values.length} before, ${b.values.length} after)`;
  const ca = commentsOf(before), cb = commentsOf(after);
  const left = new Map<string, number>();
  for (const c of cb) left.set(c, (left.get(c) ?? 0) + 1);
  for (const c of ca) {
    const n = left.get(c) ?? 0;
    if (n === 0) return `comment lost: ${c.slice(0, 60)}`;
    left.set(c, n - 1);
  }
  // A document whose value changed must not turn into something that is not an object (a value glued into the wrong place).
  for (let i = 0; i < a.values.length; i++) {
    if (a.values[i] !== b.values[i] && a.values[i].startsWith("{") && !b.values[i].startsWith("{")) return `document ${i + 1} is no longer a mapping`;
  }
  return undefined;
}

/**
 * Two edits of one round must be apart by at least a line: an edit at the start of a line also touches the end of
 * the line before (an insertion there appends to the collection above), so `securityContext: {}` replacing a block
 * and a key inserted under that block wait for separate rounds.
 */
function conflicts(a: Range, b: Range): boolean {
  const span = (r: Range): [number, number] => [r.start.character === 0 && r.start.line > 0 ? r.start.line - 1 : r.start.line, r.end.line];
  const [a0, a1] = span(a), [b0, b1] = span(b);
  return a0 <= b1 && b0 <= a1;
}

/** Two ranges overlap, or are insertions at the same point (whose order would be ambiguous). */
export function overlaps(a: Range, b: Range): boolean {
  const before = (p: Range["start"], q: Range["start"]) => p.line < q.line || (p.line === q.line && p.character < q.character);
  const same = (p: Range["start"], q: Range["start"]) => p.line === q.line && p.character === q.character;
  if (same(a.start, b.start)) return true;
  return before(a.start, b.end) && before(b.start, a.end);
}

function overlapsItself(edits: readonly TextEdit[]): boolean {
  for (let i = 0; i < edits.length; i++) for (let j = i + 1; j < edits.length; j++) if (overlaps(edits[i].range, edits[j].range)) return true;
  return false;
}

/** The smallest single edit turning `before` into `after` (common prefix and suffix kept; never splits a CRLF). */
export function minimalEdit(before: string, after: string): { range: Range; newText: string } | undefined {
  if (before === after) return undefined;
  const max = Math.min(before.length, after.length);
  let p = 0;
  while (p < max && before.charCodeAt(p) === after.charCodeAt(p)) p++;
  if (p > 0 && before[p - 1] === "\r") p--;
  let s = 0;
  while (s < max - p && before.charCodeAt(before.length - 1 - s) === after.charCodeAt(after.length - 1 - s)) s++;
  if (s > 0 && before[before.length - s] === "\n" && before[before.length - s - 1] === "\r") s--;
  const position = (offset: number) => {
    let line = 0, lineStart = 0;
    for (let i = before.indexOf("\n"); i >= 0 && i < offset; i = before.indexOf("\n", i + 1)) { line++; lineStart = i + 1; }
    return { line, character: offset - lineStart };
  };
  return { range: { start: position(p), end: position(before.length - s) }, newText: after.slice(p, after.length - s) };
}
