// A fast block-YAML writer for live objects (plain JSON), several times quicker than a yaml Document for 10,000s of objects.
// It can also hand back the syntax tree a parse of its text would give (same node classes, ranges and values), so a
// cluster snapshot is analysed without parsing 17,000 documents it has just written.
import { Pair, Scalar, YAMLMap, YAMLSeq } from "yaml";

/** Plain scalars we emit unquoted: they cannot be read back as anything but the same string. */
const SAFE_PLAIN = /^[A-Za-z_][A-Za-z0-9_.\/@+=-]*(:[A-Za-z0-9_.\/@+=-]+)*$/;
/** Words some YAML readers (1.1 ones like kubectl's) take for booleans or null. */
const RESERVED = /^(true|false|null|yes|no|on|off|y|n)$/i;

/** `E0`, `e12`: a YAML 1.1 reader (the yaml package in 1.1 mode) takes these for floats. */
const EXPONENT = /^[eE][-+]?[0-9_]*$/;

function scalar(value: unknown): string {
  if (value === null || value === undefined) return "null";
  if (typeof value === "number") return Number.isFinite(value) ? String(value) : JSON.stringify(String(value));
  if (typeof value === "boolean") return value ? "true" : "false";
  const s = String(value);
  if (SAFE_PLAIN.test(s) && !RESERVED.test(s) && !EXPONENT.test(s)) return s;
  // A JSON string literal is a valid YAML double-quoted scalar with the same value.
  return JSON.stringify(s);
}

/** Mapping keys repeat across objects (`name`, `image`, `app.kubernetes.io/name`): written once, remembered. */
const keyCache = new Map<string, string>();

function scalarKey(key: string): string {
  let k = keyCache.get(key);
  if (k === undefined) {
    k = scalar(key);
    if (keyCache.size >= 10_000) keyCache.clear();
    keyCache.set(key, k);
  }
  return k;
}

function isCollection(v: unknown): v is Record<string, unknown> | unknown[] {
  return v !== null && typeof v === "object";
}

function isEmpty(v: Record<string, unknown> | unknown[]): boolean {
  if (Array.isArray(v)) return v.length === 0;
  for (const key in v) if (Object.prototype.hasOwnProperty.call(v, key)) return false;
  return true;
}

/** The keys the writer writes, in order: own enumerable string keys (as Object.entries) whose value is not undefined. */
function writtenKeysOf(obj: Record<string, unknown>): string[] {
  const keys = Object.keys(obj);
  for (let i = 0; i < keys.length; i++) if (obj[keys[i]!] === undefined) return keys.filter((k) => obj[k] !== undefined);
  return keys;
}

/**
 * Thrown while building a syntax tree for text that a YAML parser would not read back as written (a key past the
 * 1,024-character limit of implicit keys): the caller parses the text instead.
 */
export class NotBuildable extends Error {}

/** Keys this long are errors in YAML (implicit keys end within 1,024 characters); leave them to the real parser. */
const MAX_IMPLICIT_KEY = 1000;

/** Whether the writer writes `key` longer than an implicit key may be (`blockYamlTree` then throws NotBuildable). */
export function tooLongForKey(key: string): boolean {
  // A written key is at most 6 characters per character (`\uXXXX`) plus its quotes.
  return key.length * 6 + 2 > MAX_IMPLICIT_KEY && scalarKey(key).length > MAX_IMPLICIT_KEY;
}

/**
 * Where the nodes of a written document sit, three numbers per node in document order (a mapping, then each key
 * and value subtree; a sequence, then each item subtree): start offset, end offset (range[1]) and the number of
 * nodes in its subtree. Far smaller than the nodes: those are made when something walks to them (see LazyMap).
 */
export type Layout = number[];

