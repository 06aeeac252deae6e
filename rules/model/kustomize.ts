// Reads what a kustomization.yaml says about its folder: the namespace it sets and which files are patches.
import { parse } from "yaml";

export interface KustomizationInfo {
  namespace?: string;
  /** File names (relative to the kustomization's folder) that are patches, i.e. partial objects. */
  patches: Set<string>;
}

export function readKustomization(text: string): KustomizationInfo {
  const info: KustomizationInfo = { patches: new Set() };
  let raw: unknown;
  try { raw = parse(text, { maxAliasCount: 100 }); } catch { return info; }
  if (!raw || typeof raw !== "object") return info;
  const k = raw as Record<string, unknown>;
  if (typeof k.namespace === "string" && k.namespace) info.namespace = k.namespace;
  const add = (p: unknown) => { if (typeof p === "string") info.patches.add(p.replace(/^\.\//, "")); };
  for (const field of ["patchesStrategicMerge", "patches", "patchesJson6902"]) {
    const list = k[field];
    if (!Array.isArray(list)) continue;
    for (const entry of list) {
      if (typeof entry === "string") add(entry);
      else if (entry && typeof entry === "object") add((entry as Record<string, unknown>).path);
    }
  }
  return info;
}

export const KUSTOMIZATION_FILES = ["kustomization.yaml", "kustomization.yml", "Kustomization"];
