// autoscaling/vpa-hpa-conflict: a VPA that updates pods and an HPA scaling on the same cpu/memory fight each other (guide §3C).
import { defineRule } from "../../api.js";
import { autoscalersIn, resourceMetricsOf } from "../../model/autoscaling.js";
import { setField } from "../../model/edit.js";
import { asArray, asObject, getIn } from "../../model/object.js";
import { groupOf } from "../../model/workloads.js";

/** updateMode values in which the VPA changes running pods' requests (Auto is the default). */
const ACTING = ["Auto", "Recreate", "InPlaceOrRecreate"];

export default defineRule({
  meta: {
    id: "autoscaling/vpa-hpa-conflict",
    title: "A VPA in Auto mode and an HPA must not both act on CPU or memory of one workload",
    defaultSeverity: "warning",
    kinds: ["VerticalPodAutoscaler"],
    crossObject: true,
    fix: "unsafe",
    guide: "§3C Autoscaling — HPA and VPA",
  },
  check(ctx) {
    const vpa = ctx.object;
    if (groupOf(vpa.apiVersion) !== "autoscaling.k8s.io" || vpa.partial) return;
    const mode = getIn(vpa.value, ["spec", "updatePolicy", "updateMode"]);
    if (!ACTING.includes(typeof mode === "string" ? mode : "Auto")) return;
    const ref = asObject(getIn(vpa.value, ["spec", "targetRef"]));
    if (!ref) return;
    const controlled = vpaControlledResources(vpa.value);
    for (const a of autoscalersIn(ctx.index, vpa.namespace)) {
      // A KEDA ScaledObject's cpu/memory triggers become the same Resource metrics of the HPA it creates.
      if (a.target.kind !== ref.kind || a.target.name !== ref.name) continue;
      const both = [...new Set(resourceMetricsOf(a.object).map((m) => m.resource))].filter((r) => controlled.has(r));
      if (both.length === 0) continue;
      const modeWritten = typeof mode === "string";
      ctx.report({
        message: `VerticalPodAutoscaler "${vpa.name}" (updateMode ${modeWritten ? mode : "Auto, the default"}) changes the ${both.join(" and ")} requests of ${String(ref.kind)} "${String(ref.name)}" while ${a.object.kind} "${a.object.name}" scales it on ${both.join(" and ")}; each undoes the other's decision.`,
        path: modeWritten ? ["spec", "updatePolicy", "updateMode"] : ["spec", "targetRef"],
        anchor: modeWritten ? "value" : "key",
        key: a.object.name,
        // Unsafe: turning the VPA into a recommender changes what runs; the alternative is an HPA on a custom metric.
        fix: () => {
          const e = setField(vpa, ["spec", "updatePolicy", "updateMode"], "Off");
          return e && { title: `Set updateMode: "Off" on VerticalPodAutoscaler "${vpa.name}" (recommendations only)`, safe: false, edits: [e] };
        },
      });
    }
  },
});

/** Resources the VPA updates: controlledResources of the "*" policy (default cpu and memory), none when its mode is Off. */
function vpaControlledResources(value: unknown): Set<string> {
  const policies = asArray(getIn(value, ["spec", "resourcePolicy", "containerPolicies"])).map(asObject);
  const all = policies.find((p) => p?.containerName === "*");
  if (all?.mode === "Off") return new Set();
  const list = asArray(all?.controlledResources).filter((r): r is string => typeof r === "string");
  return new Set(list.length ? list : ["cpu", "memory"]);
}
