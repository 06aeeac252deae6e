// status/pdb-disruptions-blocked: a live PodDisruptionBudget whose status allows no voluntary disruption right now (guide §3B).
import { defineRule } from "../../api.js";
import { asArray, getIn } from "../../model/object.js";

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
    const healthy = getIn(status, ["currentHealthy"]);
    const desired = getIn(status, ["desiredHealthy"]);
    // A failed sync (a DaemonSet's or Job's pods under maxUnavailable or a percentage, a pod whose controller is
    // gone): the controller's failSafe sets disruptionsAllowed to 0 and leaves the counts as they were.
    const syncFailed = asArray(getIn(status, ["conditions"])).find((c) =>
      getIn(c, ["type"]) === "DisruptionAllowed" && getIn(c, ["status"]) === "False" && getIn(c, ["reason"]) === "SyncFailed");
    if (syncFailed) {
      const why = getIn(syncFailed, ["message"]);
      ctx.report({
        message: `PodDisruptionBudget "${ctx.object.name}" allows no disruption: the disruption controller cannot compute it${typeof why === "string" && why ? ` (${why})` : ""}, so every eviction of its pods is refused; use an integer minAvailable for pods without a scalable controller.`,
        path: ["status", "disruptionsAllowed"],
      });
      return;
    }
    // A budget that selects no pods blocks nothing; that is a different problem (a selector that matches nothing).
    // Healthy pods but none expected: they have no controller, which maxUnavailable and percentages cannot count.
    if (expected === 0 && !(typeof healthy === "number" && healthy > 0)) return;
    if (expected === 0) {
      const neither = getIn(ctx.object.value, ["spec", "minAvailable"]) === undefined && getIn(ctx.object.value, ["spec", "maxUnavailable"]) === undefined;
      ctx.report({
        message: neither
          ? `PodDisruptionBudget "${ctx.object.name}" allows no disruption: it sets neither minAvailable nor maxUnavailable, so the disruption controller expects no pods and refuses every eviction of its ${healthy} healthy pod${healthy === 1 ? "" : "s"}; set maxUnavailable.`
          : `PodDisruptionBudget "${ctx.object.name}" allows no disruption: its ${healthy} healthy pod${healthy === 1 ? " has" : "s have"} no controller, so the disruption controller expects no pods and refuses every eviction; use an integer minAvailable for bare pods.`,
        path: ["status", "disruptionsAllowed"],
      });
      return;
    }
    const counts = typeof healthy === "number" && typeof desired === "number" ? ` (${healthy} healthy, ${desired} required)` : "";
    ctx.report({
      message: `PodDisruptionBudget "${ctx.object.name}" allows no disruption right now${counts}: node drains and cluster upgrades will stall until more pods are ready or the budget is relaxed.`,
      path: ["status", "disruptionsAllowed"],
    });
  },
});
