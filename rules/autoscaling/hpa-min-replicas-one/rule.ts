// autoscaling/hpa-min-replicas-one: an autoscaler whose floor is one pod leaves the workload without a spare whenever load is low.
import { defineRule } from "../../api.js";
import { setField } from "../../model/edit.js";
import { getIn } from "../../model/object.js";
import { autoscalerOf } from "../../model/autoscaling.js";

export default defineRule({
  meta: {
    id: "autoscaling/hpa-min-replicas-one",
    title: "Autoscalers should keep at least two pods (minReplicas ≥ 2)",
    defaultSeverity: "warning",
    kinds: ["HorizontalPodAutoscaler", "ScaledObject"],
    crossObject: false,
    fix: "unsafe", // two pods cost more than one: the user's choice
    guide: "§3C Autoscaling",
    sources: { kubeLinter: ["hpa-minimum-three-replicas"] },
  },
  check(ctx) {
    const o = ctx.object;
    const a = autoscalerOf(o);
    if (!a || a.minReplicas !== 1) return;
    // KEDA's floor is written minReplicaCount and defaults to 0 (scale to zero, deliberate); only a written 1 counts there.
    if (o.kind === "ScaledObject" && getIn(o.value, a.minReplicasPath as string[]) !== 1) return;
    // A workload that may never run more than one pod is not meant to be highly available.
    if (a.maxReplicas !== undefined && a.maxReplicas < 2) return;
    const written = getIn(o.value, a.minReplicasPath as string[]) !== undefined;
    const field = a.minReplicasPath[a.minReplicasPath.length - 1];
    ctx.report({
      message: `${o.kind} "${o.name}" ${written ? `sets ${field}: 1` : "leaves minReplicas at its default of 1"}: at low load ${a.target.kind} "${a.target.name}" runs a single pod, and a node drain, a crash or a rollout takes it down until a new pod is ready.`,
      path: written ? [...a.minReplicasPath] : ["spec"],
      anchor: written ? "value" : "key",
      fix: () => {
        const edit = setField(o, [...a.minReplicasPath], 2);
        return edit && { title: `Set ${field}: 2 on ${o.kind} "${o.name}"`, safe: false, edits: [edit] };
      },
    });
  },
});
