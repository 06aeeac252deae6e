// Minimal YAML text edits (set a field, remove a field, append to a list or a file) that keep comments and formatting.
import { isMap, isScalar, isSeq, type Node, type Pair, type YAMLMap, type YAMLSeq } from "yaml";
import type { TextEdit } from "../api.js";
import type { KObject } from "./object.js";
import { locate, toPosition, toRange, type Path, type Range } from "./position.js";

/** A plain JSON-like value an edit writes. */
export type Plain = string | number | boolean | null | Plain[] | { [k: string]: Plain };

/** Sets `path` in the object to `value`, creating the missing maps on the way. Undefined if the YAML shape forbids it. */
export function setField(o: KObject, path: Path, value: Plain): TextEdit | undefined {
  const { doc, chunk } = o.source;
  const found = locate(doc, path);
  const text = chunk.text;
  const edit = (start: number, end: number, newText: string): TextEdit => ({ uri: o.uri, range: toRange(chunk, [start, end]), newText });

  if (found.depth === path.length) {
    const node = found.node;
    // `key:` with nothing after the colon is an empty null scalar: writing over it would glue the value to the colon.
    if (found.pair && isEmptyScalar(node)) return insertUnderPair(o, found.pair, [], value);
    if (node?.range) {
      if (isScalar(node) || !isPlainObject(value)) {
        if (isScalar(value) || !node || isScalar(node) || isFlow(node)) return edit(node.range[0], node.range[1], renderFlow(value));
      }
      if (isPlainObject(value) && isMap(node)) {
        // Merge key by key so existing siblings and comments stay; only a single edit can be returned here.
        const edits = setFields(o, path, value);
        return edits?.length === 1 ? edits[0] : undefined;
      }
      return edit(node.range[0], node.range[1], renderFlow(value));
    }
    // `key:` with no value: put the value under the key.
    if (found.pair) return insertUnderPair(o, found.pair, [], value);
    return undefined;
  }
  const rest = path.slice(found.depth);
  if (typeof rest[0] === "number") return undefined; // cannot create list items by index
  const node = found.node;
  if (!node) {
    if (found.pair) return insertUnderPair(o, found.pair, rest, value);
    return undefined;
  }
  if (!isMap(node)) {
    // `securityContext: null` or a scalar where a map must be: replace it with the map.
    if (isScalar(node) && (node.value === null || node.value === "") && found.pair) {
      if (isEmptyScalar(node)) return insertUnderPair(o, found.pair, rest, value);
      return edit(node.range![0], node.range![1], renderFlow(nest(rest, value)));
    }
    return undefined;
  }
  if (isFlow(node)) return insertIntoFlowMap(o, node, rest, value);
  const indent = childIndent(o, node);
  const at = endOfLastItem(text, node);
  const block = renderBlock(rest, value, indent, indentStep(o), seqIndent(o));
  return { uri: o.uri, range: toRange(chunk, [at.offset, at.offset]), newText: (at.needsNewline ? "\n" : "") + block };
}

/**
 * Sets several (possibly nested) keys under the map at `path`: existing keys are replaced where they are, maps that
 * exist are descended into, and the keys missing from one map are inserted together in one edit (two insertions at
 * the same spot would have an ambiguous order). Undefined when the YAML shape forbids one of the edits.
 */
export function setFields(o: KObject, path: Path, entries: { [k: string]: Plain }): TextEdit[] | undefined {
  const { doc, chunk } = o.source;
  const found = locate(doc, path);
  if (found.depth !== path.length || !found.node || !isMap(found.node)) {
    const e = setField(o, path, entries);
    return e ? [e] : undefined;
  }
  const map = found.node;
  if (isFlow(map) && map.items.length === 0 && map.range) {
    // `requests: {}`: replace the empty map as a whole.
    return [{ uri: o.uri, range: toRange(chunk, [map.range[0], map.range[1]]), newText: renderFlow(entries) }];
  }
  const edits: TextEdit[] = [];
  const missing: { [k: string]: Plain } = {};
  for (const [k, v] of Object.entries(entries)) {
    const child = map.items.find((it) => isScalar(it.key) && String(it.key.value) === k);
    if (!child) { missing[k] = v; continue; }
    const sub = isPlainObject(v) && isMap(child.value) ? setFields(o, [...path, k], v) : (() => { const e = setField(o, [...path, k], v); return e ? [e] : undefined; })();
    if (!sub) return undefined;
    edits.push(...sub);
  }
  const keys = Object.keys(missing);
  if (keys.length === 0) return edits;
  if (isFlow(map)) {
    const close = map.range![1] - 1;
    const rendered = keys.map((k) => `${renderScalar(k)}: ${renderFlow(missing[k])}`).join(", ");
    edits.push({ uri: o.uri, range: toRange(chunk, [close, close]), newText: `, ${rendered}` });
    return edits;
  }
  const indent = childIndent(o, map);
  const at = endOfLastItem(chunk.text, map);
  const block = keys.map((k) => renderBlock([k], missing[k], indent, indentStep(o), seqIndent(o))).join("");
  edits.push({ uri: o.uri, range: toRange(chunk, [at.offset, at.offset]), newText: (at.needsNewline ? "\n" : "") + block });
  return edits;
}

