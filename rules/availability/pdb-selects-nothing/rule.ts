// availability/pdb-selects-nothing: a PodDisruptionBudget whose selector matches no pods protects nothing (guide §3B).
import { partnerCouldBeInScope } from "../../model/units.js";
import { defineRule } from "../../api.js";
import { describeSelector } from "../../model/selectors.js";
import { disruptionBudgetOf, sourcesCoveredBy } from "../../model/disruption.js";
import { podsLikelyExist, podSourcesIn } from "../../model/workloads.js";

export default defineRule({
  meta: {
    id: "availability/pdb-selects-nothing",
    title: "PodDisruptionBudgets must select pods",
    defaultSeverity: "warning",
    kinds: ["PodDisruptionBudget"],
    crossObject: true,
    fix: "none",
    guide: "§3B Pod Disruption Budgets",
  },
  check(ctx) {
    const b = disruptionBudgetOf(ctx.object);
    if (!b) return;
    if (!b.selector) {
      ctx.report({ message: `PodDisruptionBudget "${b.object.name}" selects no pods: ${b.selectsNothingBecause}.`, path: ["spec", "selector"], anchor: "key" });
      return;
    }
    if (sourcesCoveredBy(ctx.index, b).length > 0) return;
    // Only judge when workloads deployed with the budget are in scope (else its pods come from a chart, an operator or
    // another repository), and not when a Service shows such pods exist anyway.
    if (!partnerCouldBeInScope(b.object, podSourcesIn(ctx.index, b.object.namespace).map((s) => s.object))) return;
    if (podsLikelyExist(ctx.index, b.object.namespace, b.selector)) return;
    ctx.report({
      message: `PodDisruptionBudget "${b.object.name}" selects no pods of any workload in scope in namespace "${b.object.namespace}" (${describeSelector(b.selector)}); it protects nothing.`,
      path: ["spec", "selector"],
      anchor: "key",
    });
  },
});
