// Fix safety over ../shared/corpus: every offered fix is applied and must keep YAML valid, remove its finding, add no error and keep comments;
// fix-all over the corpus and generated variants of it keeps the properties of fixall-props.ts.
import assert from "node:assert/strict";
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative, resolve } from "node:path";
import { describe, it } from "node:test";
import { pathToFileURL } from "node:url";
import { parseAllDocuments } from "yaml";
import { isCreate, type Fix, type TextEdit } from "../../rules/api.js";
import { checkFile, parseFile, SYNTAX_RULE, type Finding, type ParsedFile } from "../../rules/engine.js";
import { applyTextEdits } from "../../rules/model/edit.js";
import { WorkspaceIndex } from "../../rules/model/scope.js";
import { checkFixAll, variant, VARIANTS, type VariantName } from "./fixall-props.js";

const CORPUS_DIR = resolve(process.env.KUBEREADY_CORPUS ?? join(__dirname, "..", "..", "..", "shared", "corpus"));
/** Past this many fixes the run samples every k-th one (deterministically) to stay within ~2 minutes on 2 cores. */
const MAX_FIXES = Number(process.env.FIX_SAFETY_MAX ?? 6000);

interface Project { name: string; files: { uri: string; path: string; text: string }[] }

function projects(): Project[] {
  const out: Project[] = [];
  for (const name of readdirSync(CORPUS_DIR).sort()) {
    const dir = join(CORPUS_DIR, name);
    if (!statSync(dir).isDirectory()) continue;
    const files: Project["files"] = [];
    const walk = (d: string) => {
      for (const n of readdirSync(d).sort()) {
        const p = join(d, n);
        if (statSync(p).isDirectory()) walk(p);
        else if (/\.ya?ml$/i.test(n)) files.push({ uri: pathToFileURL(p).toString(), path: p, text: readFileSync(p, "utf8") });
      }
    };
    walk(dir);
    out.push({ name, files });
  }
  return out;
}

/** An unsafe fix writes placeholders; a rule that still reports the same finding on them is reported, not failed. */
const PLACEHOLDER_KEPT = "the finding is still there after the placeholder fix (unsafe fix)";

