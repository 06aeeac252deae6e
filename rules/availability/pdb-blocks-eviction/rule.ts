// availability/pdb-blocks-eviction: a PodDisruptionBudget that allows no voluntary disruption blocks every drain (guide §3B).
import { defineRule } from "../../api.js";
import { minimumPods } from "../../model/autoscaling.js";
import { alwaysBlocks, disruptionBudgetOf, disruptionsAllowed, sourcesCoveredBy } from "../../model/disruption.js";
import { switchToMaxUnavailable } from "../switch-to-max-unavailable.js";

export default defineRule({
  meta: {
    id: "availability/pdb-blocks-eviction",
    title: "PodDisruptionBudgets must allow at least one voluntary disruption",
    defaultSeverity: "warning",
    kinds: ["PodDisruptionBudget"],
    crossObject: true,
    fix: "unsafe",
    guide: "§3B Pod Disruption Budgets",
    sources: { kubeLinter: ["pdb-max-unavailable", "pdb-min-available"] },
  },
  check(ctx) {
    const b = disruptionBudgetOf(ctx.object);
    if (!b || !b.selector) return;
    const field = b.maxUnavailable !== undefined ? "maxUnavailable" : b.minAvailable !== undefined ? "minAvailable" : undefined;
    const path = field ? ["spec", field] : ["spec"];
    const fix = () => switchToMaxUnavailable(ctx.object, b.maxUnavailable === undefined && b.minAvailable !== undefined);
    const always = alwaysBlocks(b);
    if (always) {
      ctx.report({
        message: `PodDisruptionBudget "${b.object.name}" sets ${always}: it never allows an eviction, so every node drain and cluster upgrade blocks on its pods.`,
        path, fix,
      });
      return;
    }
    const covered = sourcesCoveredBy(ctx.index, b);
    if (covered.length === 0) return;
    let expected = 0;
    for (const s of covered) {
      const m = minimumPods(ctx.index, s);
      // Autoscaled pods are availability/pdb-min-available-exceeds-hpa's case; DaemonSet counts depend on the cluster.
      if (m.autoscaler || m.count === undefined) return;
      expected += m.count;
    }
    const allowed = disruptionsAllowed(b, expected);
    if (allowed === undefined || allowed > 0) return;
    const names = covered.map((s) => `${s.object.kind} "${s.object.name}"`).join(", ");
    const rule = `${field}: ${field === "minAvailable" ? b.minAvailable : b.maxUnavailable}`;
    ctx.report({
      message: `PodDisruptionBudget "${b.object.name}" allows no eviction: ${rule} with ${expected} pod${expected === 1 ? "" : "s"} (${names}); every node drain and cluster upgrade blocks on them.`,
      path, fix,
    });
  },
});
