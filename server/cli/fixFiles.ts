// `kubeready lint --fix / --unsafe-fixes / --diff`: fix-all over each file (with every other file of the run in scope),
// written atomically (temporary file + rename, the file's mode kept, never over a file changed since it was read), or
// printed as a unified diff.
import { promises as fs } from "node:fs";
import { basename, dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import type { KubereadyConfig } from "../../rules/config.js";
import { parseFile, type FileInput } from "../../rules/engine.js";
import { fixAll, type AppliedFix, type LeftForPerson } from "../../rules/fixall.js";
import { compareRuleIds } from "../../rules/ruleIds.js";
import type { KObject } from "../../rules/model/object.js";

export interface FixInput extends FileInput { display: string }

export interface FileFixResult {
  display: string;
  uri: string;
  before: string;
  after: string;
  fixed: AppliedFix[];
  rejected: number;
  /** Fixes no batch applies: they write placeholders for values a person must choose. */
  leftForPerson: LeftForPerson[];
}

export interface FixRun {
  results: FileFixResult[];
  /** Files not written (changed since read, write failed), with why. */
  errors: string[];
}

/**
 * Passes over all files, each with the others' current objects in scope, until one pass changes nothing: a fix in one
 * file can raise findings in another (an unsafe fix labels a Namespace `enforce: restricted`, which its workloads in other
 * files are then judged by), and a second `--fix` run must find nothing left to do.
 */
export const MAX_FIX_PASSES = 4;

/** Fixes every input in memory; `inputs` then hold the fixed texts (the report is computed on them). */
export function fixInputs(inputs: FixInput[], config: KubereadyConfig, unsafe: boolean): FileFixResult[] {
  const optionsOf = (f: FixInput) => ({ defaultNamespace: f.defaultNamespace ?? config.defaultNamespace, partial: f.partial });
  const texts = inputs.map((f) => f.text);
  const parsed = inputs.map((f) => parseFile(f.uri, f.text, optionsOf(f)));
  const results = new Map<number, FileFixResult>();
  for (let pass = 0; pass < MAX_FIX_PASSES; pass++) {
    const all: KObject[] = parsed.flatMap((p) => p.objects);
    const changed: number[] = [];
    inputs.forEach((f, i) => {
      if (!parsed[i].objects.length) return;
      const others = all.filter((o) => o.uri !== f.uri);
      const r = fixAll(f.uri, texts[i], optionsOf(f), others, config, undefined, { unsafe });
      const earlier = results.get(i);
      if (r.text === texts[i] && !r.leftForPerson.length) { if (earlier) earlier.leftForPerson = []; return; }
      results.set(i, {
        display: f.display, uri: f.uri, before: f.text, after: r.text, fixed: [...(earlier?.fixed ?? []), ...r.fixed],
        rejected: (earlier?.rejected ?? 0) + r.rejected.length, leftForPerson: r.leftForPerson,
      });
      if (r.text !== texts[i]) { texts[i] = r.text; changed.push(i); }
    });
    if (!changed.length) break;
    for (const i of changed) parsed[i] = parseFile(inputs[i].uri, texts[i], optionsOf(inputs[i]));
  }
  return [...results.entries()].sort((a, b) => a[0] - b[0]).map(([, r]) => r).filter((r) => r.after !== r.before || r.leftForPerson.length);
}

/**
 * Writes each fixed file: the file must still hold what was read (else it is left alone and reported), the new text
 * goes to a temporary file beside it with the same mode, which then replaces the file in one rename.
 */
export async function writeFixes(results: readonly FileFixResult[]): Promise<string[]> {
  const errors: string[] = [];
  for (const r of results) {
    if (!r.uri.startsWith("file:") || r.after === r.before) continue;
    const path = fileURLToPath(r.uri);
    const tmp = join(dirname(path), `.${basename(path)}.kubeready-${process.pid}.tmp`);
    try {
      const st = await fs.stat(path);
      const now = await fs.readFile(path, "utf8");
      if (now !== r.before) { errors.push(`${r.display} changed while kubeready was reading it; not fixed`); continue; }
      await fs.writeFile(tmp, r.after, { mode: st.mode & 0o7777, flag: "wx" });
      await fs.chmod(tmp, st.mode & 0o7777);
      // One more look right before the rename: an editor that saved in between wins.
      if ((await fs.readFile(path, "utf8")) !== r.before) { await fs.rm(tmp, { force: true }); errors.push(`${r.display} changed while kubeready was fixing it; not fixed`); continue; }
      await fs.rename(tmp, path);
    } catch (e) {
      await fs.rm(tmp, { force: true }).catch(() => undefined);
      errors.push(`cannot write ${r.display}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
    }
  }
  return errors;
}

/** A unified diff of the fixes (git's a/ b/ prefixes, three lines of context). */
export async function unifiedDiff(results: readonly FileFixResult[]): Promise<string> {
  const { createTwoFilesPatch } = await import("diff");
  return results.filter((r) => r.after !== r.before).map((r) => {
    const patch = createTwoFilesPatch(`a/${r.display}`, `b/${r.display}`, r.before, r.after, "", "", { context: 3 });
    // Drop jsdiff's "====" header line; keep ---/+++ and the hunks.
    return patch.split("\n").filter((l, i) => !(i === 0 && l.startsWith("===")))
      .map((l, i) => (i < 2 ? l.replace(/\t$/, "") : l)).join("\n");
  }).join("");
}

export function fixSummary(results: readonly FileFixResult[], wrote: boolean): string {
  const n = results.reduce((a, r) => a + r.fixed.length, 0);
  const changed = results.filter((r) => r.after !== r.before).length;
  const fixed = n === 0 ? "" : `${wrote ? "Fixed" : "Would fix"} ${n} problem${n === 1 ? "" : "s"} in ${changed} file${changed === 1 ? "" : "s"} (${byRule(results.flatMap((r) => r.fixed))})\n`;
  return fixed + leftForPersonLine(results);
}

/** "Left N fixes for a person …": the placeholder fixes no batch applies, and why. */
export function leftForPersonLine(results: readonly FileFixResult[]): string {
  const left = results.flatMap((r) => r.leftForPerson);
  if (!left.length) return "";
  const files = results.filter((r) => r.leftForPerson.length).length;
  return `Left ${left.length} fix${left.length === 1 ? "" : "es"} in ${files} file${files === 1 ? "" : "s"} for a person (${byRule(left)}): `
    + "they need values only you know and would write <REPLACE_ME> placeholders the API server rejects; apply them one at a time with the editor's quick fix\n";
}

function byRule(items: readonly { rule: string }[]): string {
  const counts = new Map<string, number>();
  for (const f of items) counts.set(f.rule, (counts.get(f.rule) ?? 0) + 1);
  return [...counts].sort((a, b) => b[1] - a[1] || compareRuleIds(a[0], b[0])).map(([rule, k]) => `${rule} ${k}`).join(", ");
}
