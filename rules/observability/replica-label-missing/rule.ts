// observability/replica-label-missing: each Prometheus replica needs a distinct external label so Thanos can deduplicate (guide §1A).
import { defineRule, type Fix } from "../../api.js";
import { removeField } from "../../model/edit.js";
import { getIn } from "../../model/object.js";
import { replicasOf } from "../../model/podspec.js";
import { isMonitoringResource, plainExternalLabels, prometheusContainersOf } from "../../model/prometheus.js";

export default defineRule({
  meta: {
    id: "observability/replica-label-missing",
    title: "Prometheus replicas must carry a distinct replica external label",
    defaultSeverity: "warning",
    kinds: ["Prometheus", "StatefulSet", "Deployment"],
    crossObject: true,
    fix: "safe",
    guide: "§1A Prometheus & Thanos HA — Deduplication",
  },
  check(ctx) {
    const o = ctx.object;
    if (isMonitoringResource(o, "Prometheus")) {
      const replicas = getIn(o.value, ["spec", "replicas"]);
      if (getIn(o.value, ["spec", "replicaExternalLabelName"]) !== "" || typeof replicas !== "number" || replicas < 2) return;
      ctx.report({
        message: `Prometheus "${o.name}" disables its replica external label (replicaExternalLabelName: ""), so its ${replicas} replicas send identical series that a Querier cannot deduplicate.`,
        path: ["spec", "replicaExternalLabelName"],
        fix: (): Fix | undefined => {
          const edit = removeField(o, ["spec", "replicaExternalLabelName"]);
          return edit && { title: `Remove replicaExternalLabelName: "" so the operator adds prometheus_replica`, safe: true, edits: [edit] };
        },
      });
      return;
    }
    const replicas = replicasOf(o) ?? 1;
    if (replicas < 2) return;
    for (const p of prometheusContainersOf(o)) {
      // Only judged when the configuration is in scope; otherwise nothing is known about its labels.
      const ext = plainExternalLabels(ctx.index, p);
      if (!ext || ext.replicaLabels.length > 0) continue;
      ctx.report({
        message: `${o.kind} "${o.name}" runs ${replicas} Prometheus replicas but ConfigMap "${ext.configMap.name}" (${ext.key}) gives them no external label that differs per pod (${ext.viaReloader ? "e.g. replica: $(POD_NAME) in the sidecar's config template" : "e.g. replica: ${POD_NAME} with --enable-feature=expand-external-labels; Prometheus never expands $(POD_NAME)"}), so a Querier cannot deduplicate them.`,
        path: p.container.path,
        key: p.container.name,
      });
    }
  },
});
