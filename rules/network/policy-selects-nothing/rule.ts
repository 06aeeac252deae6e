// network/policy-selects-nothing: a NetworkPolicy whose podSelector matches no workload protects nothing (guide §2A).
import { partnerCouldBeInScope } from "../../model/units.js";
import { defineRule } from "../../api.js";
import { networkPolicyOf } from "../../model/netpol.js";
import { describeSelector, isEmptySelector, selectorMatches } from "../../model/selectors.js";
import { podsLikelyExist, podSourcesIn } from "../../model/workloads.js";

export default defineRule({
  meta: {
    id: "network/policy-selects-nothing",
    title: "NetworkPolicies must select pods",
    defaultSeverity: "warning",
    kinds: ["NetworkPolicy"],
    crossObject: true,
    fix: "none",
    sources: { kubeLinter: ["dangling-networkpolicy"] },
    guide: "§2A Network Policies (Zero Trust)",
  },
  check(ctx) {
    const p = networkPolicyOf(ctx.object);
    if (!p || isEmptySelector(p.podSelector)) return;
    const ns = p.object.namespace;
    const sources = podSourcesIn(ctx.index, ns);
    // Only judge when the namespace's workloads are in scope, and not when a Service shows such pods exist anyway.
    if (!partnerCouldBeInScope(p.object, sources.map((s) => s.object)) || sources.some((s) => selectorMatches(p.podSelector, s.podLabels))) return;
    if (podsLikelyExist(ctx.index, ns, p.podSelector)) return;
    ctx.report({
      message: `NetworkPolicy "${p.object.name}" selects no pods of any workload in scope in namespace "${ns}" (${describeSelector(p.podSelector)}); its rules apply to nothing.`,
      path: ["spec", "podSelector"],
      anchor: "key",
    });
  },
});