const commentLines = (text: string) => text.split("\n").filter((l) => /^\s*#/.test(l)).sort();
// A grouped finding is named by its key alone: its first rule changes when a fix removes that part.
const errorKeys = (fs: readonly Finding[]) => new Set(fs.filter((f) => f.severity === "error").map((f) => f.key.startsWith("group|") ? f.key : `${f.rule}|${f.rule === SYNTAX_RULE ? f.message : f.key}`));
const syntaxCount = (fs: readonly Finding[]) => fs.filter((f) => f.rule === SYNTAX_RULE).length;

/** Line span [first, last] of the YAML document holding `line`. */
function documentSpan(parsed: ParsedFile, line: number): [number, number] {
  for (let i = 0; i < parsed.chunks.length; i++) {
    const c = parsed.chunks[i];
    const next = parsed.chunks[i + 1];
    const last = next ? next.line - 1 : parsed.text.split("\n").length - 1;
    if (line >= c.line && line <= last) return [c.line, last];
  }
  return [0, parsed.text.split("\n").length - 1];
}

/** What went wrong with one fix, or undefined when it is safe. */
function checkFix(file: Project["files"][number], parsed: ParsedFile, before: Finding[], finding: Finding, fix: Fix, index: WorkspaceIndex): string | undefined {
  const own = fix.edits.filter((e): e is TextEdit => !isCreate(e) && e.uri === file.uri);
  for (const e of fix.edits) {
    if (isCreate(e)) {
      const docs = parseAllDocuments(e.text);
      const bad = (Array.isArray(docs) ? docs : []).some((d) => d.errors.length > 0);
      if (bad) return `created file ${e.uri} is not valid YAML`;
    }
  }
  if (own.length === 0) return undefined; // edits of other files only: checked as creations above, nothing to re-check here
  const fixed = applyTextEdits(file.text, own);
  if (fixed === file.text) return "the fix changes nothing";
  // Nothing outside the edited object's document changes: every edit falls in one YAML document (usually the finding's,
  // another one for cross-object fixes), except a new document appended at the end of the file.
  const lines = file.text.split("\n");
  let edited: [number, number] | undefined;
  for (const e of own) {
    if (e.range.start.line >= lines.length - 1 && /^\n?---\n/.test(e.newText)) continue;
    // An insertion at the very start of a line belongs to the line above: inserting before `---` appends to that document.
    const insertsAtLineStart = e.range.start.line > 0 && e.range.start.character === 0 && e.range.end.line === e.range.start.line && e.range.end.character === 0;
    const doc = documentSpan(parsed, insertsAtLineStart ? e.range.start.line - 1 : e.range.start.line);
    if (edited && edited[0] !== doc[0]) return `edits two documents (lines ${edited[0] + 1}–${edited[1] + 1} and ${doc[0] + 1}–${doc[1] + 1})`;
    edited = doc;
    if (e.range.end.line > doc[1] + 1 || (e.range.end.line === doc[1] + 1 && e.range.end.character > 0)) return `an edit spans past its document (lines ${doc[0] + 1}–${doc[1] + 1})`;
  }
  // No `previous`: a re-parse with it moves the reused documents (offset, line), and later fixes of this file read them.
  const after = parseFile(file.uri, fixed);
  index.setFile(file.uri, after.objects);
  let findings: Finding[];
  try { findings = checkFile(after, index); } finally { index.setFile(file.uri, parsed.objects); }
  if (syntaxCount(findings) > syntaxCount(before)) return `the fixed text does not parse: ${findings.find((f) => f.rule === SYNTAX_RULE)?.message}`;
  // A grouped finding (several rules, one root cause) whose fix removed some of its parts is a smaller finding: the
  // fix removed what it fixed when the same key comes back with fewer rules.
  const same = (f: Finding) => f.key === finding.key && (f.rules ?? [f.rule]).length >= (finding.rules ?? [finding.rule]).length;
  if (findings.some(same)) return fix.safe ? "the finding is still there" : PLACEHOLDER_KEPT;
  const was = errorKeys(before);
  const added = [...errorKeys(findings)].filter((k) => !was.has(k));
  if (added.length) return `new error finding(s): ${added.slice(0, 3).join(", ")}`;
  const lost = commentLines(file.text).filter((l) => !fixed.includes(l));
  if (lost.length) return `comment lines lost: ${JSON.stringify(lost.slice(0, 2))}`;
  return undefined;
}

describe("fix safety over the corpus", { skip: !existsSync(CORPUS_DIR) && `corpus not found at ${CORPUS_DIR}: SKIPPED`, timeout: 600_000 }, () => {
  it("every fix keeps the YAML valid, removes its finding, adds no error and keeps comments and other documents", () => {
    const started = performance.now();
    // Collect the fixes first (cheap: fixes are thunks), then sample if there are too many.
    const work: { project: string; file: Project["files"][number]; parsed: ParsedFile; before: Finding[]; finding: Finding; fix: Fix; index: WorkspaceIndex }[] = [];
    let findingsWithFix = 0;
    for (const project of projects()) {
      const index = new WorkspaceIndex();
      const parsed = project.files.map((f) => parseFile(f.uri, f.text));
      parsed.forEach((p) => index.setFile(p.uri, p.objects));
      project.files.forEach((file, i) => {
        const before = checkFile(parsed[i], index);
        for (const finding of before) {
          if (finding.fixable === "none" || !finding.fixes) continue;
          findingsWithFix++;
          for (const fix of finding.fixes()) if (!fix.suppression) work.push({ project: project.name, file, parsed: parsed[i], before, finding, fix, index });
        }
      });
    }
    const step = Math.max(1, Math.ceil(work.length / MAX_FIXES));
    const sample = work.filter((_, i) => i % step === 0);
    const byRule = new Map<string, { tried: number; passed: number; failed: number; placeholder: number }>();
    const placeholderCases: string[] = [];
    const failures: string[] = [];
    for (const w of sample) {
      const r = byRule.get(w.finding.rule) ?? { tried: 0, passed: 0, failed: 0, placeholder: 0 };
      byRule.set(w.finding.rule, r);
      r.tried++;
      let problem: string | undefined;
      try { problem = checkFix(w.file, w.parsed, w.before, w.finding, w.fix, w.index); } catch (e) { problem = `threw: ${(e as Error).message}`; }
      if (problem === PLACEHOLDER_KEPT) {
        r.placeholder++;
        placeholderCases.push(`${w.finding.rule} "${w.fix.title}" in ${relative(CORPUS_DIR, w.file.path)}:${w.finding.range.start.line + 1}`);
      } else if (problem) {
        r.failed++;
        failures.push(`${w.finding.rule} "${w.fix.title}" in ${relative(CORPUS_DIR, w.file.path)}:${w.finding.range.start.line + 1}: ${problem}`);
      } else r.passed++;
    }
    const total = [...byRule.values()].reduce((a, r) => ({ tried: a.tried + r.tried, passed: a.passed + r.passed, failed: a.failed + r.failed, placeholder: a.placeholder + r.placeholder }), { tried: 0, passed: 0, failed: 0, placeholder: 0 });
    const kept = (r: { placeholder: number }) => (r.placeholder ? ` / ${r.placeholder} placeholder fixes left their finding` : "");
    console.log(`fix-safety: ${findingsWithFix} findings with a fix, ${work.length} fixes offered${step > 1 ? `, 1 in ${step} tried (deterministic sample, to stay within ~2 minutes; FIX_SAFETY_MAX raises it)` : ""}: ${total.tried} tried / ${total.passed} passed / ${total.failed} failed${kept(total)} in ${((performance.now() - started) / 1000).toFixed(0)} s`);
    for (const [rule, r] of [...byRule].sort()) console.log(`fix-safety:   ${rule}: ${r.tried} tried / ${r.passed} passed / ${r.failed} failed${kept(r)}`);
    for (const c of placeholderCases.slice(0, 5)) console.log(`fix-safety: PLACEHOLDER ${c}`);
    for (const f of failures.slice(0, 60)) console.log(`fix-safety: FAILED ${f}`);
    if (failures.length > 60) console.log(`fix-safety: … and ${failures.length - 60} more failures`);
    assert.equal(total.failed, 0, `${total.failed} unsafe fixes (see the fix-safety: FAILED lines)`);
  });
});

/**
 * Fix-all over the corpus and generated variants of it (final newline removed, CRLF, BOM, reflowed to flow style):
 * the properties of fixall-props.ts hold for every file. By default each file is tried once, the variant rotating
 * with the file's position (original, no final newline, CRLF, BOM, flow), and every 5th file also with unsafe fixes —
 * about a minute on 2 cores. FIXALL_MATRIX=1 tries every variant of every file, safe and unsafe.
 */
describe("fix-all over the corpus and its variants", { skip: !existsSync(CORPUS_DIR) && `corpus not found at ${CORPUS_DIR}: SKIPPED`, timeout: 1_200_000 }, () => {
  it("still parses, same documents, line endings and comments kept, fixed findings gone, nothing else changed, idempotent", () => {
    const started = performance.now();
    const matrix = process.env.FIXALL_MATRIX === "1";
    const counts = new Map<string, { files: number; changed: number; fixes: number; failed: number }>();
    const byProperty = new Map<string, number>();
    const failures: string[] = [];
    let position = 0;
    for (const project of projects()) {
      const objects = project.files.flatMap((f) => parseFile(f.uri, f.text).objects);
      for (const file of project.files) {
        const i = position++;
        const tries: { variant: VariantName; unsafe: boolean }[] = matrix
          ? VARIANTS.flatMap((v) => [{ variant: v, unsafe: false }, { variant: v, unsafe: true }])
          : [{ variant: VARIANTS[i % VARIANTS.length], unsafe: false }, ...(i % 5 === 0 ? [{ variant: "original" as const, unsafe: true }] : [])];
        for (const t of tries) {
          // A variant that does not apply (no final newline to remove, flow style not valid) falls back to the original.
          const v = variant(file.text, t.variant);
          const text = v ?? file.text;
          const label = `${v === undefined ? "original" : t.variant}${t.unsafe ? " +unsafe" : ""}`;
          const c = counts.get(label) ?? { files: 0, changed: 0, fixes: 0, failed: 0 };
          counts.set(label, c);
          c.files++;
          let report;
          try { report = checkFixAll(file.uri, text, objects, undefined, t.unsafe); } catch (e) {
            c.failed++;
            failures.push(`${label} ${relative(CORPUS_DIR, file.path)}: threw ${(e as Error).message}`);
            continue;
          }
          if (report.result.applied) { c.changed++; c.fixes += report.result.applied; }
          if (report.failures.length) c.failed++;
          for (const f of report.failures) {
            byProperty.set(f.property, (byProperty.get(f.property) ?? 0) + 1);
            failures.push(`${label} ${relative(CORPUS_DIR, file.path)}: ${f.property}: ${f.detail}`);
          }
        }
      }
    }
    const s = ((performance.now() - started) / 1000).toFixed(0);
    console.log(`fixall-props: ${matrix ? "full matrix" : "sampled (one variant per file, rotating; unsafe on every 5th file; FIXALL_MATRIX=1 for all)"} in ${s} s`);
    for (const [label, c] of [...counts].sort()) console.log(`fixall-props:   ${label}: ${c.files} files, ${c.changed} changed, ${c.fixes} fixes applied, ${c.failed} failed`);
    for (const [p, n] of byProperty) console.log(`fixall-props:   property "${p}" failed ${n} times`);
    for (const f of failures.slice(0, 40)) console.log(`fixall-props: FAILED ${f}`);
    assert.equal(failures.length, 0, `${failures.length} fix-all property failures (see the fixall-props: FAILED lines)`);
  });
});
