// network/global-service-failover: a Cilium global service fails over only when every cluster's copy is global, and routes by the affinity it names (guide §1B).
import { defineRule } from "../../api.js";
import { GLOBAL_SERVICE, isGlobalService, SERVICE_AFFINITY } from "../../model/cilium.js";
import { setField } from "../../model/edit.js";
import type { KObject } from "../../model/object.js";

const AFFINITIES = ["local", "remote", "none"];

function annotationKey(o: KObject, keys: readonly string[]): string | undefined {
  return keys.find((k) => o.annotations[k] !== undefined);
}

export default defineRule({
  meta: {
    id: "network/global-service-failover",
    title: "A Cilium global service must be global in every cluster's manifests and choose its affinity",
    defaultSeverity: "warning",
    kinds: ["Service"],
    crossObject: true,
    fix: "unsafe",
    guide: "§1B Multi-Cluster Architecture (Cilium Mesh) — failover",
  },
  check(ctx) {
    const o = ctx.object;
    if (o.apiVersion !== "v1" || o.partial) return;
    if (!isGlobalService(o)) {
      // Another copy of this Service (another cluster's manifests) is global and this one is not.
      const global = ctx.index.inNamespace("Service", o.namespace).find((s) => s !== o && s.name === o.name && s.uri !== o.uri && isGlobalService(s));
      if (!global) return;
      const written = annotationKey(o, GLOBAL_SERVICE);
      ctx.report({
        message: `Service "${o.name}" is not a Cilium global service here, but its copy in ${global.uri.split("/").slice(-2).join("/")} is: the cluster deployed from this file neither shares its endpoints with the mesh nor fails over to the other clusters' pods; set ${GLOBAL_SERVICE[0]}: "true" in both.`,
        path: written ? ["metadata", "annotations", written] : ["metadata", "name"],
        key: "not-global",
        related: [{ on: global, path: ["metadata", "annotations", annotationKey(global, GLOBAL_SERVICE)!], message: "the global copy" }],
        fix: () => {
          const edit = setField(o, ["metadata", "annotations", written ?? GLOBAL_SERVICE[0]], "true");
          return edit && { title: `Mark Service "${o.name}" global (${written ?? GLOBAL_SERVICE[0]}: "true")`, safe: false, edits: [edit] };
        },
      });
      return;
    }
    const affinityKey = annotationKey(o, SERVICE_AFFINITY);
    const affinity = affinityKey ? o.annotations[affinityKey]!.toLowerCase() : undefined;
    if (affinity === undefined) {
      ctx.report({
        message: `Global Service "${o.name}" chooses no ${SERVICE_AFFINITY[0]}: Cilium then balances every request across all clusters' pods, crossing clusters even when local pods are healthy; for failover set "local" (remote pods only when no local one is ready), or "none" deliberately.`,
        path: ["metadata", "annotations", annotationKey(o, GLOBAL_SERVICE)!],
        anchor: "key",
        key: "affinity",
        severity: "info",
        fix: () => {
          const edit = setField(o, ["metadata", "annotations", SERVICE_AFFINITY[0]], "local");
          return edit && { title: `Prefer local pods, fail over to other clusters (${SERVICE_AFFINITY[0]}: local)`, safe: false, edits: [edit] };
        },
      });
    } else if (!AFFINITIES.includes(affinity)) {
      ctx.report({
        message: `Global Service "${o.name}" sets ${affinityKey} to "${o.annotations[affinityKey!]}", which Cilium does not know (local, remote or none): it is treated as none, so requests cross clusters even when local pods are healthy.`,
        path: ["metadata", "annotations", affinityKey!],
        key: "affinity",
      });
    }
  },
});
