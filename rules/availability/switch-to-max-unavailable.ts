// The fix shared by the availability rules: replace a PDB's blocking minAvailable/maxUnavailable with maxUnavailable: 1.
import type { Fix, TextEdit } from "../api.js";
import { removeField, setField } from "../model/edit.js";
import type { KObject } from "../model/object.js";

/** Unsafe: it changes how many pods the owner wants kept, which only they can decide. */
export function switchToMaxUnavailable(pdb: KObject, hasMinAvailable: boolean): Fix | undefined {
  const edits: TextEdit[] = [];
  if (hasMinAvailable) {
    const removed = removeField(pdb, ["spec", "minAvailable"]);
    if (!removed) return undefined;
    edits.push(removed);
  }
  const set = setField(pdb, ["spec", "maxUnavailable"], 1);
  if (!set) return undefined;
  edits.push(set);
  return { title: `Allow one pod at a time to be evicted (maxUnavailable: 1) in PodDisruptionBudget "${pdb.name}"`, safe: false, edits };
}
