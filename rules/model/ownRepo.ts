// Does a GitOps source deploy a folder of the repository being read? An Argo CD Application whose `source.path` names a
// folder that holds manifests in scope, in the same checkout as the Application itself, is the configuration repository
// deploying its own content (app-of-apps): a reviewed merge to its branch is the release.
import type { ObjectIndex } from "./scope.js";

const MEMO = "kubeready.model.ownRepo.folders";

/** Every folder (as a URI prefix ending in "/") that holds an object in scope, and all of their ancestors. */
function foldersInScope(index: ObjectIndex): ReadonlySet<string> {
  return index.derived(MEMO, (ix) => {
    const out = new Set<string>();
    for (const uri of new Set(ix.all().map((o) => o.uri))) {
      let cut = uri.lastIndexOf("/");
      while (cut > 0) {
        const dir = uri.slice(0, cut + 1);
        if (out.has(dir)) break;
        out.add(dir);
        cut = uri.lastIndexOf("/", cut - 1);
      }
    }
    return out;
  });
}

/**
 * Whether `path` (a source's repository-relative folder) is a folder with manifests in scope inside a checkout that
 * also holds `fromUri` (the Application's own file): some ancestor R of `fromUri` has `R + path + "/"` in scope.
 * Templated (`{{ }}`) and absolute or parent-relative paths are never matched.
 */
export function pathInOwnRepository(index: ObjectIndex, fromUri: string, path: unknown): boolean {
  if (typeof path !== "string") return false;
  const rel = path.trim().replace(/^\.\/+/, "").replace(/\/+$/, "");
  if (rel === "" || rel === "." || rel.includes("{{") || rel.startsWith("/") || rel.split("/").includes("..")) return false;
  const folders = foldersInScope(index);
  let cut = fromUri.lastIndexOf("/");
  while (cut > 0) {
    if (folders.has(`${fromUri.slice(0, cut + 1)}${rel}/`)) return true;
    cut = fromUri.lastIndexOf("/", cut - 1);
  }
  return false;
}
