// observability/store-gateway-missing: blocks in object storage are only readable through a Thanos Store Gateway (guide §1A).
import { defineRule } from "../../api.js";
import { objectStorageWriters, thanosScope } from "../../model/prometheus.js";
import { objectStoragePath } from "../storage.js";

export default defineRule({
  meta: {
    id: "observability/store-gateway-missing",
    title: "Object storage in use but no Thanos Store Gateway in scope",
    defaultSeverity: "info",
    kinds: ["Prometheus", "ThanosRuler", "StatefulSet", "Deployment"],
    crossObject: true,
    fix: "none",
    guide: "§1A Prometheus & Thanos HA — Read History",
  },
  check(ctx) {
    const scope = thanosScope(ctx.index);
    if (scope.thanos.some((t) => t.component === "store")) return;
    if (!objectStorageWriters(scope).includes(ctx.object)) return;
    const o = ctx.object;
    ctx.report({
      message: `${o.kind} "${o.name}" uploads blocks to object storage, but no Thanos Store Gateway (thanos store) is in scope, so the history in the bucket cannot be queried.`,
      path: objectStoragePath(o),
      anchor: "key",
    });
  },
});
