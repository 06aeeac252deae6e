// status/pdb-disruptions-blocked: a live PodDisruptionBudget whose status allows no voluntary disruption right now (guide §3B).
import { defineRule } from "../../api.js";
import { getIn } from "../../model/object.js";

export default defineRule({
  meta: {
    id: "status/pdb-disruptions-blocked",
    title: "A PodDisruptionBudget allows no disruption right now",
    defaultSeverity: "warning",
    kinds: ["PodDisruptionBudget"],
    crossObject: false,
    fix: "none",
    guide: "§3B Pod Disruption Budgets",
  },
  check(ctx) {
    const status = ctx.object.value.status;
    const allowed = getIn(status, ["disruptionsAllowed"]);
    if (typeof allowed !== "number" || allowed > 0) return;
    const expected = getIn(status, ["expectedPods"]);
    // A budget that selects no pods blocks nothing; that is a different problem (a selector that matches nothing).
    if (expected === 0) return;
    const healthy = getIn(status, ["currentHealthy"]);
    const desired = getIn(status, ["desiredHealthy"]);
    const counts = typeof healthy === "number" && typeof desired === "number" ? ` (${healthy} healthy, ${desired} required)` : "";
    ctx.report({
      message: `PodDisruptionBudget "${ctx.object.name}" allows no disruption right now${counts}: node drains and cluster upgrades will stall until more pods are ready or the budget is relaxed.`,
      path: ["status", "disruptionsAllowed"],
    });
  },
});