/** Writes block YAML line by line, tracking offsets; with a layout, it records where every node starts and ends. */
class Writer {
  readonly lines: string[] = [];
  /** Offset of the next line's first character. */
  pos = 0;
  /** Offsets where lines start (what a LineCounter of the text holds, the final end of text excepted). */
  readonly lineStarts: number[] = [];

  constructor(private readonly layout: Layout | undefined) {}

  private push(line: string): void {
    if (this.layout) this.lineStarts.push(this.pos);
    this.lines.push(line);
    this.pos += line.length + 1;
  }

  /** Records a node that has no children (a scalar, an empty flow collection). */
  private leaf(start: number, end: number): void {
    this.layout!.push(start, end, 1);
  }

  mapping(obj: Record<string, unknown>, indent: string, firstPrefix?: string): void {
    const layout = this.layout;
    const node = layout ? layout.length : 0;
    if (layout) layout.push(this.pos + (firstPrefix ?? indent).length, 0, 0);
    let first = true;
    for (const key of writtenKeysOf(obj)) {
      const v = obj[key];
      const prefix = first && firstPrefix !== undefined ? firstPrefix : indent;
      first = false;
      const k = scalarKey(key);
      const keyStart = this.pos + prefix.length;
      if (layout) {
        if (k.length > MAX_IMPLICIT_KEY) throw new NotBuildable("key too long");
        this.leaf(keyStart, keyStart + k.length);
      }
      const valueStart = keyStart + k.length + 2;
      if (!isCollection(v)) {
        const written = scalar(v);
        if (layout) this.leaf(valueStart, valueStart + written.length);
        this.push(`${prefix}${k}: ${written}`);
      } else if (isEmpty(v)) {
        if (layout) this.leaf(valueStart, valueStart + 2);
        this.push(`${prefix}${k}: ${Array.isArray(v) ? "[]" : "{}"}`);
      } else {
        this.push(`${prefix}${k}:`);
        // Sequences under a key are not indented further, as kubectl writes them.
        if (Array.isArray(v)) this.sequence(v, indent);
        else this.mapping(v, `${indent}  `);
      }
    }
    if (layout) {
      layout[node + 1] = this.pos;
      layout[node + 2] = (layout.length - node) / 3;
    }
  }

  sequence(items: unknown[], indent: string): void {
    const layout = this.layout;
    const node = layout ? layout.length : 0;
    if (layout) layout.push(this.pos + indent.length, 0, 0);
    for (const item of items) {
      const itemStart = this.pos + indent.length + 2;
      if (!isCollection(item)) {
        const written = scalar(item);
        if (layout) this.leaf(itemStart, itemStart + written.length);
        this.push(`${indent}- ${written}`);
      } else if (isEmpty(item)) {
        if (layout) this.leaf(itemStart, itemStart + 2);
        this.push(`${indent}- ${Array.isArray(item) ? "[]" : "{}"}`);
      } else if (Array.isArray(item)) {
        this.push(`${indent}-`);
        this.sequence(item, `${indent}  `);
      } else {
        this.mapping(item, `${indent}  `, `${indent}- `);
      }
    }
    if (layout) {
      layout[node + 1] = this.pos;
      layout[node + 2] = (layout.length - node) / 3;
    }
  }

  text(): string {
    return `${this.lines.join("\n")}\n`;
  }
}

/** Block YAML of a JSON object (mapping at the top), ending with a newline. */
export function toBlockYaml(value: Record<string, unknown>): string {
  if (isEmpty(value)) return "{}\n";
  const w = new Writer(undefined);
  w.mapping(value, "");
  return w.text();
}

// ---- the syntax tree of the written text -------------------------------------------------------------

/** The plain value the parse reads back for a scalar: numbers as written (-0 as 0), NaN and ±Infinity as strings. */
function plainScalar(value: unknown, written: string): unknown {
  if (typeof value === "number") return Number.isFinite(value) ? Number(written) : String(value);
  if (value === undefined) return null;
  return value;
}

