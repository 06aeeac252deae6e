// The fix shared by the availability rules: replace a PDB's blocking minAvailable/maxUnavailable with maxUnavailable: 1.
import type { Node } from "yaml";
import type { Fix, TextEdit } from "../api.js";
import { setField } from "../model/edit.js";
import type { KObject } from "../model/object.js";
import { locate, toRange } from "../model/position.js";

/**
 * Rewrites `minAvailable: N` in place to `maxUnavailable: 1` (so a comment on the line stays), or sets
 * maxUnavailable. Unsafe: how many pods to keep is the owner's decision.
 */
export function switchToMaxUnavailable(pdb: KObject, hasMinAvailable: boolean): Fix | undefined {
  const title = `Allow one pod at a time to be evicted (maxUnavailable: 1) in PodDisruptionBudget "${pdb.name}"`;
  if (hasMinAvailable) {
    const found = locate(pdb.source.doc, ["spec", "minAvailable"]);
    const key = found.pair?.key as Node | undefined;
    const value = found.pair?.value as Node | undefined;
    if (!key?.range || !value?.range) return undefined;
    const chunk = pdb.source.chunk;
    const edits: TextEdit[] = [
      { uri: pdb.uri, range: toRange(chunk, [key.range[0], key.range[1]]), newText: "maxUnavailable" },
      { uri: pdb.uri, range: toRange(chunk, [value.range[0], value.range[1]]), newText: "1" },
    ];
    return { title, safe: false, edits };
  }
  const set = setField(pdb, ["spec", "maxUnavailable"], 1);
  return set && { title, safe: false, edits: [set] };
}
