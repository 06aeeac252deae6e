// secrets/external-secret-store-missing: an ExternalSecret's SecretStore/ClusterSecretStore must exist in scope (guide §2C).
import { defineRule } from "../../api.js";
import { asArray, asObject, getIn, isLiveObject, type KObject } from "../../model/object.js";
import type { Path } from "../../model/position.js";
import type { ObjectIndex } from "../../model/scope.js";
import { deployedClosely, hasUnseenPartners } from "../../model/units.js";

interface StoreRef { kind: "SecretStore" | "ClusterSecretStore"; name: string; path: Path }

/** Every store an ExternalSecret (or the template of a ClusterExternalSecret) reads from, with where it is named. */
function storeRefs(o: KObject): StoreRef[] {
  const specPath: Path = o.kind === "ClusterExternalSecret" ? ["spec", "externalSecretSpec"] : ["spec"];
  const spec = asObject(getIn(o.value, specPath));
  if (!spec) return [];
  const out: StoreRef[] = [];
  const add = (ref: unknown, path: Path) => {
    const r = asObject(ref);
    if (!r || typeof r.name !== "string" || !r.name) return;
    out.push({ kind: r.kind === "ClusterSecretStore" ? "ClusterSecretStore" : "SecretStore", name: r.name, path: [...path, "name"] });
  };
  add(spec.secretStoreRef, [...specPath, "secretStoreRef"]);
  for (const field of ["data", "dataFrom"] as const) {
    asArray(spec[field]).forEach((item, i) => add(getIn(item, ["sourceRef", "storeRef"]), [...specPath, field, i, "sourceRef", "storeRef"]));
  }
  return out;
}

function storeExists(index: ObjectIndex, ref: StoreRef, namespace: string, clusterWide: boolean): boolean {
  const isEso = (s: KObject) => s.apiVersion.startsWith("external-secrets.io/");
  if (ref.kind === "ClusterSecretStore") return index.ofKind("ClusterSecretStore").some((s) => isEso(s) && s.name === ref.name);
  // A ClusterExternalSecret creates ExternalSecrets in many namespaces: a SecretStore of that name anywhere will do.
  if (clusterWide) return index.ofKind("SecretStore").some((s) => isEso(s) && s.name === ref.name);
  return index.inNamespace("SecretStore", namespace).some((s) => isEso(s) && s.name === ref.name);
}

/** Levenshtein distance, for telling a typo from an unrelated name. */
function editDistance(a: string, b: string): number {
  if (Math.abs(a.length - b.length) > 2) return 3;
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++) cur[j] = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    prev = cur;
  }
  return prev[b.length];
}

/** The stores of that kind deployed with the object (ClusterSecretStores: any deployed with it, whatever the namespace). */
function storesBeside(index: ObjectIndex, o: KObject, kind: StoreRef["kind"], clusterWide: boolean): KObject[] {
  const isEso = (s: KObject) => s.apiVersion.startsWith("external-secrets.io/");
  const candidates = kind === "ClusterSecretStore" || clusterWide ? index.ofKind(kind) : index.inNamespace(kind, o.namespace);
  return candidates.filter((s) => isEso(s) && !s.partial && (kind === "ClusterSecretStore" ? sameTree(s, o) : deployedClosely(s, o)));
}

/** Cluster-scoped stores have no namespace to share: deployed with the object when a build or a folder tree holds both. */
function sameTree(a: KObject, b: KObject): boolean {
  return deployedClosely({ ...a, namespacePinned: false }, b);
}

/** The objects of `o`'s file that read from the same store (as `o` sees it), in file order; `o` is among them. */
function readersOf(index: ObjectIndex, o: KObject, ref: StoreRef, clusterWide: boolean): KObject[] {
  const candidates = ref.kind === "ClusterSecretStore" || clusterWide
    ? [...index.ofKind("ExternalSecret"), ...index.ofKind("ClusterExternalSecret")]
    : index.inNamespace("ExternalSecret", o.namespace);
  const same = candidates.filter((x) => x.uri === o.uri && x.apiVersion.startsWith("external-secrets.io/") && (x.kind === "ClusterExternalSecret") === clusterWide
    && storeRefs(x).some((r) => r.kind === ref.kind && r.name === ref.name));
  if (!same.includes(o)) same.push(o);
  return same.sort((a, b) => a.source.chunk.offset - b.source.chunk.offset);
}

export default defineRule({
  meta: {
    id: "secrets/external-secret-store-missing",
    title: "An ExternalSecret must read from a SecretStore or ClusterSecretStore that is in scope",
    defaultSeverity: "warning",
    kinds: ["ExternalSecret", "ClusterExternalSecret"],
    crossObject: true,
    fix: "none",
    guide: "§2C Secrets Management — External Secrets Operator",
    options: {
      knownStores: {
        type: "string[]",
        default: [],
        description: "Stores defined outside this repository: \"name\", \"SecretStore/namespace/name\" or \"ClusterSecretStore/name\".",
      },
    },
  },
  check(ctx) {
    const o = ctx.object;
    if (!o.apiVersion.startsWith("external-secrets.io/")) return;
    const known = new Set(Array.isArray(ctx.options.knownStores) ? ctx.options.knownStores.map(String) : []);
    const clusterWide = o.kind === "ClusterExternalSecret";
    const seen = new Set<string>();
    for (const ref of storeRefs(o)) {
      const id = ref.kind === "ClusterSecretStore" ? `ClusterSecretStore/${ref.name}` : `SecretStore/${o.namespace}/${ref.name}`;
      if (seen.has(id) || known.has(ref.name) || known.has(id)) continue;
      seen.add(id);
      if (storeExists(ctx.index, ref, o.namespace, clusterWide)) continue;
      // Stores are usually provisioned by a platform team, outside the application's repository: "missing" is judged
      // only when stores of that kind are deployed with this object (then a name that matches none is a typo).
      // A live cluster is the whole scope: a store it does not have is missing.
      const live = isLiveObject(o);
      const stores = storesBeside(ctx.index, o, ref.kind, clusterWide);
      if (!live && (stores.length === 0 || hasUnseenPartners(o))) continue;
      // A folder of documentation snippets holds dozens of unrelated stores: with more than a few, only a name one or
      // two edits away from one of them is a typo worth reporting.
      const distinct = [...new Set(stores.map((x) => x.name))];
      if (!live && distinct.length > 3 && !distinct.some((n) => editDistance(n, ref.name) <= 2)) continue;
      // One missing store is one fact: said once per file, on the first ExternalSecret that reads from it, with the
      // others as related locations.
      const readers = readersOf(ctx.index, o, ref, clusterWide);
      if (readers[0] !== o) continue;
      const where = ref.kind === "ClusterSecretStore" || clusterWide ? "" : ` in namespace "${o.namespace}"`;
      const names = [...new Set(stores.map((x) => `"${x.name}"`))].sort();
      const more = readers.length - 1;
      ctx.report({
        message: `${o.kind} "${o.name}"${more ? ` and ${more === 1 ? "1 other" : `${more} others`} in this file read` : " reads"} from ${ref.kind} "${ref.name}", which is not defined${where} in the files in scope${names.length ? ` (${ref.kind}s here: ${names.slice(0, 5).join(", ")}${names.length > 5 ? ", …" : ""})` : ""}, so the operator will not sync ${more ? "them" : "it"}. Fix the name, or list it in knownStores if it is managed elsewhere.`,
        path: ref.path,
        key: id,
        related: readers.slice(1).map((x) => ({ on: x, path: ["metadata", "name"], message: `${x.kind} "${x.name}" reads from the same ${ref.kind}` })),
      });
    }
  },
});
