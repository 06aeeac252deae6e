// Reads what a kustomization.yaml says: the namespace it sets, which files are patches, and the images it pins.
import { parse } from "yaml";
import { asArray, asObject, type KObject } from "./object.js";
import type { ObjectIndex } from "./scope.js";

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

// ---- Kustomization objects in the index: the `images:` transformer ------------------------------------

/** One `images:` entry of a Kustomization: the image it matches and what it sets. */
export interface ImageOverride {
  name: string;
  newName?: string;
  newTag?: string;
  digest?: string;
  /** The Kustomization that declares it. */
  from: KObject;
}

const KUSTOMIZE_GROUP = /^kustomize\.config\.k8s\.io\//;
const YAML_RESOURCE = /\.ya?ml$/i;

function isKustomization(o: KObject): boolean {
  return o.kind === "Kustomization" && KUSTOMIZE_GROUP.test(o.apiVersion) && KUSTOMIZATION_FILES.some((f) => o.uri.endsWith(`/${f}`));
}

function folderOf(uri: string): string {
  return uri.slice(0, uri.lastIndexOf("/"));
}

function resolveEntry(kustomization: KObject, entry: string): string | undefined {
  try { return new URL(entry, kustomization.uri).href.replace(/\/+$/, ""); } catch { return undefined; }
}

/**
 * The `images:` overrides that apply to each file, by file URI: those of every Kustomization (with apiVersion and
 * kind, so that it is in the index) that lists the file in `resources`, directly or through a folder whose own
 * kustomization lists it. Kustomizations without apiVersion/kind are not objects and are not seen here.
 */
export function imageOverridesByFile(index: ObjectIndex): Map<string, ImageOverride[]> {
  return index.derived("model/kustomize:image-overrides", (ix) => {
    const byFolder = new Map<string, KObject>();
    for (const k of ix.ofKind("Kustomization")) if (isKustomization(k)) byFolder.set(folderOf(k.uri), k);
    const covered = new Map<KObject, Set<string>>();
    const filesOf = (k: KObject, seen: Set<KObject>): Set<string> => {
      const done = covered.get(k);
      if (done) return done;
      const files = new Set<string>();
      if (seen.has(k)) return files; // a resource cycle: kustomize rejects it; nothing more is covered
      seen.add(k);
      for (const field of ["resources", "bases"]) {
        for (const entry of asArray(k.value[field])) {
          if (typeof entry !== "string" || /^[a-z][a-z0-9+.-]*:\/\//i.test(entry)) continue; // remote bases are out of scope
          const target = resolveEntry(k, entry);
          if (!target) continue;
          if (YAML_RESOURCE.test(target)) { files.add(target); continue; }
          const inner = byFolder.get(target);
          if (inner) for (const f of filesOf(inner, seen)) files.add(f);
        }
      }
      covered.set(k, files);
      return files;
    };
    const out = new Map<string, ImageOverride[]>();
    for (const k of byFolder.values()) {
      const overrides: ImageOverride[] = [];
      for (const item of asArray(k.value.images)) {
        const e = asObject(item);
        if (!e || typeof e.name !== "string" || !e.name) continue;
        const str = (v: unknown) => (typeof v === "string" && v ? v : typeof v === "number" ? String(v) : undefined);
        overrides.push({ name: e.name, newName: str(e.newName), newTag: str(e.newTag), digest: str(e.digest), from: k });
      }
      if (overrides.length === 0) continue;
      for (const file of filesOf(k, new Set())) out.set(file, [...(out.get(file) ?? []), ...overrides]);
    }
    return out;
  });
}
