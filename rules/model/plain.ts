// A parsed YAML document's plain JSON value, read straight off the syntax tree; yaml's toJS only where it must.
import { isCollection, Scalar, visit, YAMLMap, YAMLSeq, type Document } from "yaml";
import { MAX_ALIAS_COUNT } from "./document.js";

/**
 * The value `doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT })` returns, computed without toJS's per-node bookkeeping
 * (an anchor registry, a context object, `toJSON` dispatch and key stringification for every pair) for the documents
 * Kubernetes manifests are made of: plain mappings, sequences and scalars. Anything else — anchors and aliases
 * (whose expansion toJS budgets), `<<` merge keys, collection keys, tags that build other values (`!!set`, `!!omap`,
 * `!!binary`, YAML 1.1 timestamps) — goes to toJS, so the result is always toJS's, including what it throws.
 */
export function documentValue(doc: Document.Parsed): unknown {
  const value = plainValue(doc);
  if (value !== NOT_PLAIN) return value;
  // toJS would stringify such a key with a process warning (on stderr, and hundreds of times in the tests); Kubernetes'
  // decoder (sigs.k8s.io/yaml) rejects it: "unsupported map key", so the document is reported as unreadable instead.
  if (hasCollectionKey(doc)) throw new Error("a mapping key is itself a mapping or a list, which Kubernetes' YAML decoder rejects");
  return doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
}

/** Whether any mapping of the document has a mapping or sequence as a key (`? [a, b]: c`, `{a: 1}: x`). */
function hasCollectionKey(doc: Document.Parsed): boolean {
  let found = false;
  visit(doc, {
    Pair(_, pair) {
      if (isCollection(pair.key)) { found = true; return visit.BREAK; }
      return undefined;
    },
  });
  return found;
}

/** Returned by `plainValue` when the document needs yaml's own toJS. */
export const NOT_PLAIN: unique symbol = Symbol("not plain");

/** The plain value of `doc`, or NOT_PLAIN when it holds something only toJS reproduces. Never throws. */
export function plainValue(doc: Document.Parsed): unknown {
  try {
    return walk(doc.contents);
  } catch {
    // Either a bail-out (below) or a stack overflow on absurd nesting: toJS decides, and reports, either way.
    return NOT_PLAIN;
  }
}

const SCALAR = Scalar.prototype;
const MAP = YAMLMap.prototype;
const SEQ = YAMLSeq.prototype;

/** Thrown to leave a deep walk at once; caught by plainValue. */
const BAIL = new Error("not plain");

function walk(node: unknown): unknown {
  if (node === null) return null; // an absent value: toJS(null) is null
  if (typeof node !== "object") throw BAIL;
  const proto = Object.getPrototypeOf(node);
  if (proto === SCALAR) {
    const s = node as Scalar;
    if (s.anchor) throw BAIL;
    // toJS keeps a scalar's resolved value as it is (no `json` option): strings, numbers, booleans, null, bigints.
    // An object (a Date, a Uint8Array) or a symbol (YAML 1.1's merge key) comes from a tag toJS may treat specially.
    const v = s.value;
    if (v === null || (typeof v !== "object" && typeof v !== "symbol" && typeof v !== "function" && v !== undefined)) return v;
    throw BAIL;
  }
  if (proto === MAP) {
    const m = node as YAMLMap;
    if (m.anchor) throw BAIL;
    const out: Record<string, unknown> = {};
    for (const pair of m.items) {
      const k = keyOf(pair.key);
      const v = walk(pair.value);
      // As toJS does: a later duplicate replaces the earlier value in place; `__proto__` becomes an own property.
      if (k === "__proto__") Object.defineProperty(out, k, { value: v, writable: true, enumerable: true, configurable: true });
      else out[k] = v;
    }
    return out;
  }
  if (proto === SEQ) {
    const q = node as YAMLSeq;
    if (q.anchor) throw BAIL;
    const items = q.items;
    const out = new Array<unknown>(items.length);
    for (let i = 0; i < items.length; i++) out[i] = walk(items[i]);
    return out;
  }
  throw BAIL; // an alias, or a collection class a tag asked for (YAMLSet, YAMLOMap, a custom one)
}

/** A mapping key as toJS writes it into a plain object: the scalar's value as a string, "" for null. */
function keyOf(key: unknown): string {
  if (key === null) return "";
  if (typeof key !== "object" || Object.getPrototypeOf(key) !== SCALAR) throw BAIL; // collection or alias keys
  const s = key as Scalar;
  if (s.anchor) throw BAIL;
  const v = s.value;
  if (typeof v === "string") {
    if (v === "<<") throw BAIL; // a merge key wherever the schema has merges; toJS knows which
    return v;
  }
  if (v === null) return "";
  if (typeof v === "number" || typeof v === "boolean" || typeof v === "bigint") return String(v);
  throw BAIL;
}
