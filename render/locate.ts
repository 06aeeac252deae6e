// Finds where a person edits a rendered value: the key path in a YAML source file, or the line of a Helm template.
import { isMap, isPair, isScalar, isSeq, LineCounter, parseAllDocuments, type Document, type Node, type Pair } from "yaml";
import { locate, offsetRange, type Anchor, type Path } from "../rules/model/position.js";
import type { Range } from "../rules/model/position.js";

export type Segment = string | number;

/** The key path of the deepest node of a rendered document that contains `offset`, and whether it is on a key. */
export function pathAt(doc: Document.Parsed, offset: number): { path: Segment[]; onKey: boolean } {
  const path: Segment[] = [];
  let node = doc.contents as Node | null;
  let onKey = false;
  for (;;) {
    if (isMap(node)) {
      const pair = (node.items as Pair[]).find((p) => within(p, offset));
      if (!pair || !isScalar(pair.key)) break;
      path.push(String(pair.key.value));
      const k = pair.key as Node;
      if (k.range && offset >= k.range[0] && offset < k.range[1]) { onKey = true; break; }
      node = pair.value as Node | null;
    } else if (isSeq(node)) {
      const i = node.items.findIndex((it) => within(it as Node, offset));
      if (i < 0) break;
      path.push(i);
      node = node.items[i] as Node;
    } else break;
  }
  return { path, onKey };
}

function within(n: Node | Pair, offset: number): boolean {
  if (isPair(n)) {
    const k = n.key as Node | null, v = n.value as Node | null;
    const start = k?.range?.[0] ?? v?.range?.[0];
    const end = v?.range?.[1] ?? k?.range?.[1];
    return start !== undefined && end !== undefined && offset >= start && offset < Math.max(end, start + 1);
  }
  const r = (n as Node).range;
  return !!r && offset >= r[0] && offset < Math.max(r[1], r[0] + 1);
}

/** Rewrites list indexes of a rendered path to the source's: items are matched by `name` (patches add and reorder). */
export function translatePath(rendered: unknown, source: Node | null, path: readonly Segment[]): Segment[] {
  const out: Segment[] = [];
  let r: unknown = rendered, s: Node | null = source;
  for (const seg of path) {
    if (typeof seg === "number" && Array.isArray(r) && isSeq(s)) {
      const item = r[seg] as Record<string, unknown> | undefined;
      const name = item && typeof item === "object" ? item.name : undefined;
      let index = seg;
      if (typeof name === "string") {
        const found = s.items.findIndex((it) => isMap(it) && (it as { get(k: string): unknown }).get("name") === name);
        if (found >= 0) index = found;
        else { out.push(-1); return out; } // the item is not in this file (a patch added it)
      } else if (index >= s.items.length) { out.push(-1); return out; }
      out.push(index);
      r = item; s = (s.items[index] as Node) ?? null;
    } else if (typeof seg === "string") {
      out.push(seg);
      r = r && typeof r === "object" ? (r as Record<string, unknown>)[seg] : undefined;
      s = isMap(s) ? ((s as { get(k: string, keepNode: true): Node | undefined }).get(seg, true) ?? null) : null;
    } else {
      out.push(seg);
      r = undefined; s = null;
    }
  }
  return out;
}

export interface SourceSpot {
  range: Range;
  /** How many segments of the path exist in the source: path.length means the very value was found. */
  depth: number;
  /** The whole path was found but holds another value than the rendered one (a patch or transformer changed it). */
  differs?: boolean;
}

interface ParsedFile { docs: Document.Parsed[]; lines: LineCounter }
const parsedFiles = new Map<string, ParsedFile>();

function parseFile(text: string): ParsedFile {
  let hit = parsedFiles.get(text);
  if (!hit) {
    const lines = new LineCounter();
    const docs = parseAllDocuments(text, { lineCounter: lines, uniqueKeys: false }) as Document.Parsed[];
    hit = { docs: Array.isArray(docs) ? docs : [], lines };
    if (parsedFiles.size > 500) parsedFiles.clear();
    parsedFiles.set(text, hit);
  }
  return hit;
}

function toRangeIn(lines: LineCounter, [start, end]: [number, number]): Range {
  const a = lines.linePos(start), b = lines.linePos(Math.max(start, end));
  return { start: { line: a.line - 1, character: a.col - 1 }, end: { line: b.line - 1, character: b.col - 1 } };
}

/**
 * The document of a YAML file that holds the rendered object: same kind, and the name the file gives it (kustomize
 * adds prefixes and suffixes, so the rendered name contains it). With several candidates the longest name wins.
 */