/** The plain value a parse of `toBlockYaml(value)` gives: JSON's values, as the writer writes them. */
export function plainValue(v: unknown): unknown {
  if (!isCollection(v)) return typeof v === "number" ? plainScalar(v, String(v)) : v === undefined ? null : v;
  if (Array.isArray(v)) {
    const out = new Array<unknown>(v.length);
    for (let i = 0; i < v.length; i++) out[i] = plainValue(v[i]);
    return out;
  }
  const out: Record<string, unknown> = {};
  for (const key of writtenKeysOf(v)) {
    const child = plainValue(v[key]);
    // As the parse does: `__proto__` becomes an own property, not the prototype.
    if (key === "__proto__") Object.defineProperty(out, key, { value: child, writable: true, enumerable: true, configurable: true });
    else out[key] = child;
  }
  return out;
}

/** A scalar node as the yaml package's composer makes it for `written` at `start` (a value ends at its line's newline). */
function scalarNode(value: unknown, written: string, start: number, end: number, atKey: boolean): Scalar {
  const v = atKey ? value : plainScalar(value, written);
  const node = new Scalar(v);
  node.range = [start, end, atKey ? end : end + 1];
  node.source = typeof v === "string" ? v : written;
  node.type = written.charCodeAt(0) === 34 /* '"' */ ? Scalar.QUOTE_DOUBLE : Scalar.PLAIN;
  // As the yaml package's float tag does for `1e+21`.
  if (typeof v === "number" && /e/i.test(written)) node.format = "EXP";
  return node;
}

/** The node at `at` of a layout for `value` (its JSON value). */
function nodeAt(layout: Layout, at: number, value: unknown): Scalar | YAMLMap | YAMLSeq {
  const start = layout[at]!, end = layout[at + 1]!;
  if (!isCollection(value)) return scalarNode(value, scalar(value), start, end, false);
  if (isEmpty(value)) {
    const node = Array.isArray(value) ? new YAMLSeq() : new YAMLMap();
    node.flow = true;
    node.range = [start, end, end + 1];
    return node;
  }
  return Array.isArray(value) ? new LazySeq(layout, at, value) : new LazyMap(layout, at, value);
}

/** Set while a lazy collection's base constructor runs (it assigns `items`, which the layout decides instead). */
let constructing = false;

/**
 * A block mapping whose pairs are made when first read: a rule's finding walks from the root to one field, and the
 * other 90 % of an object's nodes are never needed. To everything that reads it, it is the parser's YAMLMap.
 */
class LazyMap extends YAMLMap {
  declare private lazy: { layout: Layout; at: number; value: Record<string, unknown> } | undefined;
  declare private made: Pair[] | undefined;

  constructor(layout: Layout, at: number, value: Record<string, unknown>) {
    constructing = true;
    super();
    constructing = false;
    this.lazy = { layout, at, value };
    this.range = [layout[at]!, layout[at + 1]!, layout[at + 1]!];
  }

  /** The pairs, as the layout places them: a key node, then its value's subtree. */
  protected makeItems(): Pair[] {
    const { layout, at, value } = this.lazy!;
    this.lazy = undefined;
    const items: Pair[] = [];
    let node = at + 3;
    for (const key of writtenKeysOf(value)) {
      const k = scalarKey(key);
      const keyNode = scalarNode(key, k, layout[node]!, layout[node + 1]!, true);
      node += 3;
      items.push(new Pair(keyNode, nodeAt(layout, node, value[key])));
      node += 3 * layout[node + 2]!;
    }
    return items;
  }
}

/** A block sequence whose items are made when first read (see LazyMap). */
class LazySeq extends YAMLSeq {
  declare private lazy: { layout: Layout; at: number; value: unknown[] } | undefined;
  declare private made: unknown[] | undefined;

  constructor(layout: Layout, at: number, value: unknown[]) {
    constructing = true;
    super();
    constructing = false;
    this.lazy = { layout, at, value };
    this.range = [layout[at]!, layout[at + 1]!, layout[at + 1]!];
  }

