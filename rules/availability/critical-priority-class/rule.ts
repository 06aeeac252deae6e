// availability/critical-priority-class: critical workloads need a priorityClassName, and a priorityClassName must name a PriorityClass that exists.
import { defineRule } from "../../api.js";
import { looksLikePatch } from "../../model/intent.js";
import { podTemplateOf } from "../../model/podspec.js";
import { partnerCouldBeInScope } from "../../model/units.js";
import { templateControllerOf } from "../../model/workloads.js";
import { isConfiguredCritical } from "../../resources/qos-not-guaranteed/rule.js";

/** Built into every cluster (the scheduling plugin creates them). */
const BUILT_IN = ["system-cluster-critical", "system-node-critical"];
const KINDS = ["Deployment", "StatefulSet", "DaemonSet", "Job", "CronJob", "Pod", "ReplicaSet", "ReplicationController"];

export default defineRule({
  meta: {
    id: "availability/critical-priority-class",
    title: "Critical workloads need a priorityClassName that exists",
    defaultSeverity: "warning",
    kinds: KINDS,
    crossObject: true,
    fix: "none",
    guide: "§1 High Availability — no single points of failure",
    sources: { polaris: ["priorityClassNotSet"] },
  },
  check(ctx) {
    const o = ctx.object;
    const t = podTemplateOf(o);
    if (!t || o.partial || looksLikePatch(o) || templateControllerOf(o.value)) return;
    const name = t.spec.priorityClassName;
    if (typeof name !== "string" || name === "") {
      if (!isConfiguredCritical(o, ctx.config)) return;
      ctx.report({
        message: `${o.kind} "${o.name}" is listed in criticalWorkloads but sets no priorityClassName: under resource pressure the scheduler may leave it pending and may preempt it for any other pod of the default priority.`,
        path: [...t.specPath, "priorityClassName"],
      });
      return;
    }
    if (BUILT_IN.includes(name) || ctx.index.named("PriorityClass", "", name).length > 0) return;
    // Only judge when PriorityClasses are deployed with the workload: otherwise the platform provides them.
    if (!partnerCouldBeInScope(o, ctx.index.ofKind("PriorityClass"))) return;
    ctx.report({
      message: `${o.kind} "${o.name}" sets priorityClassName "${name}", but no PriorityClass of that name is in scope although others deployed with it are; the API server rejects its pods ("no PriorityClass with name ${name} was found").`,
      path: [...t.specPath, "priorityClassName"],
    });
  },
});