/** Removes `key: value` (whole lines in block style). Undefined when the field is absent. */
export function removeField(o: KObject, path: Path): TextEdit | undefined {
  const { doc, chunk } = o.source;
  const found = locate(doc, path);
  if (found.depth !== path.length || !found.pair) return undefined;
  const parent = locate(doc, path.slice(0, -1)).node;
  const text = chunk.text;
  const key = found.pair.key as Node;
  const value = found.pair.value as Node | null;
  const start = key.range![0];
  const end = value?.range?.[2] ?? value?.range?.[1] ?? key.range![1];
  if (parent && isMap(parent) && isFlow(parent)) {
    // `{a: 1, b: 2}` -> drop the pair and one neighbouring comma.
    let s = start, e = end;
    const after = text.slice(e).match(/^\s*,\s*/);
    if (after) e += after[0].length;
    else { const before = text.slice(0, s).match(/,\s*$/); if (before) s -= before[0].length; }
    return { uri: o.uri, range: toRange(chunk, [s, e]), newText: "" };
  }
  const lineStart = text.lastIndexOf("\n", start - 1) + 1;
  const prefix = text.slice(lineStart, start);
  if (/^\s*$/.test(prefix)) {
    let lineEnd = text.indexOf("\n", Math.max(end - 1, start));
    if (text[end - 1] === "\n") lineEnd = end - 1;
    lineEnd = lineEnd < 0 ? text.length : lineEnd + 1;
    if (parent && isMap(parent) && parent.items.length === 1) {
      // Removing the only field would leave the parent key without a value: leave `{}` instead.
      return replaceOnlyChild(o, path);
    }
    return { uri: o.uri, range: toRange(chunk, [lineStart, lineEnd]), newText: "" };
  }
  // The pair shares its line with `- ` (first field of a list item): replace it by the next field, if any.
  if (parent && isMap(parent)) {
    const idx = parent.items.indexOf(found.pair);
    const next = parent.items[idx + 1] as Pair | undefined;
    if (next && (next.key as Node).range) {
      return { uri: o.uri, range: toRange(chunk, [start, (next.key as Node).range![0]]), newText: "" };
    }
  }
  return undefined;
}

/** When the removed field is its map's only field, the parent becomes `{}` so the YAML keeps its meaning. */
function replaceOnlyChild(o: KObject, path: Path): TextEdit | undefined {
  const parentPath = path.slice(0, -1);
  const { doc, chunk } = o.source;
  const parentFound = locate(doc, parentPath);
  if (!parentFound.pair || !parentFound.node?.range) {
    return undefined;
  }
  const keyEnd = (parentFound.pair.key as Node).range![1];
  const end = parentFound.node.range[1];
  const text = chunk.text;
  // Keep everything up to `key:`; replace the nested block with ` {}` and keep the line break that followed it.
  const colon = text.indexOf(":", keyEnd);
  return { uri: o.uri, range: toRange(chunk, [colon + 1, trimTrailingNewline(text, end)]), newText: " {}" };
}

function trimTrailingNewline(text: string, end: number): number {
  let e = end;
  while (e > 0 && (text[e - 1] === "\n" || text[e - 1] === "\r")) e--;
  return e;
}

/** Appends items to a list at `path`, creating the list when it is missing. */
export function appendToList(o: KObject, path: Path, items: Plain[]): TextEdit | undefined {
  const { doc, chunk } = o.source;
  const found = locate(doc, path);
  if (found.depth !== path.length || !found.node) return setField(o, path, items);
  const node = found.node;
  if (!isSeq(node)) return undefined;
  const text = chunk.text;
  if (isFlow(node)) {
    const close = node.range![1] - 1; // position of `]`
    const inner = text.slice(node.range![0] + 1, close).trim();
    const rendered = items.map((i) => renderFlow(i)).join(", ");
    return { uri: o.uri, range: toRange(chunk, [close, close]), newText: inner ? `, ${rendered}` : rendered };
  }
  const first = node.items[0] as Node | undefined;
  // Search before the item: an item that itself starts with "-" (a command-line flag) must not be taken for the dash.
  const dashCol = first?.range ? columnOf(text, text.lastIndexOf("-", first.range[0] - 1)) : 0;
  const at = endOfLastItem(text, node);
  // Map items (a container, a volume) in block style at the list's dash column, as people write them.
  const lines = renderValueLines(items, dashCol, indentStep(o), seqIndent(o));
  return { uri: o.uri, range: toRange(chunk, [at.offset, at.offset]), newText: (at.needsNewline ? "\n" : "") + lines };
}

