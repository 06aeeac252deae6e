// observability/prometheus-replicas: Prometheus runs as an HA pair (guide §1A), as a resource or as a plain workload.
import { defineRule } from "../../api.js";
import { setField } from "../../model/edit.js";
import { getIn } from "../../model/object.js";
import { replicasOf } from "../../model/podspec.js";
import { isMonitoringResource, prometheusContainersOf } from "../../model/prometheus.js";

export default defineRule({
  meta: {
    id: "observability/prometheus-replicas",
    title: "Prometheus must run at least 2 replicas",
    defaultSeverity: "warning",
    kinds: ["Prometheus", "StatefulSet", "Deployment"],
    crossObject: false,
    fix: "safe",
    guide: "§1A Prometheus & Thanos HA",
  },
  check(ctx) {
    const o = ctx.object;
    const isResource = isMonitoringResource(o, "Prometheus");
    let what: string;
    if (isResource) what = `Prometheus "${o.name}"`;
    else {
      const servers = prometheusContainersOf(o);
      if (servers.length === 0) return;
      what = `${o.kind} "${o.name}" (Prometheus container "${servers[0].container.name}")`;
    }
    // The operator and the workload controllers both default to 1 replica.
    const written = isResource ? getIn(o.value, ["spec", "replicas"]) : replicasOf(o);
    const replicas = typeof written === "number" ? written : 1;
    // 0 is a deliberate pause (nothing runs), not a missing HA pair.
    if (replicas >= 2 || replicas === 0) return;
    ctx.report({
      message: typeof written === "number"
        ? `${what} runs ${replicas} replica; a single Prometheus loses scrapes and alerts whenever its pod restarts — run 2.`
        : `${what} does not set replicas, so it runs 1; a single Prometheus loses scrapes and alerts whenever its pod restarts — run 2.`,
      path: ["spec", "replicas"],
      anchor: typeof written === "number" ? "value" : "key",
      fixSafety: isResource ? "safe" : "unsafe",
      fix: () => {
        const edit = setField(o, ["spec", "replicas"], 2);
        // The operator gives each replica its own external label; a plain workload needs that done by hand,
        // so doubling it without a distinct label per pod produces duplicate series.
        return edit && { title: `Set replicas: 2 on ${o.kind} "${o.name}"`, safe: isResource, edits: [edit] };
      },
    });
  },
});