  protected makeItems(): unknown[] {
    const { layout, at, value } = this.lazy!;
    this.lazy = undefined;
    const items = new Array<unknown>(value.length);
    let node = at + 3;
    for (let i = 0; i < value.length; i++) {
      items[i] = nodeAt(layout, node, value[i]);
      node += 3 * layout[node + 2]!;
    }
    return items;
  }
}

// `items` is a data property of YAMLMap and YAMLSeq (their constructors assign `[]`); the lazy classes read it through
// an accessor that makes the items on first read, and ignore the constructors' empty list.
for (const LazyClass of [LazyMap, LazySeq]) {
  Object.defineProperty(LazyClass.prototype, "items", {
    configurable: true,
    enumerable: true,
    get(this: { lazy?: unknown; made?: unknown[]; makeItems(): unknown[] }) {
      if (this.made === undefined) this.made = this.lazy ? this.makeItems() : [];
      return this.made;
    },
    set(this: { lazy?: unknown; made?: unknown[] }, items: unknown[]) {
      // The base constructor's `this.items = []` comes before the layout is known: the layout decides then.
      if (constructing) return;
      this.lazy = undefined;
      this.made = items;
    },
  });
}

export interface BlockYamlTree {
  /** Exactly `toBlockYaml(value)`. */
  text: string;
  /**
   * The mapping a parse of `text` gives: node classes, ranges, scalar types and sources as the yaml package makes
   * them. Its collections make their items when first read.
   */
  contents: YAMLMap;
  /** The plain value a parse of `text` gives (numbers as written: -0 reads back as 0). */
  value: Record<string, unknown>;
  /** Offsets where the lines of `text` start, then `text.length` (the line after the final newline). */
  lineStarts: number[];
}

/**
 * `toBlockYaml` with the syntax tree and value its text parses to, built while writing. Throws NotBuildable for the
 * rare text the yaml parser would reject (the caller parses it then, and reports what the parser reports).
 */
export function blockYamlTree(value: Record<string, unknown>): BlockYamlTree {
  return { ...blockYamlSyntax(value), value: plainValue(value) as Record<string, unknown> };
}

/** `blockYamlTree` without the plain value (for a caller that has it already). */
export function blockYamlSyntax(value: Record<string, unknown>): Omit<BlockYamlTree, "value"> {
  const written = blockYamlLayout(value);
  return { text: written.text, contents: syntaxOf(written), lineStarts: written.lineStarts };
}

/**
 * The text `toBlockYaml(value)` writes and where each of its nodes sits, without the nodes: enough to place a path
 * (`layoutOffsetRange`) and to turn offsets into lines; `syntaxOf` makes the tree from it when something walks one.
 */
export interface BlockYamlLayout {
  readonly value: Record<string, unknown>;
  readonly text: string;
  /** As BlockYamlTree.lineStarts. */
  readonly lineStarts: number[];
  readonly layout: Layout;
}

/** Writes `value` (as blockYamlSyntax does, and throwing NotBuildable where it does) and records its layout. */
export function blockYamlLayout(value: Record<string, unknown>): BlockYamlLayout {
  if (isEmpty(value)) throw new NotBuildable("empty mapping");
  const layout: Layout = [];
  const w = new Writer(layout);
  w.mapping(value, "");
  const text = w.text();
  w.lineStarts.push(text.length);
  return { value, text, lineStarts: w.lineStarts, layout };
}

/** The syntax tree of a written layout (blockYamlSyntax's `contents`). */
export function syntaxOf(written: BlockYamlLayout): YAMLMap {
  return new LazyMap(written.layout, 0, written.value);
}

/** A node of a layout: where its numbers are, and the value the tree makes it from. */
interface Place {
  at: number;
  value: unknown;
}