/** Inserts a new YAML document at the end of the object's file. `fileText` is the whole file. */
export function appendDocument(uri: string, fileText: string, documentText: string): TextEdit {
  const lines = fileText.split("\n");
  const lastLine = lines.length - 1;
  const end = { line: lastLine, character: lines[lastLine].length };
  const sep = fileText.length === 0 ? "" : fileText.endsWith("\n") ? "---\n" : "\n---\n";
  return { uri, range: { start: end, end }, newText: sep + (documentText.endsWith("\n") ? documentText : documentText + "\n") };
}

// ---- rendering ------------------------------------------------------------------------------------

const PLAIN_SAFE = /^[A-Za-z_/][A-Za-z0-9_.\/-]*$/;
const RESERVED = /^(true|false|yes|no|on|off|null|y|n|~)$/i;

export function renderScalar(v: string | number | boolean | null): string {
  if (v === null) return "null";
  if (typeof v !== "string") return String(v);
  return PLAIN_SAFE.test(v) && !RESERVED.test(v) ? v : JSON.stringify(v);
}

export function renderFlow(v: Plain): string {
  if (Array.isArray(v)) return `[${v.map(renderFlow).join(", ")}]`;
  if (isPlainObject(v)) return `{${Object.entries(v).map(([k, x]) => `${renderScalar(k)}: ${renderFlow(x)}`).join(", ")}}`;
  return renderScalar(v as string | number | boolean | null);
}

/** Renders `a: {b: {c: v}}` as indented block lines, each ending in a newline. */
export function renderBlock(path: Path, value: Plain, indent: number, step: number, seqIndented: boolean): string {
  const pad = " ".repeat(indent);
  if (path.length === 0) return renderValueLines(value, indent, step, seqIndented);
  const [head, ...rest] = path;
  if (rest.length === 0) {
    if (isPlainObject(value) && Object.keys(value).length > 0) return `${pad}${renderScalar(String(head))}:\n${renderValueLines(value, indent + step, step, seqIndented)}`;
    if (Array.isArray(value) && value.length > 0) return `${pad}${renderScalar(String(head))}:\n${renderValueLines(value, seqIndented ? indent + step : indent, step, seqIndented)}`;
    return `${pad}${renderScalar(String(head))}: ${renderFlow(value)}\n`;
  }
  return `${pad}${renderScalar(String(head))}:\n${renderBlock(rest, value, indent + step, step, seqIndented)}`;
}

function renderValueLines(value: Plain, indent: number, step: number, seqIndented: boolean): string {
  const pad = " ".repeat(indent);
  if (Array.isArray(value)) {
    return value.map((item) => {
      if (isPlainObject(item) && Object.keys(item).length > 0) {
        const inner = renderValueLines(item, indent + 2, step, seqIndented);
        return `${pad}- ${inner.slice(indent + 2)}`;
      }
      return `${pad}- ${renderFlow(item)}\n`;
    }).join("");
  }
  if (isPlainObject(value)) {
    return Object.entries(value).map(([k, v]) => renderBlock([k], v, indent, step, seqIndented)).join("");
  }
  return `${pad}${renderFlow(value)}\n`;
}

function nest(path: Path, value: Plain): Plain {
  return path.reduceRight<Plain>((acc, seg) => ({ [String(seg)]: acc }), value);
}

/** A value written as nothing at all (`key:` at the end of its line): a scalar whose source range is empty. */
function isEmptyScalar(node: Node | null): boolean {
  return !!node && isScalar(node) && !!node.range && node.range[0] === node.range[1];
}

function isPlainObject(v: unknown): v is { [k: string]: Plain } {
  return v !== null && typeof v === "object" && !Array.isArray(v);
}

// ---- layout detection -----------------------------------------------------------------------------

function isFlow(node: Node): boolean {
  return (isMap(node) || isSeq(node)) && (node as YAMLMap | YAMLSeq).flow === true;
}

function columnOf(text: string, offset: number): number {
  return offset - (text.lastIndexOf("\n", offset - 1) + 1);
}

