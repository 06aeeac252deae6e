// Fix-all: applies the safe fixes of a file round by round (re-checking in between), as ESLint's --fix does.
import { isCreate, type Rule, type TextEdit } from "./api.js";
import { DEFAULT_CONFIG, type KubereadyConfig } from "./config.js";
import { checkFile, parseFile, type FileOptions } from "./engine.js";
import { applyTextEdits } from "./model/edit.js";
import type { KObject } from "./model/object.js";
import type { Range } from "./model/position.js";
import { WorkspaceIndex } from "./model/scope.js";
import { RULES } from "./index.js";

export interface FixAllResult { text: string; applied: number; rounds: number }

const MAX_ROUNDS = 10;

/**
 * Applies every safe fix of `uri`'s findings. `others` are the objects of the rest of the scope (cross-file rules
 * still see them). Fixes whose edits overlap one already taken in a round wait for the next round.
 */
export function fixAll(uri: string, text: string, options: FileOptions, others: readonly KObject[], config: KubereadyConfig = DEFAULT_CONFIG, rules: readonly Rule[] = RULES): FixAllResult {
  let applied = 0;
  let rounds = 0;
  const seenTexts = new Set<string>([text]);
  for (; rounds < MAX_ROUNDS; rounds++) {
    const parsed = parseFile(uri, text, options);
    if (parsed.problems.some((p) => p.severity === "error")) break; // never "fix" a file that does not parse
    const index = new WorkspaceIndex();
    index.setFile("\u0000others", others.filter((o) => o.uri !== uri));
    index.setFile(uri, parsed.objects);
    const findings = checkFile(parsed, index, config, rules);
    const taken: TextEdit[] = [];
    for (const f of findings) {
      if (f.fixable !== "safe" || !f.fixes) continue;
      const fix = f.fixes().find((x) => x.safe && !x.suppression);
      if (!fix || fix.edits.some((e) => isCreate(e) || e.uri !== uri)) continue;
      const edits = fix.edits as TextEdit[];
      if (edits.some((e) => taken.some((t) => overlaps(t.range, e.range)))) continue;
      taken.push(...edits);
      applied++;
    }
    if (taken.length === 0) break;
    const next = applyTextEdits(text, taken);
    if (seenTexts.has(next)) break; // fixes that undo each other: stop rather than loop
    seenTexts.add(next);
    text = next;
  }
  return { text, applied, rounds };
}

/** Two ranges overlap, or are insertions at the same point (whose order would be ambiguous). */
function overlaps(a: Range, b: Range): boolean {
  const before = (p: Range["start"], q: Range["start"]) => p.line < q.line || (p.line === q.line && p.character < q.character);
  const same = (p: Range["start"], q: Range["start"]) => p.line === q.line && p.character === q.character;
  if (same(a.start, b.start)) return true;
  return before(a.start, b.end) && before(b.start, a.end);
}

/** The smallest single edit turning `before` into `after`: whole lines, from the first to the last that differ. */
export function minimalEdit(before: string, after: string): { range: Range; newText: string } | undefined {
  if (before === after) return undefined;
  const a = before.split("\n");
  const b = after.split("\n");
  let start = 0;
  while (start < a.length && start < b.length && a[start] === b[start]) start++;
  let endA = a.length, endB = b.length;
  while (endA > start && endB > start && a[endA - 1] === b[endB - 1]) { endA--; endB--; }
  const replaced = b.slice(start, endB);
  // Replace lines [start, endA) with the new lines; express it as a range ending at the start of line endA.
  const range: Range = { start: { line: start, character: 0 }, end: endA < a.length ? { line: endA, character: 0 } : { line: a.length - 1, character: a[a.length - 1].length } };
  const newText = endA < a.length ? replaced.map((l) => l + "\n").join("") : replaced.join("\n");
  return { range, newText };
}
