// availability/pdb-min-available-exceeds-hpa: minAvailable at or above the autoscaler's floor blocks drains whenever it scales in (guide §3B, §3C).
import { deployedTogether } from "../../model/units.js";
import { defineRule } from "../../api.js";
import { type Autoscaler, minimumPods } from "../../model/autoscaling.js";
import { disruptionBudgetOf, scaled, sourcesCoveredBy } from "../../model/disruption.js";
import { switchToMaxUnavailable } from "../switch-to-max-unavailable.js";

export default defineRule({
  meta: {
    id: "availability/pdb-min-available-exceeds-hpa",
    title: "A PDB's minAvailable must stay below the HPA's minReplicas",
    defaultSeverity: "warning",
    kinds: ["PodDisruptionBudget"],
    crossObject: true,
    fix: "unsafe",
    guide: "§3B Pod Disruption Budgets; §3C Autoscaling",
  },
  check(ctx) {
    const b = disruptionBudgetOf(ctx.object);
    if (!b || !b.selector || b.minAvailable === undefined || b.maxUnavailable !== undefined) return;
    if (b.minAvailable === "100%") return; // always blocks: availability/pdb-blocks-eviction
    // Only workloads deployed with the budget meet it in a cluster.
    const covered = sourcesCoveredBy(ctx.index, b).filter((s) => deployedTogether(s.object, b.object));
    let floor = 0;
    const scalers: { a: Autoscaler; target: string }[] = [];
    for (const s of covered) {
      const m = minimumPods(ctx.index, s);
      if (m.count === undefined) return;
      floor += m.count;
      if (m.autoscaler) scalers.push({ a: m.autoscaler, target: `${s.object.kind} "${s.object.name}"` });
    }
    if (scalers.length === 0) return;
    // Scaled to zero there is nothing to evict; on the way it runs one pod, the smallest size a drain meets.
    const smallest = Math.max(floor, 1);
    const keep = scaled(b.minAvailable, smallest);
    if (keep === undefined || keep < smallest) return;
    const [{ a, target }] = scalers;
    ctx.report({
      message: `PodDisruptionBudget "${b.object.name}" keeps minAvailable: ${b.minAvailable}, but ${a.object.kind} "${a.object.name}" may scale ${target} down to ${a.minReplicas} pod${a.minReplicas === 1 ? "" : "s"}${scalers.length > 1 || covered.length > 1 ? ` (${floor} in all)` : ""}; ${floor === 0 ? "at 1 pod" : "at that size"} no pod can be evicted and node drains block.`,
      path: ["spec", "minAvailable"],
      fix: () => switchToMaxUnavailable(ctx.object, true),
    });
  },
});
