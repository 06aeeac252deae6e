// operations/chaos-experiment-missing: critical workloads should be exercised by a chaos experiment, so their failover is a drill and not a first (guide §4C).
import { defineRule } from "../../api.js";
import { chaosTargetsIn, targetSelects } from "../../model/chaos.js";
import { podTemplateOf } from "../../model/podspec.js";
import { isConfiguredCritical } from "../../resources/qos-not-guaranteed/rule.js";

export default defineRule({
  meta: {
    id: "operations/chaos-experiment-missing",
    title: "Critical workloads should be targeted by a chaos experiment (Chaos Mesh or LitmusChaos)",
    defaultSeverity: "info",
    enabledByDefault: false,
    kinds: ["Deployment", "StatefulSet"],
    crossObject: true,
    fix: "none",
    guide: "§4C Disaster Recovery Drills — Chaos Engineering",
  },
  check(ctx) {
    const o = ctx.object;
    if (o.partial || o.namespace === "kube-system") return;
    // Critical: listed in criticalWorkloads; with no list, every Deployment and StatefulSet (the rule is opted into).
    if (ctx.config.criticalWorkloads.length > 0 && !isConfiguredCritical(o, ctx.config)) return;
    const t = podTemplateOf(o);
    if (!t) return;
    const targets = chaosTargetsIn(ctx.index);
    if (targets.some((c) => targetSelects(c, o.namespace, t.labels))) return;
    ctx.report({
      message: targets.length === 0
        ? `${o.kind} "${o.name}" is not targeted by any chaos experiment, and none is in scope: how it survives losing a pod or a node has never been drilled; schedule one (Chaos Mesh Schedule with a PodChaos, or a LitmusChaos ChaosEngine).`
        : `${o.kind} "${o.name}" is not targeted by any of the chaos experiments in scope (${[...new Set(targets.map((c) => `${c.experiment.kind} "${c.experiment.name}"`))].slice(0, 3).join(", ")}): how it survives losing a pod or a node has never been drilled.`,
      path: ["metadata", "name"],
      key: "chaos",
    });
  },
});
