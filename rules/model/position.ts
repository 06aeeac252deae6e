// Maps a path inside a Kubernetes object (['spec','containers',0,'image']) to an exact source range.
import { isMap, isPair, isScalar, isSeq, type Document, type Node, type Pair } from "yaml";
import type { SourceDocument } from "./document.js";

export type Path = readonly (string | number)[];
export interface Position { line: number; character: number }
export interface Range { start: Position; end: Position }

/** Where on a node a finding points: its key (`privileged:`), its value (`true`), or the whole `key: value`. */
export type Anchor = "key" | "value" | "pair";

export interface Located {
  /** The deepest node of the path that exists. */
  node: Node | null;
  /** The pair holding `node`, when it is a map value. */
  pair: Pair | null;
  /** How many path segments were found; equal to path.length when the whole path exists. */
  depth: number;
}

/** Walks `path` from the document root as far as it exists. */
export function locate(doc: Document.Parsed, path: Path): Located {
  let node = doc.contents as Node | null;
  let pair: Pair | null = null;
  let depth = 0;
  for (const seg of path) {
    if (typeof seg === "number" && isSeq(node)) {
      const item = node.items[seg] as Node | undefined;
      if (!item) break;
      node = item; pair = null;
    } else if (typeof seg === "string" && isMap(node)) {
      const p = pairWithKey(node.items as Pair[], seg);
      if (!p) break;
      pair = p; node = (p.value as Node | null) ?? null;
      if (!node) { depth++; break; }
    } else break;
    depth++;
  }
  return { node, pair, depth };
}

/** The pair whose scalar key reads as `seg` (a key `1` matches "1"); every finding's path is looked up this way. */
function pairWithKey(items: readonly Pair[], seg: string): Pair | undefined {
  for (const it of items) {
    const key = it.key;
    if (!isScalar(key)) continue;
    const v = key.value;
    if (v === seg || (typeof v !== "string" && String(v) === seg)) return it;
  }
  return undefined;
}

/** A range in chunk offsets ([start, end)) for a path, following the anchor rules documented in rules/README.md. */
export function offsetRange(doc: Document.Parsed, path: Path, anchor: Anchor = "value"): [number, number] {
  const found = locate(doc, path);
  const whole = found.depth === path.length;
  const { node, pair } = found;
  if (whole) {
    if (pair && (anchor === "key" || anchor === "pair" || (anchor === "value" && node && !isScalar(node)) || !node)) {
      return keyOrPairRange(pair, anchor === "pair");
    }
    if (node?.range) {
      if (anchor === "value" && !isScalar(node) && isSeq(node) === false && isMap(node)) return itemHeadRange(node);
      return [node.range[0], node.range[1]];
    }
  }
  // The path stops early: point at the deepest thing that exists, never at nothing.
  if (node && isMap(node) && !pair) return itemHeadRange(node);
  if (pair) return keyOrPairRange(pair, false);
  if (node?.range) return [node.range[0], node.range[1]];
  const root = doc.contents as Node | null;
  if (root && isMap(root)) return itemHeadRange(root);
  return [0, 0];
}

function keyOrPairRange(pair: Pair, wholePair: boolean): [number, number] {
  const key = pair.key as Node | null;
  const value = pair.value as Node | null;
  const start = key?.range?.[0] ?? value?.range?.[0] ?? 0;
  if (wholePair && value?.range) return [start, value.range[1]];
  const end = key?.range?.[1] ?? start;
  return [start, end];
}

/** For a map that is a list item (a container), its `name: x` pair is the natural place to point; else its first key. */
function itemHeadRange(map: Node): [number, number] {
  if (!isMap(map) || map.items.length === 0) return map.range ? [map.range[0], map.range[1]] : [0, 0];
  const name = map.items.find((it) => isScalar(it.key) && it.key.value === "name");
  const pick = (name ?? map.items[0]) as Pair;
  return keyOrPairRange(pick, name !== undefined);
}

/** Converts chunk offsets to an absolute file range. */
export function toRange(src: SourceDocument, [start, end]: [number, number]): Range {
  return { start: toPosition(src, start), end: toPosition(src, end) };
}

export function toPosition(src: SourceDocument, offset: number): Position {
  const lp = src.lineCounter.linePos(Math.max(0, Math.min(offset, src.text.length)));
  return { line: src.line + lp.line - 1, character: lp.col - 1 };
}
