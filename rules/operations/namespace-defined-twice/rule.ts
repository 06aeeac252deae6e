// operations/namespace-defined-twice: two different definitions of one Namespace deployed together; only the last applied survives.
import { defineRule } from "../../api.js";
import type { KObject } from "../../model/object.js";
import { deployedTogether } from "../../model/units.js";

/** What decides how the cluster treats the namespace: its labels (Pod Security, network policy selectors). */
function contentOf(o: KObject): string {
  return JSON.stringify(Object.entries(o.labels).sort());
}

/** `file:///repo/overlays/prod/ns.yaml` -> `prod/ns.yaml`: enough to find it. */
function shortPath(uri: string): string {
  return decodeURIComponent(uri.split("/").slice(-2).join("/"));
}

function differences(a: KObject, b: KObject): string[] {
  const out: string[] = [];
  const shown = (v: string | undefined) => (v === undefined ? "(none)" : v.length > 40 || v.includes("\n") ? "(another value)" : v);
  for (const k of [...new Set([...Object.keys(a.labels), ...Object.keys(b.labels)])].sort()) {
    if (a.labels[k] !== b.labels[k]) out.push(`label ${k}: ${shown(a.labels[k])} here, ${shown(b.labels[k])} there`);
  }
  return out;
}

export default defineRule({
  meta: {
    id: "operations/namespace-defined-twice",
    title: "A Namespace must be defined once (two definitions with different labels conflict)",
    defaultSeverity: "warning",
    kinds: ["Namespace"],
    crossObject: true,
    fix: "none",
    appliesTo: "files",
    guide: "§4A Upgrades — GitOps (one source of truth)",
  },
  check(ctx) {
    const o = ctx.object;
    if (o.apiVersion !== "v1" || !o.name || o.partial) return;
    const mine = contentOf(o);
    const others = ctx.index.named("Namespace", "", o.name)
      .filter((x) => x !== o && x.apiVersion === "v1" && !x.partial && deployedTogether(x, o) && contentOf(x) !== mine)
      // The same conflict is named the same way from each side, whatever order the files were read in.
      .sort((a, b) => (a.uri < b.uri ? -1 : a.uri > b.uri ? 1 : 0));
    if (others.length === 0) return;
    const other = others[0];
    const diff = differences(o, other);
    ctx.report({
      message: `Namespace "${o.name}" is also defined in ${shortPath(other.uri)}${others.length > 1 ? ` (and ${others.length - 1} more)` : ""} with different labels (${diff.slice(0, 3).join("; ")}${diff.length > 3 ? "; …" : ""}); only the definition applied last survives, so what the cluster enforces depends on apply order. Keep one definition. kubeready judges the namespace's pods under the stricter Pod Security level.`,
      path: ["metadata", "name"],
    });
  },
});