/** The node class nodeAt makes for a value: a scalar, a sequence (flow when empty) or a mapping (flow when empty). */
function shapeOf(value: unknown): "scalar" | "seq" | "map" {
  return !isCollection(value) ? "scalar" : Array.isArray(value) ? "seq" : "map";
}

/**
 * `offsetRange(doc, path, anchor)` (rules/model/position.ts) for the document `syntaxOf(written)` makes, read off the
 * layout: the same walk (`locate`), the same anchor rules, the same offsets, without making a node. A finding on a live
 * object needs one range; the tree's nodes along the way were most of the cost of placing it.
 */
export function layoutOffsetRange(written: BlockYamlLayout, path: readonly (string | number)[], anchor: "key" | "value" | "pair" = "value"): [number, number] {
  const layout = written.layout;
  // locate: walk the path as far as it exists.
  let node: Place = { at: 0, value: written.value };
  let pair: { key: number; value: Place } | null = null;
  let depth = 0;
  for (const seg of path) {
    const shape = shapeOf(node.value);
    if (typeof seg === "number" && shape === "seq") {
      const items = node.value as unknown[];
      // The tree's items[seg]: an item for each index of the array, nothing for anything else.
      if (!(Number.isInteger(seg) && seg >= 0 && seg < items.length)) break;
      let at = node.at + 3;
      for (let i = 0; i < seg; i++) at += 3 * layout[at + 2]!;
      node = { at, value: items[seg] };
      pair = null;
    } else if (typeof seg === "string" && shape === "map") {
      const map = node.value as Record<string, unknown>;
      if (isEmpty(map)) break;
      const found = pairIn(layout, node.at, map, seg);
      if (!found) break;
      pair = found;
      node = found.value;
    } else break;
    depth++;
  }
  const whole = depth === path.length;
  const shape = shapeOf(node.value);
  const range = (p: Place): [number, number] => [layout[p.at]!, layout[p.at + 1]!];
  if (whole) {
    if (pair && (anchor === "key" || anchor === "pair" || (anchor === "value" && shape !== "scalar"))) return keyOrPair(layout, pair, anchor === "pair");
    if (anchor === "value" && shape === "map") return itemHead(layout, node);
    return range(node);
  }
  // The path stops early: the deepest thing that exists.
  if (shape === "map" && !pair) return itemHead(layout, node);
  if (pair) return keyOrPair(layout, pair, false);
  return range(node);
}

/** The pair of a (non-empty) mapping whose key is `key`: the key's layout node and the value's place. */
function pairIn(layout: Layout, at: number, map: Record<string, unknown>, key: string): { key: number; value: Place } | undefined {
  let node = at + 3;
  for (const k of writtenKeysOf(map)) {
    const valueAt = node + 3;
    if (k === key) return { key: node, value: { at: valueAt, value: map[k] } };
    node = valueAt + 3 * layout[valueAt + 2]!;
  }
  return undefined;
}

/** position.ts keyOrPairRange: the key, or the key through the end of its value. */
function keyOrPair(layout: Layout, pair: { key: number; value: Place }, wholePair: boolean): [number, number] {
  const start = layout[pair.key]!;
  return wholePair ? [start, layout[pair.value.at + 1]!] : [start, layout[pair.key + 1]!];
}

/** position.ts itemHeadRange: a mapping's `name: x` pair, else its first key; an empty one's braces. */
function itemHead(layout: Layout, node: Place): [number, number] {
  const map = node.value as Record<string, unknown>;
  // A mapping whose every value is undefined is written, and made, without pairs.
  const keys = isEmpty(map) ? [] : writtenKeysOf(map);
  if (keys.length === 0) return [layout[node.at]!, layout[node.at + 1]!];
  const name = pairIn(layout, node.at, map, "name");
  if (name) return keyOrPair(layout, name, true);
  return keyOrPair(layout, { key: node.at + 3, value: { at: node.at + 6, value: map[keys[0]!] } }, false);
}