function documentFor(file: ParsedFile, kind: string, name: string): Document.Parsed | undefined {
  let best: Document.Parsed | undefined, bestLength = -1;
  for (const doc of file.docs) {
    if (!isMap(doc.contents)) continue;
    const k = doc.get("kind"), n = doc.getIn(["metadata", "name"]);
    if (k !== undefined && k !== kind) continue;
    const own = typeof n === "string" ? n : "";
    if (own && !name.includes(own)) continue;
    if (own.length > bestLength) { best = doc; bestLength = own.length; }
  }
  return best;
}

/**
 * Where `path` of the rendered object (`rendered` is its value) is in a YAML source file: the deepest part that
 * exists, in the document of the same kind and name. Undefined when no document of the file is that object.
 */
export function locateInYaml(text: string, kind: string, name: string, rendered: unknown, path: readonly Segment[], anchor: Anchor): SourceSpot | undefined {
  const file = parseFile(text);
  const doc = documentFor(file, kind, name);
  if (!doc) return undefined;
  const translated = translatePath(rendered, doc.contents as Node, path);
  const spot = spotIn(file, doc, translated, anchor);
  if (spot.depth === path.length) {
    let r: unknown = rendered;
    for (const seg of path) r = r && typeof r === "object" ? (r as Record<string | number, unknown>)[seg] : undefined;
    const node = doc.getIn(translated, true) as { toJSON?: () => unknown } | undefined;
    const own = node && typeof node === "object" && "toJSON" in node ? (node as { toJSON(): unknown }).toJSON() : node;
    if (typeof r !== "object" && JSON.stringify(own) !== JSON.stringify(r)) spot.differs = true;
  }
  return spot;
}

function spotIn(file: ParsedFile, doc: Document.Parsed, path: Segment[], anchor: Anchor): SourceSpot {
  const cut = path.indexOf(-1);
  const usable = cut >= 0 ? path.slice(0, cut) : path;
  const depth = locate(doc, usable as Path).depth;
  return { range: toRangeIn(file.lines, offsetRange(doc, usable as Path, anchor)), depth: cut >= 0 ? Math.min(depth, cut) : depth };
}

/** A value path in a values file (`resources.limits` → the `limits:` line under `resources:`). */
export function locateValue(text: string, valuePath: readonly string[]): SourceSpot | undefined {
  const file = parseFile(text);
  const doc = file.docs[0];
  if (!doc || !isMap(doc.contents)) return undefined;
  const spot = spotIn(file, doc, [...valuePath], "key");
  return spot.depth === valuePath.length ? spot : undefined;
}

/** JSON6902 operations of a patch file whose path is the finding's path or above it: the op that set the value. */
export function locateJsonPatch(text: string, path: readonly Segment[]): SourceSpot | undefined {
  const file = parseFile(text);
  const doc = file.docs[0];
  if (!doc || !isSeq(doc.contents)) return undefined;
  let best: SourceSpot | undefined;
  doc.contents.items.forEach((item, i) => {
    if (!isMap(item)) return;
    const p = (item as { get(k: string): unknown }).get("path");
    if (typeof p !== "string") return;
    const segs = p.split("/").slice(1).map((s) => s.replace(/~1/g, "/").replace(/~0/g, "~"));
    if (segs.length > path.length || !segs.every((s, j) => s === String(path[j]) || (s === "-" && typeof path[j] === "number"))) return;
    // Inside the op's value when it holds the rest of the path (a replaced securityContext that sets runAsUser: 0).
    const rest = path.slice(segs.length);
    const inside = rest.length > 0 && doc.hasIn([i, "value", ...rest]) ? rest.length : 0;
    if (best && best.depth >= segs.length + inside) return;
    best = { range: toRangeIn(file.lines, offsetRange(doc, [i, "value", ...rest.slice(0, inside)], "value")), depth: segs.length + inside };
  });
  return best;
}

// ---- Helm templates: not YAML until rendered, so keys are found by indentation ----------------------------

export interface TemplateSpot extends SourceSpot {
  /** The `.Values` key the value at that line comes from (`resources`, `image.tag`), when the template reads one there. */
  valuesKey?: string;
}

/** `indent`: the column of the key (after "- " on an item line); `col`: the first non-blank column. */
interface Line { text: string; indent: number; col: number; key?: string; dash: boolean; templateOnly: boolean }

const templateLines = new Map<string, Line[]>();
function linesOf(text: string): Line[] {
  let hit = templateLines.get(text);
  if (!hit) {
    hit = text.split("\n").map((raw) => {
      const t = raw.replace(/\r$/, "");
      const m = /^(\s*)(- +)?(?:"([^"]+)"|'([^']+)'|([^\s:#{}'"][^:#]*?))\s*:(\s|$)/.exec(t);
      const trimmed = t.trim();
      const templateOnly = trimmed.startsWith("{{") && trimmed.endsWith("}}");
      const col = t.length - t.trimStart().length;
      if (!m) {
        const dashOnly = /^(\s*)- /.exec(t);
        return { text: t, indent: dashOnly ? dashOnly[1].length + 2 : col, col, dash: !!dashOnly, templateOnly };
      }
      return { text: t, indent: m[1].length + (m[2]?.length ?? 0), col, key: m[3] ?? m[4] ?? m[5], dash: !!m[2], templateOnly };
    });
    if (templateLines.size > 500) templateLines.clear();
    templateLines.set(text, hit);
  }
  return hit;
}

