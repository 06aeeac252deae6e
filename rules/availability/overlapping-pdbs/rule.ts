// availability/overlapping-pdbs: pods covered by two PodDisruptionBudgets cannot be evicted at all (guide §3B).
import { deployedTogether } from "../../model/units.js";
import { defineRule } from "../../api.js";
import { budgetsCovering, disruptionBudgetOf, sourcesCoveredBy } from "../../model/disruption.js";

export default defineRule({
  meta: {
    id: "availability/overlapping-pdbs",
    title: "A pod must not be selected by more than one PodDisruptionBudget",
    defaultSeverity: "warning",
    kinds: ["PodDisruptionBudget"],
    crossObject: true,
    fix: "none",
    guide: "§3B Pod Disruption Budgets",
  },
  check(ctx) {
    const b = disruptionBudgetOf(ctx.object);
    if (!b || !b.selector) return;
    const reported = new Set<string>();
    // Only budgets and workloads deployed together meet in a cluster: two examples that share an assumed namespace do not.
    for (const s of sourcesCoveredBy(ctx.index, b).filter((x) => deployedTogether(x.object, b.object))) {
      for (const other of budgetsCovering(ctx.index, s).filter((x) => deployedTogether(x.object, b.object) && deployedTogether(x.object, s.object))) {
        // Same name in the same namespace is the same API object written twice (an overlay, a second install
        // variant in the repository); only one of them can exist in the cluster.
        if (other.object.name === b.object.name || reported.has(other.object.name)) continue;
        reported.add(other.object.name);
        ctx.report({
          message: `PodDisruptionBudget "${b.object.name}" and "${other.object.name}" both select the pods of ${s.object.kind} "${s.object.name}"; the eviction API refuses to evict a pod with more than one budget, so drains block on them.`,
          path: ["spec", "selector"],
          anchor: "key",
          key: other.object.name,
        });
      }
    }
  },
});
