// autoscaling/hpa-min-replicas-with-pdb: an HPA may scale a PDB-protected workload down to one pod (guide §3B, §3C).
import { deployedTogether } from "../../model/units.js";
import { defineRule } from "../../api.js";
import { setField } from "../../model/edit.js";
import { getIn, type KObject } from "../../model/object.js";
import { autoscalerOf, autoscalerTargets } from "../../model/autoscaling.js";
import { budgetsCovering, type DisruptionBudget } from "../../model/disruption.js";
import { podSourceIn } from "../../model/workloads.js";

export default defineRule({
  meta: {
    id: "autoscaling/hpa-min-replicas-with-pdb",
    title: "An HPA of a workload with a PodDisruptionBudget needs minReplicas of at least 2",
    defaultSeverity: "warning",
    kinds: ["HorizontalPodAutoscaler", "ScaledObject"],
    crossObject: true,
    fix: "unsafe",
    sources: { kubeLinter: ["hpa-minimum-replicas"] },
    guide: "§3B Pod Disruption Budgets; §3C Autoscaling",
  },
  check(ctx) {
    const a = autoscalerOf(ctx.object);
    // `!(x < 2)`: a placeholder minimum (NaN, `${MIN}` filled in before apply) is unknown, not small.
    if (!a || !(a.minReplicas < 2)) return;
    // Of several equally near variants of the target, any one protected by a budget makes the point.
    let target: KObject | undefined, budget: DisruptionBudget | undefined;
    for (const t of autoscalerTargets(ctx.index, a)) {
      const source = podSourceIn(ctx.index, t);
      const [b] = source ? budgetsCovering(ctx.index, source).filter((x) => deployedTogether(x.object, a.object)) : [];
      if (b) { target = t; budget = b; break; }
    }
    if (!target || !budget) return;
    const written = typeof getIn(a.object.value, a.minReplicasPath) === "number";
    // KEDA scales to zero only when idle; while active, the HPA it creates keeps at least one pod: the size a drain meets.
    const size = a.object.kind === "ScaledObject" && a.minReplicas === 0
      ? `1 pod while active (0 when idle, minReplicaCount ${written ? "0" : "0 by default"})`
      : `${a.minReplicas} pod${a.minReplicas === 1 ? "" : "s"}${written ? "" : " (the default)"}`;
    ctx.report({
      message: `${a.object.kind} "${a.object.name}" may scale ${target.kind} "${target.name}" down to ${size}, although PodDisruptionBudget "${budget.object.name}" protects it; at that size a drain either takes the service down or is blocked.`,
      path: written ? a.minReplicasPath : ["spec", "scaleTargetRef"],
      anchor: written ? "value" : "key",
      // Unsafe: a second pod at all times costs capacity; the owner decides.
      fix: () => {
        const e = setField(a.object, a.minReplicasPath, 2);
        return e && { title: `Set ${a.minReplicasPath[1]}: 2 on ${a.object.kind} "${a.object.name}"`, safe: false, edits: [e] };
      },
    });
  },
});