/**
 * The end of the block of line `at` whose content sits right of column `indent`: blank, comment and template-only
 * lines never end it; after a key, list items at the key's own column still belong to it (`containers:\n- name: x`).
 */
function blockEnd(lines: Line[], at: number, indent: number, keyBlock = true): number {
  let i = at + 1;
  for (; i < lines.length; i++) {
    const l = lines[i];
    if (!l.text.trim() || l.templateOnly || l.text.trimStart().startsWith("#")) continue;
    if (l.col > indent) continue;
    if (keyBlock && l.dash && l.col === indent) continue;
    break;
  }
  return i;
}

/**
 * Follows a rendered key path through a template's text by indentation: each key is looked for among the least
 * indented keys of its parent's block; list items are matched by a literal `name:` where there is one, else by
 * position. Returns the deepest line found, and the `.Values` key that line (or the template-only lines of its block)
 * reads, so a finding can name where its value is set.
 */
export function locateInTemplate(text: string, rendered: unknown, path: readonly Segment[]): TemplateSpot {
  const lines = linesOf(text);
  let from = 0, to = lines.length, parentIndent = -1;
  let found = -1, depth = 0;
  let r: unknown = rendered;
  for (const seg of path) {
    if (typeof seg === "string") {
      let best = -1;
      for (let i = from; i < to; i++) {
        const l = lines[i];
        if (l.key === seg && l.indent > parentIndent && (best < 0 || l.indent < lines[best].indent)) best = i;
      }
      if (best < 0) break;
      found = best; depth++;
      parentIndent = lines[best].indent;
      from = best + 1; to = blockEnd(lines, best, lines[best].indent);
      r = r && typeof r === "object" ? (r as Record<string, unknown>)[seg] : undefined;
    } else {
      const items: number[] = [];
      let itemIndent = Infinity;
      for (let i = from; i < to; i++) if (lines[i].dash && lines[i].col >= parentIndent) itemIndent = Math.min(itemIndent, lines[i].col);
      for (let i = from; i < to; i++) if (lines[i].dash && lines[i].col === itemIndent) items.push(i);
      const item = Array.isArray(r) ? (r[seg] as Record<string, unknown> | undefined) : undefined;
      const name = item && typeof item === "object" && typeof item.name === "string" ? item.name : undefined;
      let at = name ? items.find((i) => new RegExp(`name:\\s*["']?${name.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}["']?\\s*$`).test(lines[i].text)) : undefined;
      if (at === undefined) at = items.length === 1 ? items[0] : items[seg];
      if (at === undefined) break;
      found = at; depth++;
      // The item's keys sit right of its dash; its first key is on the dash line itself, so the search includes it.
      parentIndent = lines[at].col;
      from = at; to = blockEnd(lines, at, lines[at].col, false);
      r = item;
    }
  }
  if (found < 0) return { range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, depth: 0 };
  const l = lines[found];
  const keyStart = l.key ? l.text.indexOf(l.key, l.col) : l.col;
  const range = { start: { line: found, character: Math.max(0, keyStart) }, end: { line: found, character: l.key ? keyStart + l.key.length : l.text.length } };
  return { range, depth, valuesKey: valuesKeyNear(lines, found) };
}

const VALUES_REF = /\.Values\.([A-Za-z_][\w]*(?:\.[A-Za-z_][\w]*)*)/;

/** The `.Values` key read on the line itself, else by a template-only line of its block, else by a `with`/`if` just above. */
function valuesKeyNear(lines: Line[], at: number): string | undefined {
  const own = VALUES_REF.exec(lines[at].text.slice(lines[at].text.indexOf(":") + 1));
  if (own) return own[1];
  const end = blockEnd(lines, at, lines[at].col);
  for (let i = at + 1; i < end; i++) {
    if (!lines[i].templateOnly) {
      if (lines[i].key) break; // a nested key: what follows belongs to it
      continue;
    }
    const m = VALUES_REF.exec(lines[i].text);
    if (m) return m[1];
  }
  for (let i = at - 1; i >= 0 && lines[i].templateOnly; i--) {
    const m = /\{\{-?\s*(?:with|if)\s+\.Values\.([\w.]+)/.exec(lines[i].text);
    if (m) return m[1];
  }
  return undefined;
}
