// Properties every fix-all result must have, and the file shapes (variants) it is tried on. Used by corpus.test.ts over
// ../shared/corpus and by fixall.test.ts over small hand-written shapes.
import { parseAllDocuments, parseDocument } from "yaml";
import type { KubereadyConfig } from "../../rules/config.js";
import { checkFile, parseFile, SYNTAX_RULE, type FileOptions } from "../../rules/engine.js";
import { commentsOf, fixAll, type FixAllResult } from "../../rules/fixall.js";
import { applyTextEdits } from "../../rules/model/edit.js";
import { PLACEHOLDER_PATTERN, placeholdersOf } from "../../rules/model/placeholder.js";
import type { KObject } from "../../rules/model/object.js";
import { WorkspaceIndex } from "../../rules/model/scope.js";

export type VariantName = "original" | "no-final-newline" | "crlf" | "bom" | "flow";
export const VARIANTS: readonly VariantName[] = ["original", "no-final-newline", "crlf", "bom", "flow"];

/** The variant of `text`, or undefined when it does not apply (no final newline to remove, flow style not valid). */
export function variant(text: string, name: VariantName): string | undefined {
  switch (name) {
    case "original": return text;
    case "no-final-newline": return /\n$/.test(text) ? text.replace(/(\r?\n)+$/, "") : undefined;
    case "crlf": return text.includes("\r\n") ? undefined : text.replace(/\n/g, "\r\n");
    case "bom": return text.startsWith("\uFEFF") ? undefined : `\uFEFF${text}`;
    case "flow": return reflow(text);
  }
}

/** Each document's collections rewritten in flow style (comments dropped), when that reads back as the same values. */
function reflow(text: string): string | undefined {
  const docs = parseAllDocuments(text);
  if (!Array.isArray(docs) || docs.length === 0 || docs.some((d) => d.errors.length || d.warnings.length)) return undefined;
  const parts: string[] = [];
  for (const d of docs) {
    if (d.contents === null) continue;
    let value: unknown;
    try { value = d.toJS(); } catch { return undefined; }
    if (value === null || typeof value !== "object") return undefined;
    const fresh = parseDocument(JSON.stringify(value));
    parts.push(fresh.toString({ collectionStyle: "flow", lineWidth: 0 }).replace(/\n?$/, "\n"));
  }
  const out = parts.join("---\n");
  const back = parseAllDocuments(out);
  if (!Array.isArray(back) || back.some((d) => d.errors.length)) return undefined;
  const same = JSON.stringify(back.map((d) => d.toJS())) === JSON.stringify(docs.filter((d) => d.contents !== null).map((d) => d.toJS()));
  return same && out !== text ? out : undefined;
}

type Path = (string | number)[];

/** Leaf paths where two JSON-like values differ. */
export function changedPaths(a: unknown, b: unknown, path: Path = [], out: Path[] = []): Path[] {
  if (a === b) return out;
  const ao = a !== null && typeof a === "object", bo = b !== null && typeof b === "object";
  if (!ao || !bo || Array.isArray(a) !== Array.isArray(b)) { out.push(path); return out; }
  if (Array.isArray(a) && Array.isArray(b)) {
    for (let i = 0; i < Math.max(a.length, b.length); i++) changedPaths(a[i], b[i], [...path, i], out);
    return out;
  }
  const ka = a as Record<string, unknown>, kb = b as Record<string, unknown>;
  for (const k of new Set([...Object.keys(ka), ...Object.keys(kb)])) changedPaths(ka[k], kb[k], [...path, k], out);
  return out;
}

function valuesOf(text: string): unknown[] {
  const docs = parseAllDocuments(text, { uniqueKeys: false, logLevel: "error" });
  return (Array.isArray(docs) ? docs : []).map((d) => { try { return d.toJS({ maxAliasCount: -1 }); } catch { return "<unreadable>"; } });
}

const key = (p: Path) => JSON.stringify(p);
const isUnder = (p: Path, prefix: Path) => prefix.length <= p.length && prefix.every((s, i) => p[i] === s);