/** Column of the keys of a block map; for an empty map, its parent's column plus the document's step. */
function childIndent(o: KObject, map: YAMLMap): number {
  const first = map.items[0] as Pair | undefined;
  const key = first?.key as Node | undefined;
  if (key?.range) return columnOf(o.source.chunk.text, key.range[0]);
  return indentStep(o);
}

/** The document's indentation step (2 or 4 ...), read from its first nested map. */
export function indentStep(o: KObject): number {
  const text = o.source.chunk.text;
  const m = text.match(/^([ \t]*)\S[^\n]*:[ \t]*(?:#[^\n]*)?\n(?:[ \t]*#[^\n]*\n)*( +)[^\s-]/m);
  if (m) {
    const step = m[2].length - m[1].length;
    if (step >= 2 && step <= 8) return step;
  }
  return 2;
}

/** Whether block lists are indented under their key (`  - a`) or flush with it (`- a`, kubectl's style). */
export function seqIndent(o: KObject): boolean {
  const m = o.source.chunk.text.match(/^([ \t]*)[^\s#][^\n]*:[ \t]*\n( *)- /m);
  if (m) return m[2].length > m[1].length;
  return true;
}

/** Where to insert after the last entry of a block collection: the start of the line after it. */
function endOfLastItem(text: string, node: YAMLMap | YAMLSeq): { offset: number; needsNewline: boolean } {
  let end = node.range![1];
  const last = node.items[node.items.length - 1] as Pair | Node | undefined;
  if (last) {
    const v = (isPairLike(last) ? (last.value ?? last.key) : last) as Node | null;
    if (v?.range) end = Math.max(end, v.range[1]);
  }
  // Walk back over trailing blank lines and comments that the node's range may include.
  while (end > 0 && (text[end - 1] === "\n" || text[end - 1] === "\r" || text[end - 1] === " ")) end--;
  const nl = text.indexOf("\n", end);
  if (nl < 0) return { offset: text.length, needsNewline: true };
  return { offset: nl + 1, needsNewline: false };
}

function isPairLike(x: unknown): x is Pair {
  return typeof x === "object" && x !== null && "key" in x && "value" in x;
}

function insertUnderPair(o: KObject, pair: Pair, rest: Path, value: Plain): TextEdit | undefined {
  const { chunk } = o.source;
  const text = chunk.text;
  const key = pair.key as Node;
  const keyCol = columnOf(text, key.range![0]);
  const colon = text.indexOf(":", key.range![1]);
  const lineEnd = text.indexOf("\n", colon);
  const at = lineEnd < 0 ? text.length : lineEnd + 1;
  const body = rest.length === 0
    ? renderValueLines(value, keyCol + indentStep(o), indentStep(o), seqIndent(o))
    : renderBlock(rest, value, keyCol + indentStep(o), indentStep(o), seqIndent(o));
  if (!isPlainObject(value) && !Array.isArray(value) && rest.length === 0) {
    const p = toPosition(chunk, colon + 1);
    return { uri: o.uri, range: { start: p, end: p }, newText: ` ${renderFlow(value)}` };
  }
  return { uri: o.uri, range: toRange(chunk, [at, at]), newText: (lineEnd < 0 ? "\n" : "") + body };
}

function insertIntoFlowMap(o: KObject, node: YAMLMap, rest: Path, value: Plain): TextEdit {
  const { chunk } = o.source;
  const close = node.range![1] - 1;
  const entry = `${renderScalar(String(rest[0]))}: ${renderFlow(rest.length > 1 ? nest(rest.slice(1), value) : value)}`;
  return { uri: o.uri, range: toRange(chunk, [close, close]), newText: node.items.length ? `, ${entry}` : entry };
}

/** Applies non-overlapping text edits to a text (for tests, the CLI and fix-all). */
export function applyTextEdits(text: string, edits: readonly { range: Range; newText: string }[]): string {
  const lineStarts = [0];
  for (let i = text.indexOf("\n"); i >= 0; i = text.indexOf("\n", i + 1)) lineStarts.push(i + 1);
  const off = (p: { line: number; character: number }) =>
    p.line >= lineStarts.length ? text.length : Math.min(lineStarts[p.line] + p.character, text.length);
  const sorted = edits.map((e, i) => ({ s: off(e.range.start), e: off(e.range.end), t: e.newText, i }))
    .sort((a, b) => b.s - a.s || b.i - a.i);
  let out = text;
  for (const e of sorted) out = out.slice(0, e.s) + e.t + out.slice(e.e);
  return out;
}
