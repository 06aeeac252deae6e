// availability/replicas-without-spread: several replicas with nothing that keeps them off one node (no pod anti-affinity, no topology spread).
import { defineRule } from "../../api.js";
import { asArray, getIn } from "../../model/object.js";
import { minimumPods } from "../../model/autoscaling.js";
import { podSourceIn } from "../../model/workloads.js";

export default defineRule({
  meta: {
    id: "availability/replicas-without-spread",
    title: "Workloads with several replicas should spread them across nodes (pod anti-affinity or topology spread constraints)",
    defaultSeverity: "warning",
    kinds: ["Deployment", "StatefulSet"],
    crossObject: true,
    fix: "none",
    guide: "§3B High availability — spreading replicas",
    sources: { kubeLinter: ["no-anti-affinity"], polaris: ["topologySpreadConstraint"], kubeScore: ["deployment-has-host-podantiaffinity", "statefulset-has-host-podantiaffinity"] },
  },
  check(ctx) {
    const o = ctx.object;
    const source = podSourceIn(ctx.index, o);
    if (!source?.template) return;
    const { count, autoscaler } = minimumPods(ctx.index, source);
    if (count === undefined || count < 2) return;
    const spec = source.template.spec;
    const anti = getIn(spec, ["affinity", "podAntiAffinity"]);
    const hasAnti = asArray(getIn(anti, ["requiredDuringSchedulingIgnoredDuringExecution"])).length > 0
      || asArray(getIn(anti, ["preferredDuringSchedulingIgnoredDuringExecution"])).length > 0;
    if (hasAnti || asArray(spec.topologySpreadConstraints).length > 0) return;
    const why = autoscaler ? `${autoscaler.object.kind} "${autoscaler.object.name}" keeps at least ${count} pods` : `it runs ${count} pods`;
    ctx.report({
      message: `${o.kind} "${o.name}" has neither pod anti-affinity nor topologySpreadConstraints although ${why}; the scheduler's default spreading is only a preference, so several replicas can land on one node or zone and fail together.`,
      path: source.replicasWritten && !autoscaler ? ["spec", "replicas"] : [...source.template.specPath],
      anchor: source.replicasWritten && !autoscaler ? "value" : "key",
    });
  },
});
