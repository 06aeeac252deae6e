// Label selector semantics exactly as the API server applies them (matchLabels AND matchExpressions).
import { asArray, asObject, type Json } from "./object.js";

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
  for (const [k, v] of Object.entries(sel.matchLabels ?? {})) if (labels[k] !== v) return false;
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
  const entries = Object.entries(sel);
  return entries.length > 0 && entries.every(([k, v]) => labels[k] === v);
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
