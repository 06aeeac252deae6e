// availability/pdb-unhealthy-pod-eviction: a PodDisruptionBudget should let drains evict pods that are not ready (unhealthyPodEvictionPolicy: AlwaysAllow).
import { defineRule } from "../../api.js";
import { setField } from "../../model/edit.js";
import { getIn } from "../../model/object.js";
import { alwaysBlocks, disruptionBudgetOf } from "../../model/disruption.js";

export default defineRule({
  meta: {
    id: "availability/pdb-unhealthy-pod-eviction",
    title: "PodDisruptionBudgets should allow evicting unhealthy pods (unhealthyPodEvictionPolicy: AlwaysAllow)",
    defaultSeverity: "info",
    kinds: ["PodDisruptionBudget"],
    crossObject: false,
    fix: "unsafe", // it changes which pods a drain may evict: offered, never in fix-all
    guide: "§3B Pod Disruption Budgets",
    sources: { kubeLinter: ["pdb-unhealthy-pod-eviction-policy"] },
  },
  check(ctx) {
    const o = ctx.object;
    // The field exists in policy/v1 only (beta in 1.27, GA in 1.31); policy/v1beta1 drops it.
    if (o.apiVersion !== "policy/v1") return;
    const b = disruptionBudgetOf(o);
    // A budget that selects nothing or never allows an eviction has a bigger problem, reported by its own rule.
    if (!b || !b.selector || alwaysBlocks(b)) return;
    const policy = getIn(o.value, ["spec", "unhealthyPodEvictionPolicy"]);
    // An explicit IfHealthyBudget is a decision (a quorum system that must not lose a recovering member); only the default is reported.
    if (policy !== undefined && policy !== null) return;
    ctx.report({
      message: `PodDisruptionBudget "${o.name}" leaves unhealthyPodEvictionPolicy at its default (IfHealthyBudget): pods that run but are not ready can be evicted only while the budget is satisfied, so a rollout whose pods never become ready blocks node drains; set AlwaysAllow.`,
      path: ["spec", "unhealthyPodEvictionPolicy"],
      anchor: "key",
      fix: () => {
        const edit = setField(o, ["spec", "unhealthyPodEvictionPolicy"], "AlwaysAllow");
        return edit && { title: `Set unhealthyPodEvictionPolicy: AlwaysAllow in PodDisruptionBudget "${o.name}"`, safe: false, edits: [edit] };
      },
    });
  },
});
