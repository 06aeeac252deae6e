// availability/pdb-blocks-eviction: a PodDisruptionBudget that allows no voluntary disruption blocks every drain (guide §3B).
import { deployedTogether } from "../../model/units.js";
import { defineRule } from "../../api.js";
import { minimumPods } from "../../model/autoscaling.js";
import { alwaysBlocks, disruptionBudgetOf, disruptionsAllowed, needsExpectedScale, sourcesCoveredBy, UNSCALABLE_POD_OWNERS } from "../../model/disruption.js";
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
    // Only workloads deployed with the budget meet it in a cluster.
    const covered = sourcesCoveredBy(ctx.index, b).filter((s) => deployedTogether(s.object, b.object));
    if (covered.length === 0) return;
    const rule = `${field}: ${field === "minAvailable" ? b.minAvailable : b.maxUnavailable}`;
    const unscalable = covered.find((s) => UNSCALABLE_POD_OWNERS.includes(s.object.kind));
    if (unscalable && needsExpectedScale(b)) {
      // No fix: switching to maxUnavailable does not help; only an integer minAvailable counts such pods.
      ctx.report({
        message: `PodDisruptionBudget "${b.object.name}" sets ${rule} but selects the pods of ${unscalable.object.kind} "${unscalable.object.name}", which has no scale subresource: the disruption controller cannot count the expected pods and allows no eviction. Use an integer minAvailable for such pods.`,
        path,
      });
      return;
    }
    let expected = 0;
    for (const s of covered) {
      const m = minimumPods(ctx.index, s);
      // Autoscaled pods are availability/pdb-min-available-exceeds-hpa's case; DaemonSet counts depend on the cluster.
      if (m.autoscaler || m.count === undefined) return;
      expected += m.count;
    }
    // No pods (replicas: 0): there is nothing to evict, so nothing to block.
    if (expected === 0) return;
    const allowed = disruptionsAllowed(b, expected);
    if (allowed === undefined || allowed > 0) return;
    const names = covered.map((s) => `${s.object.kind} "${s.object.name}"`).join(", ");
    ctx.report({
      message: `PodDisruptionBudget "${b.object.name}" allows no eviction: ${rule} with ${expected} pod${expected === 1 ? "" : "s"} (${names}); every node drain and cluster upgrade blocks on them.`,
      path, fix,
    });
  },
});
