// Does a GitOps source deploy a folder of the repository being read? An Argo CD Application whose `source.path` names a
// folder that holds manifests in scope, in the same checkout as the Application itself, is the configuration repository
// deploying its own content (app-of-apps): a reviewed merge to its branch is the release.
import type { ObjectIndex } from "./scope.js";

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
