// autoscaling/hpa-target-missing: an HPA (or a KEDA ScaledObject, which creates one) whose scaleTargetRef names nothing in scope, or something that cannot scale (guide §3C).
import { defineRule } from "../../api.js";
import { autoscalerOf, autoscalerTarget, autoscalerTargetNamed } from "../../model/autoscaling.js";
import { partnerCouldBeInScope } from "../../model/units.js";
import { podSourcesIn } from "../../model/workloads.js";

/** Built-in kinds without a scale subresource that people nevertheless point HPAs at. */
const NOT_SCALABLE = ["DaemonSet", "Job", "CronJob", "Pod"];

export default defineRule({
  meta: {
    id: "autoscaling/hpa-target-missing",
    title: "An HPA's (or KEDA ScaledObject's) scaleTargetRef must name a scalable workload in scope",
    defaultSeverity: "warning",
    kinds: ["HorizontalPodAutoscaler", "ScaledObject"],
    crossObject: true,
    fix: "none",
    guide: "§3C Autoscaling",
    sources: { kubeLinter: ["dangling-horizontalpodautoscaler"], kubeScore: ["horizontalpodautoscaler-has-target"] },
  },
  check(ctx) {
    const a = autoscalerOf(ctx.object);
    if (!a) return;
    const { kind, name } = a.target;
    if (NOT_SCALABLE.includes(kind)) {
      ctx.report({ message: `${a.object.kind} "${a.object.name}" targets a ${kind}, which has no scale subresource; it can never scale.`, path: ["spec", "scaleTargetRef", "kind"] });
      return;
    }
    // Found anywhere counts: "missing" must never be said of a target that is merely in a sibling folder.
    if (autoscalerTarget(ctx.index, a) || autoscalerTargetNamed(ctx.index, a)) return;
    // Judge only when workloads are deployed with the autoscaler: otherwise its target comes from a Helm chart, an
    // operator or another repository, and "missing" would only say that kubeready cannot see it.
    if (!partnerCouldBeInScope(a.object, podSourcesIn(ctx.index, a.object.namespace).map((s) => s.object))) return;
    ctx.report({
      message: `${a.object.kind} "${a.object.name}" targets ${kind || "(no kind)"} "${name}", which is not in namespace "${a.object.namespace}" in scope; the autoscaler does nothing (${a.object.kind === "ScaledObject" ? "KEDA reports it not ready" : "FailedGetScale"}).`,
      path: ["spec", "scaleTargetRef", "name"],
    });
  },
});
