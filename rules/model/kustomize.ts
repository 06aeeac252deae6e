// The in-process kustomize model: what each kustomization says, and how every file is deployed through the builds
// that reach it (namespace, images, patches), as kustomize means it. Real rendering (render/) replaces it when the
// tools are present; this stays the per-keystroke view and the fallback.
import { parse } from "yaml";
import { asArray, asObject, type DeployContext, type ImageOverride } from "./object.js";

export interface KustomizationInfo {
  /** `Component` (kustomize.config.k8s.io/v1alpha1) or `Kustomization` (also when kind is not written). */
  kind: "Kustomization" | "Component";
  namespace?: string;
  /** File names (relative to the kustomization's folder) that are patches, i.e. partial objects. */
  patches: Set<string>;
  /** `resources:` and `bases:` entries as written: files, folders, remote bases. */
  resources: string[];
  components: string[];
  images: ImageEntry[];
  /** Labels it adds to pod templates: `commonLabels`, and `labels` entries with includeTemplates or includeSelectors. */
  templateLabels: Record<string, string>;
  /** Content kubeready cannot see is part of the build: `helmCharts:`, a remote base, a generator plugin. */
  unseen: boolean;
}

/** One `images:` entry: the image it matches and what it sets. */
export interface ImageEntry { name: string; newName?: string; newTag?: string; digest?: string }

export type { ImageOverride } from "./object.js";

export const KUSTOMIZATION_FILES = ["kustomization.yaml", "kustomization.yml", "Kustomization"];

export function isKustomizationFile(uriOrPath: string): boolean {
  const name = uriOrPath.slice(Math.max(uriOrPath.lastIndexOf("/"), uriOrPath.lastIndexOf("\\")) + 1);
  return KUSTOMIZATION_FILES.includes(name);
}

/** A remote resource (`https://…`, `git@…`, `github.com/org/repo//path?ref=v1`): built from outside the repository. */
export function isRemoteEntry(entry: string): boolean {
  return /^[a-z][a-z0-9+.-]*:\/\//i.test(entry) || /^git@/.test(entry) || /\?ref=|\?version=/.test(entry) || /^(github|gitlab|bitbucket)\.(com|org)\//.test(entry);
}

const str = (v: unknown) => (typeof v === "string" && v ? v : typeof v === "number" ? String(v) : undefined);

