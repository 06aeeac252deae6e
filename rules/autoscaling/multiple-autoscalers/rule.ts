// autoscaling/multiple-autoscalers: two HPAs (or an HPA and a KEDA ScaledObject) on one workload fight over its replicas (guide §3C).
import { defineRule } from "../../api.js";
import { autoscalersOf, type Autoscaler } from "../../model/autoscaling.js";
import { getIn } from "../../model/object.js";

/** KEDA adopts an existing HPA named in `advanced.horizontalPodAutoscalerConfig.name` when asked to: then they are one. */
function adopts(scaledObject: Autoscaler, hpa: Autoscaler): boolean {
  if (scaledObject.object.kind !== "ScaledObject" || hpa.object.kind !== "HorizontalPodAutoscaler") return false;
  const transfer = scaledObject.object.annotations["scaledobject.keda.sh/transfer-hpa-ownership"] === "true";
  return transfer && getIn(scaledObject.object.value, ["spec", "advanced", "horizontalPodAutoscalerConfig", "name"]) === hpa.object.name;
}

export default defineRule({
  meta: {
    id: "autoscaling/multiple-autoscalers",
    title: "A workload must have one autoscaler (not two HPAs, nor an HPA and a KEDA ScaledObject)",
    defaultSeverity: "error",
    kinds: ["Deployment", "StatefulSet", "ReplicaSet", "ReplicationController"],
    crossObject: true,
    fix: "none",
    guide: "§3C Autoscaling — HPA/VPA hygiene",
  },
  check(ctx) {
    const o = ctx.object;
    // autoscalersOf pairs only autoscalers deployed with the workload (model/units.ts), by kind, name and group.
    const all = autoscalersOf(ctx.index, o);
    const distinct = all.filter((a) => !all.some((b) => b !== a && adopts(b, a)));
    // Plain files without a namespace in one folder are often alternatives (`hpa-cpu.yaml` or `hpa-gpu.yaml`): two
    // autoscalers are known to run together when one file, one kustomize build or a written namespace holds both.
    const together = (a: Autoscaler, b: Autoscaler) => a.object.uri === b.object.uri || a.object.units.some((u) => u.startsWith("k:") && b.object.units.includes(u))
      || (a.object.namespacePinned && b.object.namespacePinned);
    if (!distinct.some((a) => distinct.some((b) => b !== a && b.object.name !== a.object.name && together(a, b)))) return;
    // The same autoscaler written twice (an overlay, a second install variant) is one object in the cluster.
    const names = [...new Set(distinct.map((a) => `${a.object.kind} "${a.object.name}"`))].sort();
    if (names.length < 2) return;
    ctx.report({
      message: `${o.kind} "${o.name}" is scaled by ${names.length} autoscalers (${names.join(", ")}); each sets its replicas from its own metrics, so they undo each other and the count flaps. Keep one (KEDA creates its own HPA).`,
      path: ["metadata", "name"],
    });
  },
});
