// Does a GitOps source deploy a folder of the repository being read? An Argo CD Application whose `source.path` names a
// folder that holds manifests in scope, in the same checkout as the Application itself, is the configuration repository
// deploying its own content (app-of-apps): a reviewed merge to its branch is the release.
import { applicationSpecOf } from "./argocd.js";
import { asArray, asObject, type JsonObject } from "./object.js";
import type { ObjectIndex } from "./scope.js";

const URLS = "kubeready.model.ownRepo.urls";

/**
 * Whether `path` (a source's repository-relative folder) is a folder with manifests in scope inside a checkout that
 * also holds `fromUri` (the Application's own file): some ancestor R of `fromUri` has `R + path + "/"` in scope.
 * Templated (`{{ }}`) and absolute or parent-relative paths are never matched.
 *
 * Each candidate folder is one `holdsObjects` read: the answer depends on those folders alone, so an edit elsewhere in
 * the workspace (or inside them, as long as they keep a manifest) invalidates nothing, and no pass over every object
 * is made (it was a memo over `all()`, recomputed on every edit once Applications were in scope).
 */
export function pathInOwnRepository(index: ObjectIndex, fromUri: string, path: unknown): boolean {
  if (typeof path !== "string") return false;
  const rel = path.trim().replace(/^\.\/+/, "").replace(/\/+$/, "");
  if (rel === "" || rel === "." || rel.includes("{{") || rel.startsWith("/") || rel.split("/").includes("..")) return false;
  let cut = fromUri.lastIndexOf("/");
  while (cut > 0) {
    if (index.holdsObjects(`${fromUri.slice(0, cut + 1)}${rel}/`)) return true;
    cut = fromUri.lastIndexOf("/", cut - 1);
  }
  return false;
}

/**
 * A Git URL as a repository identity: no scheme, user or `.git`, lower case; `git@host:org/repo` and
 * `https://host/org/repo.git` are the same repository. Undefined for what is not a URL string.
 */
export function repositoryIdentity(url: unknown): string | undefined {
  if (typeof url !== "string") return undefined;
  let u = url.trim().toLowerCase();
  if (u === "" || u.includes("{{")) return undefined;
  u = u.replace(/^[a-z+]+:\/\//, "").replace(/^[^@/]+@/, "");
  // scp-like `host:org/repo` (no scheme): the colon separates host and path
  u = u.replace(/^([^/:]+):(?!\d+\/)/, "$1/");
  u = u.replace(/\/+$/, "").replace(/\.git$/, "").replace(/\/+$/, "");
  return u === "" ? undefined : u;
}

/** `spec.source` and every `spec.sources[]` entry of an Argo CD Application (or an ApplicationSet's template). */
export function argoSourcesOf(spec: JsonObject): JsonObject[] {
  const out: JsonObject[] = [];
  const one = asObject(spec.source);
  if (one) out.push(one);
  for (const s of asArray(spec.sources)) { const v = asObject(s); if (v) out.push(v); }
  return out;
}

/**
 * The repositories this checkout is: the repoURL of every Argo CD source in scope whose `path` is a folder of the
 * checkout holding manifests (see `pathInOwnRepository`). Another source of the same repository — a chart folder
 * with templates only, a `ref: values` source, a folder of non-manifests — is the configuration repository too.
 */
export function ownRepositoryUrls(index: ObjectIndex): ReadonlySet<string> {
  return index.derived(
    URLS,
    (ix) => {
      const out = new Set<string>();
      for (const o of [...ix.ofKind("Application"), ...ix.ofKind("ApplicationSet")]) {
        const app = applicationSpecOf(o);
        if (!app) continue;
        for (const source of argoSourcesOf(app.spec)) {
          const id = repositoryIdentity(source.repoURL);
          if (id && !out.has(id) && typeof source.chart !== "string" && pathInOwnRepository(ix, o.uri, source.path)) out.add(id);
        }
      }
      return out;
    },
    (a, b) => a.size === b.size && [...a].every((x) => b.has(x)),
  );
}

/** Whether an Argo CD source reads this checkout's own repository (never a Helm chart repository). */
export function isOwnRepositorySource(index: ObjectIndex, fromUri: string, source: JsonObject): boolean {
  if (typeof source.chart === "string") return false;
  if (pathInOwnRepository(index, fromUri, source.path)) return true;
  const id = repositoryIdentity(source.repoURL);
  return id !== undefined && ownRepositoryUrls(index).has(id);
}
