// Sets several nested fields of one object in one fix, without two edits creating the same missing map twice.
import { isMap } from "yaml";
import type { TextEdit } from "../api.js";
import { renderFlow, setField } from "./edit.js";
import type { KObject } from "./object.js";
import { locate, toRange, type Path } from "./position.js";

type Plain = string | number | boolean | null | Plain[] | { [k: string]: Plain };

/**
 * Writes `values` (a nested map) under `base`: where a map already exists its keys are set one by one,
 * where it is missing the whole subtree is inserted in one edit. Undefined when any edit is impossible.
 */
export function setFields(o: KObject, base: Path, values: { [k: string]: Plain }): TextEdit[] | undefined {
  const found = locate(o.source.doc, base);
  if (found.depth < base.length || !found.node || !isMap(found.node)) {
    const edit = setField(o, base, values);
    return edit ? [edit] : undefined;
  }
  if (found.node.flow && found.node.items.length === 0 && found.node.range) {
    // `requests: {}`: several insertions at one spot would run together; replace the empty map as a whole.
    return [{ uri: o.uri, range: toRange(o.source.chunk, [found.node.range[0], found.node.range[1]]), newText: renderFlow(values) }];
  }
  const edits: TextEdit[] = [];
  for (const [k, v] of Object.entries(values)) {
    const sub = v !== null && typeof v === "object" && !Array.isArray(v)
      ? setFields(o, [...base, k], v)
      : (() => { const e = setField(o, [...base, k], v); return e ? [e] : undefined; })();
    if (!sub) return undefined;
    edits.push(...sub);
  }
  return edits;
}
