// status/prometheus-replica-unavailable: a live prometheus-operator Prometheus with fewer replicas available than it asks for (guide §1A).
import { defineRule } from "../../api.js";
import { getIn } from "../../model/object.js";
import { isMonitoringResource } from "../../model/prometheus.js";

export default defineRule({
  meta: {
    id: "status/prometheus-replica-unavailable",
    title: "Every replica of a Prometheus pair must be available",
    defaultSeverity: "warning",
    kinds: ["Prometheus"],
    crossObject: false,
    fix: "none",
    guide: "§1A Prometheus & Thanos HA",
  },
  check(ctx) {
    const o = ctx.object;
    if (!isMonitoringResource(o, "Prometheus")) return;
    const available = getIn(o.value, ["status", "availableReplicas"]);
    if (typeof available !== "number") return;
    const specReplicas = getIn(o.value, ["spec", "replicas"]);
    const shards = getIn(o.value, ["spec", "shards"]);
    // status counts pods over all shards; the operator defaults replicas and shards to 1.
    const desired = (typeof specReplicas === "number" ? specReplicas : 1) * (typeof shards === "number" && shards > 0 ? shards : 1);
    if (desired === 0 || available >= desired) return;
    const impact = available === 0
      ? "nothing is scraping targets or evaluating alerts"
      : "the pair has lost its redundancy: one more failure and scrapes and alerts stop";
    ctx.report({
      message: `Prometheus "${o.name}" has ${available} of ${desired} replicas available: ${impact}.`,
      path: ["status", "availableReplicas"],
      severity: available === 0 ? "error" : undefined,
    });
  },
});