export function readKustomization(text: string): KustomizationInfo {
  const info: KustomizationInfo = { kind: "Kustomization", patches: new Set(), resources: [], components: [], images: [], templateLabels: {}, unseen: false };
  let raw: unknown;
  try { raw = parse(text, { maxAliasCount: 100 }); } catch { return info; }
  const k = asObject(raw);
  if (!k) return info;
  if (k.kind === "Component") info.kind = "Component";
  if (typeof k.namespace === "string" && k.namespace) info.namespace = k.namespace;
  const add = (p: unknown) => { if (typeof p === "string" && p) info.patches.add(p.replace(/^\.\//, "")); };
  for (const field of ["patchesStrategicMerge", "patches", "patchesJson6902"]) {
    for (const entry of asArray(k[field])) {
      if (typeof entry === "string") add(entry);
      else add(asObject(entry)?.path);
    }
  }
  for (const field of ["resources", "bases"]) for (const e of asArray(k[field])) if (typeof e === "string" && e) info.resources.push(e);
  for (const e of asArray(k.components)) if (typeof e === "string" && e) info.components.push(e);
  for (const item of asArray(k.images)) {
    const e = asObject(item);
    if (!e || typeof e.name !== "string" || !e.name) continue;
    info.images.push({ name: e.name, newName: str(e.newName), newTag: str(e.newTag), digest: str(e.digest) });
  }
  for (const [key, v] of Object.entries(asObject(k.commonLabels) ?? {})) if (str(v) !== undefined) info.templateLabels[key] = str(v)!;
  for (const entry of asArray(k.labels)) {
    const e = asObject(entry);
    if (!e || (e.includeTemplates !== true && e.includeSelectors !== true)) continue;
    for (const [key, v] of Object.entries(asObject(e.pairs) ?? {})) if (str(v) !== undefined) info.templateLabels[key] = str(v)!;
  }
  info.unseen = asArray(k.helmCharts).length > 0 || asArray(k.generators).length > 0 || asArray(k.transformers).length > 0
    || [...info.resources, ...info.components].some(isRemoteEntry);
  return info;
}

/** How one file is deployed by the kustomizations in scope. */
export interface FileDeployment {
  /** One per root build that reaches the file (a base under a dev and a prod overlay has two). */
  contexts: DeployContext[];
  /** Listed as a patch by a kustomization: its objects are partial. */
  partial: boolean;
}

/** The folder of a kustomization file URI (or '/'-separated path), without the trailing slash. */
export function folderOf(uri: string): string {
  return uri.slice(0, uri.lastIndexOf("/"));
}

/** Resolves a relative entry against a folder ('/'-separated; URIs and absolute paths alike). */
export function resolveIn(folder: string, entry: string): string {
  const parts = folder.split("/");
  // Keep the root of an absolute path or URI ("", "file:", "") from being popped.
  const floor = folder.startsWith("file:///") ? 3 : folder.startsWith("/") ? 1 : 0;
  for (const seg of entry.replace(/\\/g, "/").split("/")) {
    if (seg === "" || seg === ".") continue;
    if (seg === "..") { if (parts.length > floor) parts.pop(); continue; }
    parts.push(seg);
  }
  return parts.join("/");
}

const YAML_RESOURCE = /\.ya?ml$/i;

/**
 * Every file the kustomizations reach, with the builds that deploy it. `kustomizations` maps each kustomization
 * file (URI or '/'-separated path) to what it says. A build starts at a root: a kustomization no other one lists.
 * Along the way down, the outermost `namespace:` wins (kustomize's namespace transformer of an overlay overrides
 * its bases') and `images:` entries of every level apply. The result is independent of map order.
 */
export function deploymentsByFile(kustomizations: ReadonlyMap<string, KustomizationInfo>): Map<string, FileDeployment> {
  const byFolder = new Map<string, { uri: string; info: KustomizationInfo }>();
  for (const uri of [...kustomizations.keys()].sort()) {
    const folder = folderOf(uri);
    if (!byFolder.has(folder)) byFolder.set(folder, { uri, info: kustomizations.get(uri)! });
  }
  const referenced = new Set<string>();
  for (const [folder, { info }] of byFolder) {
    for (const e of [...info.resources, ...info.components]) if (!isRemoteEntry(e) && !YAML_RESOURCE.test(e)) referenced.add(resolveIn(folder, e));
  }
  const out = new Map<string, FileDeployment>();
  const record = (file: string, ctx: DeployContext, partial: boolean) => {
    let d = out.get(file);
    if (!d) out.set(file, (d = { contexts: [], partial: false }));
    if (partial) d.partial = true;
    const same = d.contexts.find((c) => c.unit === ctx.unit && c.namespace === ctx.namespace);
    if (same) {
      const images = [...(same.images ?? [])];
      for (const i of ctx.images ?? []) if (!images.some((x) => x.from === i.from && x.name === i.name)) images.push(i);
      (same as { images?: ImageOverride[] }).images = images;
      if (ctx.unseen) (same as { unseen?: boolean }).unseen = true;
    } else d.contexts.push({ ...ctx });
  };
  const visit = (folder: string, unit: string, outer: { namespace?: string; images: ImageOverride[]; unseen: boolean; labels: Record<string, string> }, stack: Set<string>) => {
    const k = byFolder.get(folder);
    if (!k || stack.has(folder)) return; // a resource cycle: kustomize rejects it; nothing more is covered
    stack.add(folder);
    const { info } = k;
    const here = {
      namespace: outer.namespace ?? info.namespace,
      images: [...outer.images, ...info.images.map((i) => ({ ...i, from: k.uri }))],
      unseen: outer.unseen || info.unseen,
      // An overlay's labels are applied after its bases': the outer value wins.
      labels: { ...info.templateLabels, ...outer.labels },
    };
    const ctx: DeployContext = { unit, namespace: here.namespace, images: here.images, unseen: here.unseen, ...(Object.keys(here.labels).length ? { templateLabels: here.labels } : {}) };
    for (const e of [...info.resources, ...info.components]) {
      if (isRemoteEntry(e)) continue;
      const target = resolveIn(folder, e);
      if (YAML_RESOURCE.test(target)) record(target, ctx, false);
      else visit(target, unit, here, stack);
    }
    for (const p of info.patches) record(resolveIn(folder, p), ctx, true);
    stack.delete(folder);
  };
  for (const folder of byFolder.keys()) {
    if (referenced.has(folder)) continue;
    visit(folder, `k:${folder}`, { images: [], unseen: false, labels: {} }, new Set());
  }
  for (const d of out.values()) d.contexts.sort((a, b) => (a.unit + (a.namespace ?? "")).localeCompare(b.unit + (b.namespace ?? "")));
  return out;
}

/** The folders and files a kustomization lists (not remote ones), resolved: what a linter must read beside it. */
export function listedPaths(kustomizationUri: string, info: KustomizationInfo): { folders: string[]; files: string[] } {
  const folder = folderOf(kustomizationUri);
  const folders: string[] = [], files: string[] = [];
  for (const e of [...info.resources, ...info.components]) {
    if (isRemoteEntry(e)) continue;
    const target = resolveIn(folder, e);
    (YAML_RESOURCE.test(target) ? files : folders).push(target);
  }
  for (const p of info.patches) files.push(resolveIn(folder, p));
  return { folders, files };
}
