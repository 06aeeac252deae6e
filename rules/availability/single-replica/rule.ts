// availability/single-replica: a workload meant to be highly available (listed as critical, or given a disruption budget) that runs one pod.
import { defineRule } from "../../api.js";
import { looksLikePatch } from "../../model/intent.js";
import { minimumPods } from "../../model/autoscaling.js";
import { alwaysBlocks, budgetsCovering } from "../../model/disruption.js";
import { deployedTogether } from "../../model/units.js";
import { podSourceIn } from "../../model/workloads.js";
import { isConfiguredCritical } from "../../resources/qos-not-guaranteed/rule.js";

export default defineRule({
  meta: {
    id: "availability/single-replica",
    title: "Workloads meant to be highly available must run more than one pod",
    defaultSeverity: "warning",
    kinds: ["Deployment", "StatefulSet"],
    crossObject: true,
    fix: "none",
    guide: "§1 High Availability — no single points of failure",
    sources: { kubeScore: ["deployment-replicas"] },
  },
  check(ctx) {
    const o = ctx.object;
    const source = podSourceIn(ctx.index, o);
    if (!source || looksLikePatch(o)) return;
    const { count, autoscaler } = minimumPods(ctx.index, source);
    // 0 is parked on purpose; an autoscaler's floor of 1 is autoscaling/hpa-min-replicas-one's finding.
    if (count !== 1 || autoscaler) return;
    let why: string | undefined;
    let severity: "info" | undefined;
    if (isConfiguredCritical(o, ctx.config)) why = "it is listed in criticalWorkloads";
    else {
      // A budget that never allows an eviction is availability/pdb-blocks-eviction's finding; one that allows it over a
      // single pod promises availability that one pod cannot give.
      const budget = budgetsCovering(ctx.index, source).find((b) => !alwaysBlocks(b) && b.maxUnavailable !== undefined && deployedTogether(b.object, o));
      if (budget) why = `PodDisruptionBudget "${budget.object.name}" is meant to keep it available, but with one pod every eviction it allows is an outage`;
      // Generators give every component a budget (jsonnet libraries, charts), singletons included: a hint, not proof.
      severity = "info";
    }
    if (!why) return;
    ctx.report({
      message: `${o.kind} "${o.name}" runs a single pod although ${why}; a node drain, a crash or a rollout of that pod stops the service. Run at least 2 replicas, spread across nodes.`,
      path: source.replicasWritten ? ["spec", "replicas"] : ["metadata", "name"],
      severity,
    });
  },
});