function lineEndings(text: string): { crlf: number; lf: number; bom: boolean; finalNewline: boolean } {
  const crlf = (text.match(/\r\n/g) ?? []).length;
  return { crlf, lf: (text.match(/\n/g) ?? []).length - crlf, bom: text.startsWith("\uFEFF"), finalNewline: /\n$/.test(text) };
}

export interface PropertyReport {
  result: FixAllResult;
  /** Property name -> what failed. */
  failures: { property: string; detail: string }[];
  /** Per document index, the value paths some fix changes when applied alone to its round's text (what may change). */
  fixedPaths: Map<number, Path[]>;
}

/** Whether every path where `before` and `after` (whole files) differ lies under or above one of `fixedPaths`. */
export function outsideFixedPaths(before: string, after: string, fixedPaths: ReadonlyMap<number, readonly Path[]>): string | undefined {
  const start = valuesOf(before.replace(/^\uFEFF/, "").replace(/\r\n/g, "\n")), end = valuesOf(after.replace(/^\uFEFF/, "").replace(/\r\n/g, "\n"));
  for (let i = 0; i < Math.max(start.length, end.length); i++) {
    for (const p of changedPaths(start[i], end[i])) {
      if (!(fixedPaths.get(i) ?? []).some((q) => isUnder(p, q) || isUnder(q, p))) return `document ${i + 1}: ${key(p)} changed, which no fix changes alone`;
    }
  }
  return undefined;
}

/**
 * Runs fix-all on `text` and checks: no fix writes a placeholder; it still parses; same documents (plus any appended on purpose); line endings, BOM
 * and final newline unchanged; every comment kept; the fixed findings gone and no new syntax error; nothing changed
 * outside the paths the fixes change on their own (parsed values compared round by round); a second run changes nothing.
 */
