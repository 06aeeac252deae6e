// One edit out of several dependent ones: each step sees the object as the steps before it left it (two fields added to
// one missing securityContext must become one block, not two `securityContext:` keys inserted at the same spot).
import type { TextEdit } from "../api.js";
import { splitDocuments } from "./document.js";
import { applyTextEdits } from "./edit.js";
import { objectsOf, type KObject } from "./object.js";

export type EditStep = (o: KObject) => TextEdit | readonly TextEdit[] | undefined;

/**
 * Runs `steps` one after another on the object's document, re-reading the object after each, and returns the result
 * as one edit of whole lines (comments and layout outside the changed lines are untouched). Undefined when no step
 * changed anything. A step that cannot edit (returns undefined) is skipped.
 */
export function composeEdits(o: KObject, steps: readonly EditStep[]): TextEdit | undefined {
  const chunk = o.source.chunk;
  const original = chunk.text;
  let text = original;
  let current: KObject | undefined = o;
  let first = true;
  for (const step of steps) {
    if (!current) break;
    const out = step(current);
    const edits = (out === undefined ? [] : Array.isArray(out) ? out : [out as TextEdit]).filter((e) => e.uri === o.uri);
    if (edits.length === 0) continue;
    // The first step's edits are in file coordinates; later ones in the re-read document's (line 0).
    const local = first ? edits.map((e) => ({ ...e, range: { start: { line: e.range.start.line - chunk.line, character: e.range.start.character }, end: { line: e.range.end.line - chunk.line, character: e.range.end.character } } })) : edits;
    text = applyTextEdits(text, local);
    first = false;
    current = reread(o, text);
  }
  if (text === original) return undefined;
  const d = lineDiff(original, text);
  if (!d) return undefined;
  return { uri: o.uri, range: { start: { line: d.start + chunk.line, character: 0 }, end: { line: d.end.line + chunk.line, character: d.end.character } }, newText: d.newText };
}

/** The object of the same kind and name in a re-parsed document (its chunk starts at line 0). */
function reread(o: KObject, text: string): KObject | undefined {
  const objects = splitDocuments(text).flatMap((c) => objectsOf(c, { uri: o.uri, defaultNamespace: o.namespaceExplicit ? undefined : o.namespace }));
  return objects.find((x) => x.kind === o.kind && x.name === o.name) ?? (objects.length === 1 ? objects[0] : undefined);
}

/** The replaced lines of `before` (from the start of line `start` to `end`) and their new text. */
function lineDiff(before: string, after: string): { start: number; end: { line: number; character: number }; newText: string } | undefined {
  const a = before.split("\n");
  const b = after.split("\n");
  const lastA = a.length - 1, lastB = b.length - 1;
  // The last element is what follows the last newline ("" when the text ends with one).
  if (a[lastA] !== b[lastB]) {
    let start = 0;
    while (start < lastA && start < lastB && a[start] === b[start]) start++;
    return { start, end: { line: lastA, character: a[lastA].length }, newText: b.slice(start).join("\n") };
  }
  let start = 0;
  while (start < lastA && start < lastB && a[start] === b[start]) start++;
  let endA = lastA, endB = lastB;
  while (endA > start && endB > start && a[endA - 1] === b[endB - 1]) { endA--; endB--; }
  if (start === endA && start === endB) return undefined;
  return { start, end: { line: endA, character: 0 }, newText: b.slice(start, endB).map((l) => `${l}\n`).join("") };
}
