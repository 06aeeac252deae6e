// Tells objects read from a live cluster apart from manifests in a repository (secrets rules only judge the repository).
import { asObject, type KObject } from "../model/object.js";

/** A live object carries server-set metadata (uid + resourceVersion, or managedFields) that manifests in Git do not. */
export function isLiveObject(o: KObject): boolean {
  const md = asObject(o.value.metadata);
  if (!md) return false;
  return (typeof md.uid === "string" && md.resourceVersion !== undefined) || Array.isArray(md.managedFields);
}