export function checkFixAll(uri: string, text: string, others: readonly KObject[], config?: KubereadyConfig, unsafe = false, fileOptions: FileOptions = {}): PropertyReport {
  const failures: PropertyReport["failures"] = [];
  const fail = (property: string, detail: string) => failures.push({ property, detail });
  const rounds: { text: string; perFix: { title: string; doc: number; paths: Map<string, Path[]>; values: unknown[] }[] }[] = [];
  const result = fixAll(uri, text, fileOptions, others, config, undefined, {
    unsafe,
    onRound: ({ text: before, fixes }) => {
      const base = valuesOf(before);
      for (const { fix } of fixes) if (placeholdersOf(fix).length) fail("no placeholder written", `${fix.title} writes ${placeholdersOf(fix).join(", ")}`);
      rounds.push({
        text: before,
        perFix: fixes.map(({ fix, edits }) => {
          const alone = valuesOf(applyTextEdits(before, edits));
          const paths = new Map<string, Path[]>();
          let doc = -1;
          for (let i = 0; i < Math.max(base.length, alone.length); i++) {
            const ch = changedPaths(base[i], alone[i]);
            if (ch.length) { paths.set(String(i), ch); if (doc < 0) doc = i; else if (i < base.length) fail("one object per fix", `${fix.title} changes documents ${doc + 1} and ${i + 1}`); }
          }
          return { title: fix.title, doc, paths, values: alone };
        }),
      });
    },
  });
  const out = result.text;
  const fixedPaths = new Map<number, Path[]>();
  for (const r of rounds) for (const f of r.perFix) for (const [doc, ps] of f.paths) fixedPaths.set(Number(doc), [...(fixedPaths.get(Number(doc)) ?? []), ...ps]);
  if (result.rejected.length) fail("no rejected fix", result.rejected.map((r) => `${r.rule} "${r.title}": ${r.reason}`).join("; "));
  if (result.applied === 0) return { result, failures, fixedPaths };

  // No placeholder: a value the API server rejects is never written by a batch, even with unsafe fixes.
  const placeholders = (t: string) => (t.match(PLACEHOLDER_PATTERN) ?? []).length;
  if (placeholders(out) > placeholders(text)) fail("no placeholder written", `${placeholders(out) - placeholders(text)} <REPLACE_ME…> value(s) in the output`);

  // Parses, same documents.
  const before = parseAllDocuments(text), after = parseAllDocuments(out);
  const errs = (d: ReturnType<typeof parseAllDocuments>) => (Array.isArray(d) ? d.reduce((n, x) => n + x.errors.length, 0) : 1);
  if (errs(after) > errs(before)) fail("still parses", (Array.isArray(after) ? after.flatMap((d) => d.errors.map((e) => e.message)) : []).join("; ").slice(0, 200));
  const nb = Array.isArray(before) ? before.length : 0, na = Array.isArray(after) ? after.length : 0;
  if (na < nb) fail("same documents", `${nb} documents before, ${na} after`);

  // Line endings, BOM, final newline.
  const eb = lineEndings(text), ea = lineEndings(out);
  if (eb.bom !== ea.bom) fail("line endings", "byte order mark changed");
  if (eb.finalNewline !== ea.finalNewline) fail("line endings", "final newline added or removed");
  if ((eb.crlf === 0) !== (ea.crlf === 0) || (eb.lf === 0) !== (ea.lf === 0)) fail("line endings", `CRLF/LF ${eb.crlf}/${eb.lf} before, ${ea.crlf}/${ea.lf} after`);

  // Comments.
  const left = new Map<string, number>();
  for (const c of commentsOf(out.replace(/\r\n/g, "\n"))) left.set(c, (left.get(c) ?? 0) + 1);
  for (const c of commentsOf(text.replace(/\r\n/g, "\n"))) {
    const n = left.get(c) ?? 0;
    if (n === 0) { fail("comments kept", c.slice(0, 80)); break; }
    left.set(c, n - 1);
  }

  // Fixed findings gone, no new syntax error.
  const parsedOut = parseFile(uri, out, fileOptions);
  const index = new WorkspaceIndex();
  index.setFile("\u0000others", others.filter((o) => o.uri !== uri));
  index.setFile(uri, parsedOut.objects);
  const findings = checkFile(parsedOut, index, config);
  const parsedIn = parseFile(uri, text, fileOptions);
  const syntax = (fs: readonly { rule: string }[]) => fs.filter((f) => f.rule === SYNTAX_RULE).length;
  if (syntax(findings) > syntax(parsedIn.problems)) fail("no new syntax error", findings.find((f) => f.rule === SYNTAX_RULE)!.message);
  // A grouped finding whose safe part was applied comes back under its key standing for fewer rules: that is fixed.
  const remaining = new Map(findings.map((f) => [f.key, f.rules?.length ?? 1]));
  for (const f of result.fixed) {
    const left = remaining.get(f.key);
    if (f.safe && left !== undefined && left >= (f.rules ?? 1)) fail("fixed findings gone", `${f.rule} "${f.title}" still reported`);
  }

  // Nothing outside the fixed paths: each round's combined result differs from its start only where one of its fixes,
  // applied alone, changes the values, and there it has that fix's value.
  for (let r = 0; r < rounds.length; r++) {
    const start = valuesOf(rounds[r].text);
    const end = valuesOf(r + 1 < rounds.length ? rounds[r + 1].text : result.text.replace(/^\uFEFF/, "").replace(/\r\n/g, "\n"));
    for (let i = 0; i < Math.max(start.length, end.length); i++) {
      for (const p of changedPaths(start[i], end[i])) {
        const owner = rounds[r].perFix.find((f) => (f.paths.get(String(i)) ?? []).some((q) => isUnder(p, q) || isUnder(q, p)));
        if (!owner) { fail("nothing outside fixed paths", `document ${i + 1}: ${key(p)} changed, which no fix of round ${r + 1} changes alone`); continue; }
      }
    }
  }

  // A second run makes no edit.
  const again = fixAll(uri, out, fileOptions, others, config, undefined, { unsafe });
  if (again.applied > 0) fail("second run makes no edit", again.fixed.map((f) => `${f.rule} "${f.title}"`).join("; ").slice(0, 200));
  return { result, failures, fixedPaths };
}
