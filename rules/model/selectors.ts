// Label selector semantics exactly as the API server applies them (matchLabels AND matchExpressions).
import { asArray, asObject, type Json } from "./object.js";

const hasOwn = Object.prototype.hasOwnProperty;

export interface LabelSelector {
  matchLabels?: Record<string, string>;
  matchExpressions?: { key: string; operator: string; values?: string[] }[];
}

/** Normalises a selector from YAML; undefined for null/absent or a non-object. */
export function toLabelSelector(v: Json | undefined): LabelSelector | undefined {
  const o = asObject(v);
  if (!o) return undefined;
  const sel: LabelSelector = {};
  const ml = asObject(o.matchLabels);
  if (ml) {
    sel.matchLabels = {};
    for (const [k, val] of Object.entries(ml)) sel.matchLabels[k] = val === null ? "" : String(val);
  }
  const exprs = asArray(o.matchExpressions).map(asObject).filter((e) => e !== undefined);
  if (exprs.length) {
    sel.matchExpressions = exprs.map((e) => ({
      key: String(e.key ?? ""),
      operator: String(e.operator ?? ""),
      values: asArray(e.values).map((x) => String(x)),
    }));
  }
  return sel;
}

/** A selector with neither matchLabels nor matchExpressions: for LabelSelector types it selects everything. */
export function isEmptySelector(sel: LabelSelector): boolean {
  return Object.keys(sel.matchLabels ?? {}).length === 0 && (sel.matchExpressions ?? []).length === 0;
}

/** Does a LabelSelector select an object with these labels? An empty selector selects everything. */
export function selectorMatches(sel: LabelSelector, labels: Readonly<Record<string, string>>): boolean {
  // Asked millions of times on a large cluster (every budget, Service and policy against every workload): no entry arrays.
  const ml = sel.matchLabels;
  if (ml) for (const k in ml) if (hasOwn.call(ml, k) && labels[k] !== ml[k]) return false;
  for (const e of sel.matchExpressions ?? []) {
    const has = Object.prototype.hasOwnProperty.call(labels, e.key);
    const values = e.values ?? [];
    switch (e.operator) {
      case "In": if (!has || !values.includes(labels[e.key])) return false; break;
      case "NotIn": if (has && values.includes(labels[e.key])) return false; break;
      case "Exists": if (!has) return false; break;
      case "DoesNotExist": if (has) return false; break;
      default: return false; // an invalid operator is rejected by the API server; it selects nothing
    }
  }
  return true;
}

/** Equality-based map selectors (Service.spec.selector, ReplicationController): an empty map selects nothing. */
export function mapSelectorMatches(sel: Readonly<Record<string, string>>, labels: Readonly<Record<string, string>>): boolean {
  let any = false;
  for (const k in sel) {
    if (!hasOwn.call(sel, k)) continue;
    if (labels[k] !== sel[k]) return false;
    any = true;
  }
  return any;
}

/**
 * The first pair a selector requires (of `matchLabels`, or of a map selector), as a key for indexes of candidates: an
 * object it selects carries that label with that value. Undefined when it requires no pair (or the pair's value is not
 * text, which no label equals): the caller then looks at every candidate.
 */
export function firstRequiredPair(pairs: Readonly<Record<string, string>> | undefined): string | undefined {
  if (pairs) {
    for (const k in pairs) {
      if (!hasOwn.call(pairs, k)) continue;
      const v: unknown = pairs[k];
      return typeof v === "string" ? labelPair(k, v) : undefined;
    }
  }
  return undefined;
}

/** One label as an index key. */
export function labelPair(key: string, value: string): string {
  return `${key}\u0000${value}`;
}

/** A selector rendered for messages: `app=web, tier in (a,b)`. */
export function describeSelector(sel: LabelSelector): string {
  const parts = Object.entries(sel.matchLabels ?? {}).map(([k, v]) => `${k}=${v}`);
  for (const e of sel.matchExpressions ?? []) {
    const op = e.operator;
    if (op === "Exists") parts.push(e.key);
    else if (op === "DoesNotExist") parts.push(`!${e.key}`);
    else parts.push(`${e.key} ${op === "In" ? "in" : "notin"} (${(e.values ?? []).join(",")})`);
  }
  return parts.length ? parts.join(", ") : "{} (everything)";
}
