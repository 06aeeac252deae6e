// autoscaling/replicas-with-hpa: a workload managed by an autoscaler must not also set spec.replicas (guide §3C).
import { defineRule } from "../../api.js";
import { removeField } from "../../model/edit.js";
import { getIn } from "../../model/object.js";
import { autoscalersOf } from "../../model/autoscaling.js";
import { groupOf, SCALABLE_KINDS } from "../../model/workloads.js";

export default defineRule({
  meta: {
    id: "autoscaling/replicas-with-hpa",
    title: "Workloads scaled by an HPA must not set spec.replicas",
    defaultSeverity: "warning",
    kinds: SCALABLE_KINDS,
    crossObject: true,
    appliesTo: "files", // the API server always sets spec.replicas on live objects; only the manifest can leave it out
    fix: "unsafe",
    guide: "§3C Autoscaling",
  },
  check(ctx) {
    const o = ctx.object;
    if (o.partial || !["apps", "extensions", ""].includes(groupOf(o.apiVersion))) return;
    if (typeof getIn(o.value, ["spec", "replicas"]) !== "number") return;
    const [a] = autoscalersOf(ctx.index, o);
    if (!a) return;
    ctx.report({
      message: `${o.kind} "${o.name}" sets spec.replicas although ${a.object.kind} "${a.object.name}" scales it; every apply or GitOps sync resets the replica count the autoscaler chose.`,
      path: ["spec", "replicas"],
      anchor: "key",
      // Unsafe: with client-side `kubectl apply`, dropping a field from the manifest once scales the
      // workload to the default of 1 pod until the autoscaler reacts (see docs: run edit-last-applied first).
      fix: () => {
        const e = removeField(o, ["spec", "replicas"]);
        return e && { title: `Remove spec.replicas from ${o.kind} "${o.name}" (the autoscaler owns it)`, safe: false, edits: [e] };
      },
    });
  },
});
